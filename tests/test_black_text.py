"""`postgen.render.black_text` gives black's answers without importing black: compared with
black itself on random text, and checked to keep black out of a build that does not need it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from black._width_table import WIDTH_TABLE
from black.strings import (
    lines_with_leading_tabs_expanded,
    normalize_string_quotes,
    str_width,
)
from hypothesis import given
from hypothesis import strategies as st

from postgen.render import black_text
from tests.factories import property_settings
from tests.paths import SEED

# Quotes, backslashes, line breaks, tabs, control characters, narrow non-ASCII (box drawing,
# accents), the first and last wide characters of black's table, emoji and combining marks.
_AWKWARD = st.sampled_from(
    [
        *"a '\"\\\n\r\t\x00\x7f{}é─├",
        *("\u1100", "\u115f", "\u1160", "\u4e00", "\uff01", "\u3000", "\u0300"),
        *("\u200b", "\U0001f600", "\U0010ffff", "\ufe0f", "\u2028", "\x85"),
    ]
)
_TEXT = st.one_of(st.text(), st.lists(_AWKWARD, max_size=12).map("".join))


@property_settings(600)
@given(_TEXT)
def test_quotes_are_blacks(text: str) -> None:
    assert black_text.double_quoted_repr(text) == normalize_string_quotes(repr(text))


@property_settings(600)
@given(_TEXT)
def test_widths_are_blacks(text: str) -> None:
    assert black_text.str_width(text) == str_width(text)


@property_settings(600)
@given(_TEXT)
def test_docstring_lines_are_blacks(text: str) -> None:
    assert black_text.lines_with_leading_tabs_expanded(
        text
    ) == lines_with_leading_tabs_expanded(text)


def test_every_wide_character_is_past_the_fast_path() -> None:
    # `str_width` counts a line below U+1100 by its length: black's table must agree.
    assert min(start for start, _end, _width in WIDTH_TABLE) >= ord("\u1100")


@pytest.mark.parametrize(
    "text", ["It's", 'say "hi"', "both ' and \"", "\\'", "", "\\", "'\"'"]
)
def test_quote_cases(text: str) -> None:
    assert black_text.double_quoted_repr(text) == normalize_string_quotes(repr(text))


def test_a_build_that_gives_black_nothing_does_not_import_it(tmp_path: Path) -> None:
    # The seed sample's client is laid out without black: its start-up must not pay for
    # black, pydantic or PyYAML (about 100 ms together).
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from postgen.pipeline import build\n"
        f"build(Path({str(SEED)!r}), Path({str(tmp_path / 'client')!r}))\n"
        "heavy = ('black', 'pydantic', 'yaml', 'datamodel_code_generator')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
