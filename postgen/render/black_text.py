"""Three of black's text rules, computed without importing black (about 45 ms of start-up).

Most builds never hand a block to black (`render.format` lays out what it can vouch for), yet
every build measures line widths, quotes string literals and expands docstring tabs as black
does. These functions give black's answers for the inputs postgen has. Widths use black's own
table of wide characters, read from the installed black's `_width_table.py` as data (importing
it would import black). Tests compare each function with black on random text
(`tests/test_black_text.py`), so a black upgrade that changes a rule fails there.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

__all__ = ["double_quoted_repr", "lines_with_leading_tabs_expanded", "str_width"]

# Every entry of black's width table (East Asian wide characters and emoji) starts at U+1100 or
# above: below it, each character is one column.
_FIRST_WIDE = "\u1100"
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def str_width(line: str) -> int:
    """The columns black counts for `line` (wide characters count two)."""
    if line.isascii() or max(line) < _FIRST_WIDE:
        return len(line)
    return _wide_width()(line)


@cache
def _wide_width() -> Callable[[str], int]:
    """Black's `str_width` for a line with characters from U+1100 up."""
    table = _width_table()
    if table is None:  # a black installed without its sources: ask black itself
        from black.strings import str_width as black_width

        return black_width
    starts = [start for start, _end, _width in table]

    def width(line: str) -> int:
        total = 0
        for char in line:
            code = ord(char)
            index = bisect_right(starts, code) - 1
            if index >= 0 and code <= table[index][1]:
                total += max(table[index][2], 0)
            else:
                total += 1
        return total

    return width


def _width_table() -> list[tuple[int, int, int]] | None:
    """`WIDTH_TABLE` of the installed black, read as a literal (none of its code runs)."""
    spec = find_spec("black")  # finds the package without importing it
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return None
    source = Path(next(iter(folders)), "_width_table.py")
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "WIDTH_TABLE"
            and node.value is not None
        ):
            table = ast.literal_eval(node.value)
            return [(int(a), int(b), int(c)) for a, b, c in table]
    return None


def double_quoted_repr(text: str) -> str:
    """`repr(text)` with the quotes black prefers (black's `normalize_string_quotes` on it).

    `repr` picks single quotes unless the text holds `'` and no `"`, and then escapes each `'`
    and no `"`. Black turns `'...'` into `"..."` unless that needs more backslashes: each `\\'`
    loses one, each `"` gains one.
    """
    quoted = repr(text)
    if quoted[0] == '"' or text.count('"') > text.count("'"):
        return quoted
    return '"' + quoted[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def lines_with_leading_tabs_expanded(text: str) -> list[str]:
    """The lines of `text` (split at `\\r\\n`, `\\r`, `\\n`), leading tabs expanded to four
    columns, as black reads a docstring."""
    lines = []
    for line in _LINE_BREAK.split(text):
        stripped = line.lstrip()
        if not stripped or stripped == line:
            lines.append(line)
        else:
            margin = len(line) - len(stripped)
            lines.append(line[:margin].expandtabs(4) + stripped)
    return lines
