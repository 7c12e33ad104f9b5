"""Black, in-process, so the same input gives the same bytes.

Black is the slowest stage on big clients, so a file whose unformatted source is unchanged since
the last build (same digest in the output's manifest, file on disk untouched) is not formatted
again: its formatted text is taken from disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import PurePosixPath

import black

__all__ = ["digest", "format_files"]

_BLACK_VERSION = version("black")
_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
# Below this much source, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 400_000


def format_source(source: str) -> str:
    """Black-format one Python module."""
    return black.format_str(source, mode=_MODE)


def digest(text: str) -> str:
    """A short content digest; black's version is part of it, as its output depends on it."""
    salted = f"black {_BLACK_VERSION}\n{text}"
    return hashlib.sha256(salted.encode()).hexdigest()[:16]


def format_files(
    files: Mapping[PurePosixPath, str],
    cached: Mapping[PurePosixPath, tuple[str, str]] | None = None,
    workers: int = 2,
    preformatted: frozenset[str] = frozenset({"_runtime.py"}),
) -> tuple[dict[PurePosixPath, str], dict[PurePosixPath, str]]:
    """Format every `.py` file; return the files and each `.py` file's source digest.

    `cached` maps a path to (source digest, formatted text) from an earlier build. Files named in
    `preformatted` are copied as they are: the runtime module is black-formatted in this repo
    (CI checks it), so formatting its 1,200 lines on every build would only cost time.
    """
    cached = cached or {}
    result = dict(files)
    digests = {
        path: digest(text) for path, text in files.items() if path.suffix == ".py"
    }
    todo = []
    for path in sorted(digests):
        previous = cached.get(path)
        if path.name in preformatted:
            continue
        if previous is not None and previous[0] == digests[path]:
            result[path] = previous[1]
        else:
            todo.append(path)
    total = sum(len(files[path]) for path in todo)
    if workers > 1 and total > _PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            formatted = list(
                pool.map(format_source, (files[p] for p in todo), chunksize=4)
            )
    else:
        formatted = [format_source(files[path]) for path in todo]
    result.update(zip(todo, formatted, strict=True))
    return result, digests
