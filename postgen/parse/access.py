"""Typed reads from untyped collection JSON: a wrong type reads as the default, never raises."""

from __future__ import annotations

from typing import Any

__all__ = ["mapping_at", "string_at"]


def string_at(node: Any, key: str, default: str = "") -> str:
    """`node[key]` when `node` is an object and the value a string; else `default`."""
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, str) else default


def mapping_at(node: Any, key: str) -> dict[str, Any]:
    """`node[key]` when it is an object; else an empty dict."""
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, dict) else {}
