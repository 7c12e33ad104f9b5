"""The quick paths added for speed must give exactly what the slow, obvious code gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postgen.render.layout import line_kinds
from postgen.render.used_names import (
    _WORD,
    _blank_strings,
    _blank_strings_slowly,
    code_of,
    used_in,
)
from tests.paths import GENERATED

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


def _words_line_by_line(text: str) -> frozenset[str]:
    """The obvious reading `code_of` and `used_in` agree with: the code lines (`line_kinds`), each
    with its strings blanked by the character loop."""
    code = "\n".join(
        _blank_strings_slowly(line)
        for line, kind in line_kinds(text.split("\n"))
        if kind == "code"
    )
    return frozenset(_WORD.findall(code))


# Module text: docstrings (one-line, opened, unclosed), quotes, f-strings, braces, escapes.
_MODULES = st.lists(
    st.sampled_from(
        [
            '"""',
            '"',
            "'",
            'f"',
            "f'",
            "{",
            "}",
            "\\",
            "\n",
            "\n    ",
            " ",
            "a",
            "Any",
            ".",
        ]
    ),
    max_size=30,
).map("".join)
_NAMES = ["a", "Any", "f", "An", "ny"]


def _used_line_by_line(names: list[str], text: str) -> list[str]:
    words = _words_line_by_line(text)
    return [name for name in names if name in words]


@settings(max_examples=4000, derandomize=True, database=None, deadline=None)
@given(_MODULES)
def test_used_names_equal_the_line_by_line_reading(text: str) -> None:
    assert used_in(_NAMES, code_of(text)) == _used_line_by_line(_NAMES, text)


def test_used_names_equal_the_line_by_line_reading_on_every_example_client() -> None:
    modules = sorted(GENERATED.rglob("*.py"))
    assert len(modules) > 50  # the example clients are there to read
    for module in modules:
        text = module.read_text(encoding="utf-8")
        names = sorted(set(_WORD.findall(text)))  # every word, used or not
        assert used_in(names, code_of(text)) == _used_line_by_line(names, text), module


def test_a_docstring_hides_its_words_and_a_code_line_keeps_them() -> None:
    text = (
        'x = Any\n    """Sequence\n    Mapping\n    """\ny: Tuple = "List"\n"""Dict"""'
    )
    names = ["Any", "Sequence", "Mapping", "Tuple", "List", "Dict"]
    assert used_in(names, code_of(text)) == ["Any", "Tuple"]


def test_the_literals_inside_an_f_string_s_braces_are_not_code() -> None:
    text = "x = f\"/a/{path_param('Mapping', b)}/{c}\" + 'Sequence'"
    names = ["path_param", "Mapping", "b", "c", "Sequence", "a"]
    assert used_in(names, code_of(text)) == ["path_param", "b", "c"]
    assert used_in(names, code_of(text)) == _used_line_by_line(names, text)
