"""Name overrides: `postgen.toml` beside the collection fixes a name once, for every regeneration.

```toml
[names]
package = "zoho_bulk"                               # the import name (`--name` wins)

[names.resources]                                   # a folder, by its Postman path
"Bulk Write" = "bulk"

[names.methods]                                     # a request, by its Postman path
"Bulk Write / Job Details" = "get_job"

[names.models]                                      # a request's response model, or its body's
"Bulk Write / Job Details" = "Job"
"Bulk Write / Create Job #body" = "JobRequest"

[names.errors]                                      # an error class, by its code (or status + code)
"INVALID_URL_PATTERN" = "BadUrlError"
"400 RESOURCE_NOT_FOUND" = "MissingResourceError"
```

A Postman path is the folder names and the request name joined by `/` (spaces around it are
ignored), as Postman's breadcrumb shows them. An override wins over every naming rule; a sibling
that wanted the same name is told apart instead. A malformed file or name is an error; an entry
that matches nothing is a warning.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postgen.diagnostics import CollectionError

__all__ = ["FILE_NAME", "NameOverrides", "find_overrides", "load_overrides", "path_key"]

FILE_NAME = "postgen.toml"
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
_CLASS = re.compile(r"[A-Z][A-Za-z0-9]*")
_TABLES = ("resources", "methods", "models", "errors")


def path_key(names: tuple[str, ...] | list[str]) -> str:
    """The normal form of a Postman path: `("Bulk Write", "Job Details")` and the text
    `"Bulk Write/Job Details"` both give `Bulk Write / Job Details`."""
    parts = [part.strip() for name in names for part in name.split("/")]
    return " / ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class NameOverrides:
    """What a `postgen.toml` renames; keys are normal-form Postman paths (`path_key`)."""

    source: str = ""
    package: str | None = None
    resources: Mapping[str, str] = field(default_factory=dict)
    methods: Mapping[str, str] = field(default_factory=dict)
    models: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    def error(self, status: int, code: str) -> str | None:
        """The class name for a documented error, by `status code` or by `code`."""
        return self.errors.get(f"{status} {code}") or self.errors.get(code)


def _valid(table: str, key: str, value: Any, source: str) -> str:
    pattern = _CLASS if table in ("models", "errors") else _SNAKE
    kind = "a PascalCase class name" if pattern is _CLASS else "a snake_case identifier"
    if (
        not isinstance(value, str)
        or not pattern.fullmatch(value)
        or keyword.iskeyword(value)
        or keyword.issoftkeyword(value)
    ):
        raise CollectionError(
            f"{source}: names.{table}.{key!r}", f"must be {kind}, not {value!r}"
        )
    return value


def load_overrides(path: Path) -> NameOverrides:
    """Read and check a `postgen.toml`; a file without `[names]` renames nothing."""
    import tomllib  # here: most builds have no such file, and the import is about 10 ms

    source = str(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CollectionError(source, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CollectionError(source, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise CollectionError(source, f"not valid TOML: {error}") from None
    names = document.get("names", {})
    if not isinstance(names, dict):
        raise CollectionError(f"{source}: names", "must be a table")
    unknown = sorted(set(names) - {"package", *_TABLES})
    if unknown:
        raise CollectionError(
            f"{source}: names.{unknown[0]}",
            "unknown key (expected package, resources, methods, models or errors)",
        )
    tables: dict[str, dict[str, str]] = {}
    for table in _TABLES:
        entries = names.get(table, {})
        if not isinstance(entries, dict):
            raise CollectionError(f"{source}: names.{table}", "must be a table")
        tables[table] = {
            _normal_key(table, key): _valid(table, key, value, source)
            for key, value in entries.items()
        }
    package = names.get("package")
    if package is not None:
        package = _valid("package", "package", package, source)
    return NameOverrides(source, package, **tables)


def _normal_key(table: str, key: str) -> str:
    if table == "errors":
        return " ".join(key.split())
    if table == "models":
        path, hash_, which = key.rpartition("#")
        if hash_:
            return f"{path_key([path])} #{which.strip()}"
    return path_key([key])


def find_overrides(collection: Path, explicit: Path | None) -> NameOverrides | None:
    """The overrides for a build: `explicit` (`--config`), else `postgen.toml` beside the
    collection file (inside a v3 collection folder), else none."""
    if explicit is not None:
        return load_overrides(explicit)
    folder = collection if collection.is_dir() else collection.parent
    candidate = folder / FILE_NAME
    return load_overrides(candidate) if candidate.is_file() else None
