"""Every request item of a collection with its JSON path, for whole-collection detectors.

Detectors that look for evidence across the collection (which idempotency header the API uses,
its token endpoint, its pagination schemes) read the raw items here, so that they stay pure
functions of the document and need none of the main walk's state.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["iter_requests", "request_headers"]


def iter_requests(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """``(json path, item)`` for every request item below ``node``, in collection order."""
    items = node.get("item") if isinstance(node, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        path = f"{where}item[{index}]"
        if isinstance(item.get("item"), list):
            yield from iter_requests(item, f"{path}.")
        elif isinstance(item.get("request"), dict):
            yield path, item


def request_headers(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The request's header entries that are objects (disabled ones included: still evidence)."""
    headers = item["request"].get("header")
    return (
        [h for h in headers if isinstance(h, dict)] if isinstance(headers, list) else []
    )
