"""Which names a rendered module uses, so that it imports only those (no F401 for a team that
runs ruff on its repo): the code of its lines with docstrings dropped and string text blanked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["code_of", "used_in"]


def code_of(text: str) -> str:
    """The code lines of rendered text, for `used_in`: the lines `line_kinds` calls code,
    found from the triple quotes alone (reading every line was a hot spot on big clients).
    """
    kept: list[str] = []
    start = 0  # the first line not yet kept or dropped
    search = 0
    while (quotes := text.find('"""', search)) >= 0:
        line_start = text.rfind("\n", 0, quotes) + 1
        line_end = _line_end(text, quotes)
        if text[line_start:quotes].strip():  # not at the start of its line: code
            search = line_end
            continue
        if text.find('"""', quotes + 3, line_end) >= 0:  # a one-line docstring
            last = line_end
        else:  # the docstring ends on the next line that holds triple quotes
            closing = text.find('"""', line_end)
            last = len(text) if closing < 0 else _line_end(text, closing)
        if line_start > start:
            kept.append(text[start : line_start - 1])
        start = search = last + 1
    if start <= len(text):
        kept.append(text[start:])
    return "\n".join(kept)


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


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
# A name used as a word has neither of these before it, nor a word character after it.
_WORD_OR_DOT = re.compile(r"[\w.]")
_WORD_CHARACTER = re.compile(r"\w")


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
    """The names that `code` (see `code_of`) uses as whole words, not after a dot, outside the
    text of its string literals (a header named "Sequence" is not a use of `Sequence`; the
    expressions inside an f-string are code): generated modules import only what they use, so
    a team that runs ruff on its repo meets no F401 in our output."""
    return [name for name in names if _uses(code, name)]


def _uses(code: str, name: str) -> bool:
    """Whether a line of `code`, its strings blanked (`_blank_strings`), has `name` as a word.

    Only the lines where `name` occurs are blanked, found by a substring search: blanking
    every line was a quarter of rendering a large client. An occurrence after a word character
    or a dot, or before a word character, is no use of the name, and blanking cannot change
    that: a blanked run of string text is always next to a quote or a brace.
    """
    start = 0
    while (found := code.find(name, start)) >= 0:
        end = found + len(name)
        start = end
        after_word = found > 0 and _WORD_OR_DOT.match(code, found - 1) is not None
        if after_word or _WORD_CHARACTER.match(code, end) is not None:
            continue
        line_start = code.rfind("\n", 0, found) + 1
        line_end = _line_end(code, end)
        if name in _WORD.findall(_blank_strings(code[line_start:line_end])):
            return True
        start = line_end
    return False
