"""Kept importable for existing callers: the readers live in `postgen.formats`."""

from __future__ import annotations

from postgen.formats import load_collection, load_environment, read_json

__all__ = ["load_collection", "load_environment", "read_json"]
