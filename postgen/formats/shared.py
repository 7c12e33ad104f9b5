"""What the format readers share: the v2.1 document shape they all produce, and its auth form."""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMA_V21", "Json", "attribute_list", "attribute_type"]

SCHEMA_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

Json = dict[str, Any]


def attribute_type(value: Any) -> str:
    """`util.typeMap`: the JSON type of the value, `any` for objects and null."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else "any"


def attribute_list(block: Any) -> list[Json]:
    """Auth attributes in v2.1 form (`[{key, value, type}]`), from the v2.1 list or an object."""
    if isinstance(block, dict):
        block = [{"key": key, "value": value} for key, value in block.items()]
    attributes: list[Json] = []
    for raw in block if isinstance(block, list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("key"), str):
            value, kind = raw.get("value"), raw.get("type")
            kind = ("string" if kind == "text" else kind) or attribute_type(value)
            attributes.append({"key": raw["key"], "value": value, "type": kind})
    return attributes
