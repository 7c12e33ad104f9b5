"""Which blocks of a build still go to black (the formatter's slow path), per collection.

Usage: ``python benchmarks/black_blocks.py [--show N] COLLECTION ...``

Prints, for each collection, the blocks and bytes of source handed to black during one build
in this process, and with ``--show N`` the first line of the N commonest block shapes (their
first line with names and strings masked), so the next layout rule can be aimed at what is
left. Output is the same either way: this only counts.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

import postgen.render.format as format_module
from postgen.pipeline import generate

_MASK = re.compile(r'"[^"]*"|\'[^\']*\'|\b[a-z_][a-z0-9_]*\b')


def _shape(source: str) -> str:
    """The block's longest line, names and strings masked: blocks of one shape group."""
    lines = [line for line in source.split("\n") if line.strip()]
    longest = max(lines, key=len) if lines else ""
    return _MASK.sub("_", longest.strip())[:100]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collections", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    seen: list[str] = []
    original = format_module.format_source

    def counting(source: str) -> str:
        seen.append(source)
        return original(source)

    format_module.format_source = counting  # type: ignore[assignment]
    for path in args.collections:
        seen.clear()
        generate(path, workers=0)
        size = sum(map(len, seen))
        print(f"{path.name}: {len(seen)} blocks to black, {size:,} bytes")
        shapes = collections.Counter(_shape(source) for source in seen)
        for shape, count in shapes.most_common(args.show):
            print(f"  {count:5d}  {shape}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
