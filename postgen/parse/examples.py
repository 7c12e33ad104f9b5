"""Saved example responses: status, content type and body, in every form exporters write them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from postgen.parse.bodies import parse_lenient_json

__all__ = ["Example", "read_examples", "success_responses"]

_NO_JSON = object()


@dataclass(frozen=True, slots=True)
class Example:
    """One saved response; `json` is the parsed body or None when the body is not JSON."""

    name: str
    status: int | None
    content_type: str
    body_text: str
    json: Any
    is_json: bool
    where: str
    #: The `Content-Disposition` header: `attachment; filename=...` marks a download.
    disposition: str = ""


def _header_value(headers: Any, wanted: str) -> str:
    # Headers come as a list of {key, value}, a list mixing those with "Key: value" strings,
    # one string, or null; old exporters also wrote `headers`.
    if isinstance(headers, str):
        headers = headers.splitlines()
    if not isinstance(headers, list):
        return ""
    for entry in headers:
        key: Any
        value: Any
        if isinstance(entry, dict):
            key, value = entry.get("key"), entry.get("value")
        elif isinstance(entry, str) and ":" in entry:
            key, value = entry.split(":", 1)
        else:
            continue
        if isinstance(key, str) and key.strip().lower() == wanted:
            return str(value or "").strip()
    return ""


def _status(response: dict[str, Any]) -> int | None:
    code = response.get("code")
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.strip().isdigit():
        return int(code.strip())
    return None


def _parse_json(text: str) -> Any:
    # Strict first; then as leniently as Postman's own `json()` (comments, trailing commas).
    try:
        return json.loads(text)
    except (
        ValueError,
        RecursionError,
    ):  # too deep: `postgen.bounds` cut what it could see
        ok, value = parse_lenient_json(text)
        return value if ok else _NO_JSON


def read_examples(item: dict[str, Any], where: str) -> list[Example]:
    """All examples of a request item, in collection order."""
    responses = item.get("response")
    if not isinstance(responses, list):
        return []
    examples: list[Example] = []
    for index, response in enumerate(responses):
        if not isinstance(response, dict):
            continue
        headers = response.get("header", response.get("headers"))
        content_type = _header_value(headers, "content-type").lower()
        preview = str(response.get("_postman_previewlanguage") or "").lower()
        body = response.get("body")
        text = body if isinstance(body, str) else ""
        parsed: Any = _NO_JSON
        looks_json = "json" in content_type or (
            not content_type and preview in ("json", "")
        )
        if text.strip() and (looks_json or text.lstrip()[:1] in ("{", "[")):
            parsed = _parse_json(text)
        name = response.get("name")
        examples.append(
            Example(
                name=name if isinstance(name, str) else f"example {index}",
                status=_status(response),
                content_type=content_type,
                body_text=text,
                json=None if parsed is _NO_JSON else parsed,
                is_json=parsed is not _NO_JSON,
                where=f"{where}.response[{index}]",
                disposition=_header_value(headers, "content-disposition").lower(),
            )
        )
    return examples


def success_responses(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The item's saved responses whose code, when it has one, is 2xx (raw, unparsed)."""
    responses = item.get("response")
    for response in responses if isinstance(responses, list) else []:
        if not isinstance(response, dict):
            continue
        code = response.get("code")
        if isinstance(code, int) and not 200 <= code < 300:
            continue
        yield response
