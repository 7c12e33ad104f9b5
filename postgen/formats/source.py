"""The build's source, a file or a folder, read into the one v2.1-shaped document the parser takes.

A file is JSON: v2.0/v2.1 as it is, the `{"collection": …}` wrapper unwrapped, legacy v1 converted
(`json_file`, `v1`). A folder is collection schema 3.0 YAML (`v3_locate`, `v3_tree`).
"""

from __future__ import annotations

from pathlib import Path

from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats.environment import YAML_SUFFIXES
from postgen.formats.json_file import read_json_collection
from postgen.formats.shared import Json
from postgen.formats.v3_locate import find_collection
from postgen.formats.v3_tree import convert_v3

__all__ = ["load_collection", "load_source"]


def load_collection(
    source: Path, diagnostics: Diagnostics, collection: str | None = None
) -> Json:
    """The collection at `source` as a v2.1-shaped dict.

    `collection` names one collection of a folder (a repository, `postman/collections`) that
    holds several; it is an error for a file.
    """
    return load_source(source, diagnostics, collection)[0]


def load_source(
    source: Path, diagnostics: Diagnostics, collection: str | None = None
) -> tuple[Json, bool]:
    """`load_collection`, and whether the document surely nests no deeper than the bound
    (see `bound_document`'s `shallow`)."""
    if source.is_dir():
        return convert_v3(find_collection(source, collection), diagnostics), False
    if collection is not None:
        raise CollectionError(
            str(source),
            "--collection picks a collection in a folder, and this is a file",
        )
    name = source.name.lower()
    if name.endswith(".environment.yaml"):
        raise CollectionError(
            str(source),
            "this is a Postman environment file, not a collection; "
            "pass it as `--environment FILE` next to the collection",
        )
    if name.endswith(YAML_SUFFIXES):
        raise CollectionError(
            str(source),
            "a YAML file: a v3 collection is read from its folder; pass the collection's "
            "folder (the one holding .resources/definition.yaml), not one of its files",
        )
    return read_json_collection(source, diagnostics)
