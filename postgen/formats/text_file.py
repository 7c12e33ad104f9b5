"""A collection file's text: read, decoded as UTF-8 (a BOM allowed), or a one-line error."""

from __future__ import annotations

from pathlib import Path

from postgen.diagnostics import CollectionError

__all__ = ["read_text"]


def read_text(path: Path) -> str:
    """The file's text; an unreadable or non-UTF-8 file is a `CollectionError` naming it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CollectionError(
            str(path), f"cannot read file: {exc.strerror or exc}"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CollectionError(str(path), f"not UTF-8 text (byte {exc.start})") from None
