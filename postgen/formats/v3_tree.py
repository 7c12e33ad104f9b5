"""A v3 ("Native Git") collection folder as one v2.1 document: the folder tree becomes `item`.

Layout (Postman's collection-schema-v3 skill; real files as in corpus-v3/MANIFEST.md):
```
<Collection>/.resources/definition.yaml         $kind: collection (name, description, auth, ...)
<Collection>/<Request>.request.yaml             $kind: http-request
<Collection>/.resources/<Request>.resources/examples/<Name>.example.yaml     via `examples:`
<Collection>/<Folder>/.resources/definition.yaml                             a folder's own
```
Names come from `name:` when present, else from the file or folder name (Postman sanitises
`/`, `:`, `?` and long names in file names and keeps the original in `name:`). Siblings, folders
and requests together, are sorted by `order`; ties and unordered entries by file name, so the
result never depends on the file system's listing order. Files of other kinds (`$kind: params`,
non-HTTP requests) are skipped with a warning. Symbolic links are never followed: a cloned
repository must not pull files from elsewhere into the client.

A pre-release layout (`collection.yaml` / `folder.yaml`, `type:` instead of `$kind`, as in
Postman's Native Git cookbook) is read the same way, with a warning.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.formats.shared import SCHEMA_V21, Json
from postgen.formats.v3_parts import convert_auth
from postgen.formats.v3_request import convert_example, convert_request, item_extras
from postgen.formats.v3_values import entries, number, text
from postgen.formats.yaml_text import read_yaml

__all__ = ["convert_v3", "definition_file"]

RESOURCES = ".resources"
_YAML = (".yaml", ".yml")
_LEGACY_DEFINITIONS = ("collection.yaml", "folder.yaml")
_LEGACY_KINDS = {
    "http": "http-request",
    "collection": "collection",
    "folder": "collection",
}
_KIND_SUFFIXES = {"http-request": ".request", "http-example": ".example"}


def definition_file(directory: Path) -> Path | None:
    """The file holding a collection's or folder's own metadata, if there is one."""
    candidates = [directory / name for name in _LEGACY_DEFINITIONS]
    if not (directory / RESOURCES).is_symlink():
        candidates.insert(0, directory / RESOURCES / "definition.yaml")
    for candidate in candidates:
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
    return None


@dataclass(order=True, frozen=True, slots=True)
class _SortKey:
    """Siblings' order: by `order`, the unordered last, ties by file name."""

    unordered: bool
    order: float
    file_name: str


@dataclass(slots=True)
class _Reader:
    """One conversion: the collection folder, what was seen so far, where to report."""

    root: Path
    diagnostics: Diagnostics
    legacy: bool = False
    claimed: set[Path] = field(default_factory=set)
    resources: set[Path] = field(default_factory=set)

    def rel(self, path: Path) -> str:
        """Where a file is, for diagnostics: relative to the collection folder."""
        return path.relative_to(self.root).as_posix() or "."

    def warn(self, where: str, message: str) -> None:
        """A layout warning (category `format`)."""
        self.diagnostics.warn(where, message, "format")

    def load(self, path: Path) -> Json | None:
        """The file's YAML map; None, with a warning, for an empty file or another shape."""
        document = read_yaml(path)
        if isinstance(document, dict):
            return document
        shape = "empty" if document is None else "not a YAML map"
        self.warn(self.rel(path), f"the file is {shape}: skipped")
        return None

    def kind(self, document: Json) -> str | None:
        """`$kind`, or the pre-release layout's `type` mapped to it."""
        kind = document.get("$kind")
        if kind is None and isinstance(document.get("type"), str):
            kind = _LEGACY_KINDS.get(document["type"])
            self.legacy = self.legacy or kind is not None
        return kind if isinstance(kind, str) else None

    def sort_key(self, document: Json, file_name: str, where: str) -> _SortKey:
        """Where the entry goes among its siblings."""
        raw = document.get("order")
        order = number(raw)
        if order is None and raw is not None:
            self.warn(f"{where}: order", f"{raw!r} is not a number: sorted last")
        return _SortKey(order is None, order or 0.0, file_name)

    def definition(self, directory: Path) -> tuple[Json, str]:
        """The folder's definition and where it is (the folder itself when it has none)."""
        path = definition_file(directory)
        if path is None:
            return {}, self.rel(directory)
        document = self.load(path) or {}
        if path.parent.name != RESOURCES:
            self.legacy = True
        if document and self.kind(document) != "collection":
            self.warn(
                self.rel(path), "expected `$kind: collection`: read as the definition"
            )
        return document, self.rel(path)

    def folder_fields(self, document: Json, where: str) -> Json:
        """description, auth, variables, scripts and settings of a collection or folder."""
        node: Json = {}
        description = text(document.get("description"))
        if description:
            node["description"] = description
        auth = convert_auth(document.get("auth"), f"{where}: auth", self.diagnostics)
        if auth is not None:
            node["auth"] = auth
        variables = entries(
            document.get("variables"), f"{where}: variables", self.diagnostics
        )
        if variables:
            node["variable"] = variables
        node.update(item_extras(document, where, self.diagnostics))
        return node

    def items(self, directory: Path) -> list[Json]:
        """The folder's requests and sub-folders, in `order`."""
        found: list[tuple[_SortKey, Json]] = []
        with os.scandir(directory) as listing:
            names = sorted(entry.name for entry in listing)
        for name in names:
            path = directory / name
            where = self.rel(path)
            if path.is_symlink():
                self.warn(where, "a symbolic link: not followed")
            elif path.is_dir():
                if name == RESOURCES:
                    self.resources.add(path)
                elif name.startswith("."):
                    self.warn(where, "a hidden folder: skipped")
                else:
                    found.append(self.folder(path))
            elif name.endswith(_YAML) and name not in _LEGACY_DEFINITIONS:
                entry = self.request(path)
                if entry is not None:
                    found.append(entry)
        found.sort(key=lambda pair: pair[0])
        return [item for _, item in found]

    def folder(self, directory: Path) -> tuple[_SortKey, Json]:
        """A sub-folder as a v2.1 folder item."""
        document, where = self.definition(directory)
        node: Json = {"name": text(document.get("name")) or directory.name}
        node.update(self.folder_fields(document, where))
        node["item"] = self.items(directory)
        return self.sort_key(document, directory.name, where), node

    def request(self, path: Path) -> tuple[_SortKey, Json] | None:
        """A YAML file beside the folders: an HTTP request item, or None (skipped, warned)."""
        where = self.rel(path)
        document = self.load(path)
        if document is None:
            return None
        kind = self.kind(document)
        if kind is None and path.name.endswith(".request.yaml"):
            self.warn(where, "no `$kind`: read as an HTTP request")
            kind = "http-request"
        if kind != "http-request":
            what = f"`$kind: {kind}`" if kind else "no `$kind`"
            self.warn(where, f"{what}: only HTTP requests become methods; skipped")
            return None
        item: Json = {"name": text(document.get("name")) or _stem(path.name, kind)}
        item["request"] = convert_request(document, where, self.diagnostics)
        item["response"] = self.examples(path, document.get("examples"), where)
        item.update(item_extras(document, where, self.diagnostics))
        return self.sort_key(document, path.name, where), item

    def examples(self, request: Path, location: Any, where: str) -> list[Json]:
        """The saved examples in the request's `examples:` folder, in `order`."""
        if location is None:
            return []
        if not isinstance(location, str) or not location.strip():
            self.warn(f"{where}: examples", "expected a relative folder path: ignored")
            return []
        folder = request.parent / location.strip()
        inside = folder.resolve().is_relative_to(self.root.resolve())
        if not inside or not folder.is_dir():
            problem = "outside the collection" if not inside else "not found"
            self.warn(
                f"{where}: examples",
                f"the folder {location!r} is {problem}: no examples",
            )
            return []
        self.claimed.add(folder.resolve())
        found: list[tuple[_SortKey, Json]] = []
        for path in sorted(folder.iterdir()):
            if not path.name.endswith(_YAML) or path.is_dir():
                continue
            place = self.rel(path)
            if path.is_symlink():
                self.warn(place, "a symbolic link: not followed")
                continue
            document = self.load(path)
            if document is None:
                continue
            if self.kind(document) != "http-example":
                self.warn(place, "not an `http-example`: skipped")
                continue
            name = text(document.get("name")) or _stem(path.name, "http-example")
            example = convert_example(document, name, place, self.diagnostics)
            found.append((self.sort_key(document, path.name, place), example))
        found.sort(key=lambda pair: pair[0])
        return [example for _, example in found]

    def unclaimed(self) -> None:
        """Warn about `.resources` entries that no request or definition uses."""
        for resources in sorted(self.resources):
            for path in sorted(resources.iterdir()):
                if path.is_symlink():
                    self.warn(self.rel(path), "a symbolic link: not followed")
                    continue
                if path.name == "definition.yaml":
                    continue
                if path.is_dir() and (path / "examples").resolve() in self.claimed:
                    continue
                document = (
                    read_yaml(path)
                    if path.is_file() and path.name.endswith(_YAML)
                    else None
                )
                kind = self.kind(document) if isinstance(document, dict) else None
                what = (
                    f"`$kind: {kind}`: not a request, folder or example"
                    if kind
                    else "not used by any request"
                )
                self.warn(self.rel(path), f"{what}: skipped")


def _stem(file_name: str, kind: str) -> str:
    """`Get user.request.yaml` -> `Get user`."""
    stem = file_name.rsplit(".", 1)[0]
    suffix = _KIND_SUFFIXES.get(kind, "")
    return stem.removesuffix(suffix) if suffix and stem.endswith(suffix) else stem


def convert_v3(folder: Path, diagnostics: Diagnostics) -> Json:
    """The collection in `folder` as a v2.1-shaped document."""
    reader = _Reader(folder, diagnostics)
    document, where = reader.definition(folder)
    info: Json = {
        # `.` names nothing: the collection is named after the folder it really is.
        "name": text(document.get("name")) or folder.resolve().name,
        "schema": SCHEMA_V21,
    }
    collection: Json = {"info": info}
    fields = reader.folder_fields(document, where)
    if "description" in fields:
        info["description"] = fields.pop("description")
    collection.update(fields)
    collection["item"] = reader.items(folder)
    reader.unclaimed()
    if reader.legacy:
        reader.warn(
            ".",
            "a pre-release layout (`collection.yaml`, `folder.yaml`, `type:` instead of "
            "`$kind`): read as collection schema 3.0",
        )
    return collection
