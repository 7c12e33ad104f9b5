"""Values in v3 YAML files: text flags and numbers, and key/value sets in their map or list form.

The YAML is read with string scalars (`yaml_text`), so `disabled: true` arrives as the text
"true" and `order: 1000` as "1000"; these helpers turn them back into what v2.1 JSON holds.
"""

from __future__ import annotations

import re
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.formats.shared import Json

__all__ = ["entries", "flag", "number", "status_code", "text"]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def flag(value: Any) -> bool | None:
    """`true` / `false` (any case, or a real bool); None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    return None


def number(value: Any) -> float | None:
    """A decimal number such as an `order`; None when the value is not one."""
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return float(value)
    return None


def status_code(value: Any) -> int | None:
    """An HTTP status such as `200`; None when the value is not an integer."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def text(value: Any) -> str:
    """A description or name: the text, or "" when absent or not text."""
    return value if isinstance(value, str) else ""


def entries(
    value: Any, where: str, diagnostics: Diagnostics, *, keep_null: bool = False
) -> list[Json]:
    """Headers, query and path parameters, variables, urlencoded fields, credentials.

    Postman writes a plain map `{name: value}` when no entry needs a description or `disabled`,
    else a list of `{key, value, description?, disabled?}`; both occur in one collection. The
    result is the v2.1 list form. A null value stays None only with `keep_null` (a query
    parameter sent without `=`); elsewhere it is the empty text.
    """
    if value is None:
        return []
    if isinstance(value, dict):
        listed: list[Any] = [{"key": key, "value": item} for key, item in value.items()]
        places = [f"{where}.{key}" for key in value]
    elif isinstance(value, list):
        listed = value
        places = [f"{where}[{index}]" for index in range(len(value))]
    else:
        diagnostics.warn(
            where, "expected a map or a list of entries: ignored", "format"
        )
        return []
    result: list[Json] = []
    for entry, place in zip(listed, places, strict=True):
        converted = _entry(entry, place, diagnostics, keep_null)
        if converted is not None:
            result.append(converted)
    return result


def _entry(
    entry: Any, place: str, diagnostics: Diagnostics, keep_null: bool
) -> Json | None:
    if not isinstance(entry, dict):
        diagnostics.warn(place, "not a `key: value` entry: skipped", "format")
        return None
    key, raw = entry.get("key"), entry.get("value")
    if not isinstance(key, str) or not key:
        diagnostics.warn(place, "an entry without a `key`: skipped", "format")
        return None
    if raw is not None and not isinstance(raw, str):
        diagnostics.warn(
            place, "the value is a YAML list or map, not text: skipped", "format"
        )
        return None
    converted: Json = {"key": key, "value": raw if raw is not None or keep_null else ""}
    description = entry.get("description")
    if isinstance(description, str) and description:
        converted["description"] = description
    if flag(entry.get("disabled")) is True:
        converted["disabled"] = True
    return converted
