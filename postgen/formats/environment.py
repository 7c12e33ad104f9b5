"""Read a Postman environment: v2 JSON (`*.postman_environment.json`) or v3 YAML
(`postman/environments/*.environment.yaml`). Its enabled values override collection variables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from postgen.diagnostics import CollectionError
from postgen.formats.json_file import read_json
from postgen.formats.v3_values import flag
from postgen.formats.yaml_text import read_yaml

__all__ = ["YAML_SUFFIXES", "load_environment"]

YAML_SUFFIXES = (".yaml", ".yml")


def _entries(values: Any, path: Path, is_yaml: bool) -> list[tuple[Any, Any, Any]]:
    """(key, value, enabled) per entry; v3 files may also write the values as a plain map."""
    if is_yaml and isinstance(values, dict):
        return [(str(key), value, True) for key, value in values.items()]
    if not isinstance(values, list):
        raise CollectionError(
            f"{path}: $", "not a Postman environment: expected a `values` list"
        )
    entries: list[tuple[Any, Any, Any]] = []
    for index, entry in enumerate(values):
        if not isinstance(entry, dict):
            raise CollectionError(f"{path}: values[{index}]", "expected an object")
        entries.append(
            (entry.get("key"), entry.get("value"), entry.get("enabled", True))
        )
    return entries


def load_environment(path: Path) -> dict[str, str]:
    """The environment's enabled values by key."""
    is_yaml = path.name.lower().endswith(YAML_SUFFIXES)
    document = read_yaml(path) if is_yaml else read_json(path)
    if not isinstance(document, dict) or "values" not in document:
        raise CollectionError(
            f"{path}: $", "not a Postman environment: expected a `values` list"
        )
    values: dict[str, str] = {}
    for key, value, enabled in _entries(document["values"], path, is_yaml):
        if flag(enabled) is False:
            continue
        if isinstance(key, str) and key:
            values[key] = "" if value is None else str(value)
    return values
