"""Read a collection JSON file and decide what it is: v2.x, the `{"collection": …}` wrapper, or v1.

v2.x is already the document shape the parser reads; the wrapper is unwrapped and legacy v1 is
converted (`formats.v1`). Everything that makes the input unusable raises `CollectionError` with a
place: line and column for broken JSON, a JSON path for the wrong document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from postgen.bounds import MAX_DOCUMENT_DEPTH, TooDeep, loads, nests_deeper
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats.text_file import read_text
from postgen.formats.v1 import convert_v1

__all__ = ["read_json", "read_json_collection"]

_SCHEMA_VERSION = re.compile(r"v(\d+\.\d+\.\d+)")


def read_json(path: Path) -> Any:
    """Parse a JSON file; errors name the file, line and column."""
    return _parse(path, read_text(path))


def _parse(path: Path, text: str) -> Any:
    if not text.strip():
        raise CollectionError(str(path), "the file is empty")
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        where = f"{path}:{exc.lineno}:{exc.colno}"
        raise CollectionError(where, f"not valid JSON: {exc.msg}") from None
    except TooDeep as exc:
        raise CollectionError(str(path), f"not read: the JSON is {exc}") from None


def _is_environment(document: dict[str, Any]) -> bool:
    scope = document.get("_postman_variable_scope")
    if scope in ("environment", "globals"):
        return True
    return isinstance(document.get("values"), list) and "item" not in document


def read_json_collection(
    path: Path, diagnostics: Diagnostics
) -> tuple[dict[str, Any], bool]:
    """The collection as a v2-shaped dict (v1 is converted, the wrapper unwrapped), and
    whether it surely nests no deeper than `MAX_DOCUMENT_DEPTH`: known from the brackets of
    the text, in C, where walking the parsed document takes 50 to 75 ms on the largest
    collections. Never for v1: the conversion nests its folders, the text does not."""
    text = read_text(path)
    document = _parse(path, text)
    try:
        collection, as_text = _as_collection(document, diagnostics)
    except CollectionError as error:
        raise CollectionError(f"{path}: {error.where}", error.message) from None
    return collection, as_text and not nests_deeper(text, MAX_DOCUMENT_DEPTH)


def _as_collection(
    document: Any, diagnostics: Diagnostics
) -> tuple[dict[str, Any], bool]:
    """The collection, and whether it nests as the text does (it is the text's, maybe
    unwrapped; v1 is converted, and the conversion nests its folders)."""
    if not isinstance(document, dict):
        kind = "array" if isinstance(document, list) else "scalar"
        raise CollectionError(
            "$", f"not a Postman collection: the top level is a JSON {kind}"
        )
    if set(document) == {"collection"} or (
        isinstance(document.get("collection"), dict) and "item" not in document
    ):
        # The Postman API and newman wrap exports as {"collection": {...}}.
        document = document["collection"]
        if not isinstance(document, dict):
            raise CollectionError("collection", "not a Postman collection object")
    if _is_environment(document):
        raise CollectionError(
            "$",
            "this is a Postman environment file, not a collection; "
            "pass it as `--environment FILE` next to the collection",
        )
    if "item" in document and isinstance(document.get("info"), dict):
        _check_schema(document["info"], diagnostics)
        return document, True
    if isinstance(document.get("requests"), list) and (
        "order" in document or "folders" in document
    ):
        return convert_v1(document, diagnostics), False
    if "item" in document:
        diagnostics.warn(
            "info", "no `info` block: the collection name is unknown", "format"
        )
        return {**document, "info": {"name": document.get("name") or "api"}}, True
    raise CollectionError(
        "$",
        "not a Postman collection: expected `info` and `item` (v2) or `requests` and `order` (v1)",
    )


def _check_schema(info: dict[str, Any], diagnostics: Diagnostics) -> None:
    schema = info.get("schema")
    if not isinstance(schema, str):
        diagnostics.warn(
            "info.schema", "missing: read as collection format v2.1", "format"
        )
        return
    match = _SCHEMA_VERSION.search(schema)
    if match is None or not match.group(1).startswith("2."):
        diagnostics.warn(
            "info.schema", f"unknown schema {schema!r}: read as v2.1", "format"
        )
    if not isinstance(info.get("name"), str) or not info.get("name"):
        diagnostics.warn("info.name", "missing: the package is named `api`", "format")
