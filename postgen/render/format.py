"""Black, in-process, so the same input gives the same bytes."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import PurePosixPath

import black

__all__ = ["format_files"]

_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
# Below this much source, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 400_000


def format_source(source: str) -> str:
    """Black-format one Python module."""
    return black.format_str(source, mode=_MODE)


def format_files(
    files: Mapping[PurePosixPath, str], workers: int = 2
) -> dict[PurePosixPath, str]:
    """Format every `.py` file in the map; other files pass through unchanged."""
    python = sorted(path for path in files if path.suffix == ".py")
    result = dict(files)
    total = sum(len(files[path]) for path in python)
    if workers > 1 and total > _PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            formatted = list(
                pool.map(format_source, (files[p] for p in python), chunksize=8)
            )
    else:
        formatted = [format_source(files[path]) for path in python]
    result.update(zip(python, formatted, strict=True))
    return result
