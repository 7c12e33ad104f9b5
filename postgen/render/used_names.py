"""Which names a rendered module uses, so that it imports only those (no F401 for a team that
runs ruff on its repo): the code of its lines with docstrings dropped and string text blanked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from postgen.render.layout import line_kinds

__all__ = ["code_of", "used_in"]


def code_of(text: str) -> str:
    """The code of rendered lines, for `used_in`: docstrings dropped, and the text of string
    literals blanked (a header named "Sequence" is not a use of `Sequence`); the expressions
    inside f-strings stay, as they are code."""
    return "\n".join(
        _blank_strings(line)
        for line, kind in line_kinds(text.split("\n"))
        if kind == "code"
    )


# A literal on one code line: an f-string whose braces hold no quotes but simple literals of
# the other quote (`{path_param('id', id)}`, on most path lines), or a plain literal.
_FSTRING_BODY = r"(?:[^Q\\{}]|\\.|\{\{|\}\}|\{(?:[^{}\"'\\]|R[^R\\]*R)*\})*"
_PLAIN_BODY = r"(?:[^Q\\]|\\.)*"
_LITERAL = re.compile(
    "|".join(
        [
            f"[fF]{q}{_FSTRING_BODY.replace('Q', q).replace('R', r)}{q}"
            for q, r in (('"', "'"), ("'", '"'))
        ]
        + [f"(?<![fF]){q}{_PLAIN_BODY.replace('Q', q)}{q}" for q in ('"', "'")]
    )
)
_FSTRING_PART = re.compile(
    r"\\.|\{\{|\}\}|\{(?:[^{}\"']|\"[^\"]*\"|'[^']*')*\}|.", re.DOTALL
)
# A literal inside an f-string's braces (its text is blanked, as any literal's).
_INNER_LITERAL = re.compile(r"\"[^\"]*\"|'[^']*'")
_WORD = re.compile(r"(?<![\w.])\w+")


def _blank_literal(match: re.Match[str]) -> str:
    text = match.group()
    if text[0] in "\"'":
        return text[0] + " " * (len(text) - 2) + text[-1]
    # An f-string: its `{...}` expressions stay (they are code), the rest is blanked.
    body = _FSTRING_PART.sub(
        lambda m: (
            _INNER_LITERAL.sub(_blank_plain, m.group())
            if m.group()[:1] == "{" and m.group() != "{{"
            else " " * len(m.group())
        ),
        text[2:-1],
    )
    return text[:2] + body + text[-1]


def _blank_plain(match: re.Match[str]) -> str:
    text = match.group()
    return text[0] + " " * (len(text) - 2) + text[-1]


def _blank_strings(line: str) -> str:
    """`_blank_strings_slowly`, quicker for the common lines (a hot spot on big clients: it
    runs on every code line): literals matched by regex; a line with quotes the regex cannot
    account for (a literal inside an f-string's braces) takes the character loop."""
    if '"' not in line and "'" not in line:
        return line
    rest = _LITERAL.sub("", line)
    if '"' in rest or "'" in rest:
        return _blank_strings_slowly(line)
    return _LITERAL.sub(_blank_literal, line)


def _blank_strings_slowly(line: str) -> str:
    # postgen's code lines hold only one-line literals, `"`/`'`-quoted, maybe f-prefixed, with
    # plain literals (never f-strings) inside an f-string's braces.
    out: list[str] = []
    # The open strings: the outer one, and maybe one inside an f-string's {...}.
    quotes: list[str] = []
    fstring = False
    depth = 0  # inside an f-string's {...}
    index = 0
    while index < len(line):
        char = line[index]
        in_braces = bool(quotes) and depth > 0 and len(quotes) == 1
        if not quotes or in_braces:
            if char in "\"'":
                quotes.append(char)
                if len(quotes) == 1:
                    fstring = index > 0 and line[index - 1] in "fF"
            elif in_braces and char in "{}":
                depth += 1 if char == "{" else -1
            out.append(char)
        elif char == "\\":
            out.append("  ")
            index += 1
        elif char == quotes[-1]:
            quotes.pop()
            out.append(char)
        elif fstring and len(quotes) == 1 and char == "{":
            if line[index + 1 : index + 2] == "{":
                out.append("  ")
                index += 1
            else:
                depth = 1
                out.append(char)
        else:
            out.append(" ")
        index += 1
    return "".join(out)


def used_in(names: Sequence[str], code: str) -> list[str]:
    """The names that `code` (see `code_of`) uses as whole words: generated modules import only
    what they use (a team that runs ruff on its repo should not meet F401 in our output).
    """
    # The words of `code` not preceded by a word character or a dot, found once: the same as a
    # search for each name (names are identifiers), without scanning the module per name.
    words = _words(code)
    return [name for name in names if name in words]


@lru_cache(maxsize=4)
def _words(code: str) -> frozenset[str]:
    # A template asks about the same module's code several times (abc, typing, the runtime).
    return frozenset(_WORD.findall(code))
