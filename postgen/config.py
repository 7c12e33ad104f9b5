"""Build options, passed explicitly from the CLI (or a caller of `postgen.build`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Config"]


@dataclass(frozen=True, slots=True)
class Config:
    """What a build may be told besides the collection itself."""

    package_name: str | None = None
    environment: Path | None = None
    # Which collection of a v3 folder that holds several (a repository's postman/collections).
    collection: str | None = None
    version: str = "0.1.0"
