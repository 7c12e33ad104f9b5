"""The quick paths added for speed must give exactly what the slow, obvious code gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postgen.render.used_names import _blank_strings, _blank_strings_slowly, used_in

# The characters that matter to string blanking, plus a few ordinary ones.
_LINES = st.text(alphabet="ab\"'\\{}fF =()x.", max_size=24)


@settings(max_examples=3000, derandomize=True, database=None, deadline=None)
@given(_LINES)
def test_blanking_strings_quickly_equals_the_character_loop(line: str) -> None:
    assert _blank_strings(line) == _blank_strings_slowly(line)


@settings(max_examples=500, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet="ab._ (Sq)\n", max_size=40))
def test_used_in_equals_a_search_per_name(code: str) -> None:
    names = ["a", "b", "ab", "Sq", "_a", "a_b"]
    expected = [n for n in names if re.search(rf"(?<![\w.]){re.escape(n)}\b", code)]
    assert used_in(names, code) == expected


# f-strings whose braces hold literals (path lines: `f"/carts/{path_param('id', id)}"`).
_BRACED = st.lists(
    st.sampled_from(['f"', "f'", '"', "'", "{", "}", "{{", "(", "a", "/", "\\", " "]),
    max_size=16,
).map("".join)


@settings(max_examples=3000, derandomize=True, database=None, deadline=None)
@given(_BRACED)
def test_blanking_f_strings_with_inner_literals_equals_the_character_loop(
    line: str,
) -> None:
    assert _blank_strings(line) == _blank_strings_slowly(line)


def test_blanking_a_path_line_keeps_its_calls() -> None:
    line = "f\"/a/{path_param('id', id)}/{b}\","
    assert _blank_strings(line) == "f\"   {path_param('  ', id)} {b}\","
    assert _blank_strings(line) == _blank_strings_slowly(line)
