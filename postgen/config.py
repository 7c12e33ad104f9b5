"""Build options, passed explicitly from the CLI (or a caller of `postgen.build`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from postgen.overrides import NameOverrides

__all__ = ["Config"]


@dataclass(frozen=True, slots=True)
class Config:
    """What a build may be told besides the collection itself."""

    package_name: str | None = None
    environment: Path | None = None
    # Which collection of a v3 folder that holds several (a repository's postman/collections).
    collection: str | None = None
    version: str = "0.1.0"
    # A `postgen.toml` to read name overrides from (default: the one beside the collection).
    names_file: Path | None = None
    # The overrides themselves, once read (`postgen.overrides`).
    names: NameOverrides | None = None
