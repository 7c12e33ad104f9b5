"""Sentinels and type aliases shared by the runtime modules."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Literal, Union


class NotGiven:
    """Sentinel for "argument not passed", distinct from an explicit ``None``."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


class KeyOnly(str):
    """A query value that sends its key alone (``?flag``, no ``=``), as Postman does for a
    parameter the collection gives no value; ``""`` sends ``?flag=``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "KEY_ONLY"


KEY_ONLY = KeyOnly()


#: A path parameter: ids are often numbers; the value is URL-quoted either way.
PathValue = str | int

#: A query parameter; a sequence sends the key once per item (`?tag=a&tag=b`).
QueryValue = str | int | float | bool | Sequence[str | int | float | bool]

#: What a file parameter accepts: a path, bytes, a binary file object, or
#: ``(filename, content)`` / ``(filename, content, content_type)``.
FileInput = Union[
    "os.PathLike[str]",
    bytes,
    IO[bytes],
    tuple[str, bytes | IO[bytes]],
    tuple[str, bytes | IO[bytes], str],
]
