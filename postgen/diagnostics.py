"""Diagnostics: what went wrong or was skipped, and where in the collection.

Parse functions report problems here and keep going; only a collection that cannot be read at all
raises `CollectionError`, which the CLI prints as one line and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = ["CollectionError", "Diagnostic", "Diagnostics", "Level"]


class Level(Enum):
    """How bad a diagnostic is."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One message: `where` is a JSON path (`item[3].request.url`) plus the request label."""

    level: Level
    where: str
    message: str
    category: str = "general"

    def __str__(self) -> str:
        return f"{self.level.value}: {self.where}: {self.message}"


class CollectionError(Exception):
    """The input cannot be used at all: not JSON, not a collection, an environment file."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass(slots=True)
class Diagnostics:
    """A collector of warnings, passed explicitly through the parse stage (no global state)."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, where: str, message: str, category: str = "general") -> None:
        """Record something skipped or guessed; the client is still generated."""
        self.items.append(Diagnostic(Level.WARNING, where, message, category))

    @property
    def warnings(self) -> list[Diagnostic]:
        """All warnings, in the order they were found."""
        return [item for item in self.items if item.level is Level.WARNING]
