"""The only two ways collection text may reach generated code: `pyrepr`/`literal` (string
literals) and `docstring`/`docpiece` (escaped docstring bodies).

Text from a collection is untrusted (a Postman description may contain `\"\"\"`, backslashes,
`{{ }}` or code): it is never template source or code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from postgen.render.black_text import (
    double_quoted_repr,
    lines_with_leading_tabs_expanded,
)

__all__ = ["docpiece", "docstring", "literal", "pyrepr"]

# A quote at either end of a piece, or next to another quote, could help form a closing `"""`.
_RISKY_QUOTE = re.compile(r'^"|"$|"(?=")|(?<=")"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Line breaks that Python's splitlines() knows (black measures docstrings with it): made "\n".
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
# Bounded: a long-lived process (a test run, a build server) builds many clients.
_CACHED = 1 << 15


def pyrepr(value: object) -> str:
    """A Python literal for a str, int, bool, None or a tuple of those."""
    return _literal(value, repr)


def literal(value: object) -> str:
    """`pyrepr` with the quotes black would choose, for literals in code that skips black."""
    return _literal(value, _black_repr)


@lru_cache(maxsize=_CACHED)
def _black_repr(text: str) -> str:
    # Cached: the sync and async classes quote the same texts (a hot spot on big clients).
    return double_quoted_repr(text)


def _literal(value: object, string: Callable[[str], str]) -> str:
    if isinstance(value, str):
        return string(value)
    if isinstance(value, int | bool) or value is None:
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(item, string) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    raise TypeError(f"pyrepr: unsupported value {type(value).__name__}")


@lru_cache(maxsize=_CACHED)
def docstring(text: str, indent: int = 0) -> str:
    """Collection text made safe inside a triple-quoted docstring, indented for its place.

    The text is laid out as black lays out a docstring (line breaks, leading tabs, re-indent by
    the least indented later line, stripped ends), so that black has nothing left to change.
    Templates join several pieces with their own text, so a piece must not start or end with a
    quote either: `"` + `""` from two pieces would close the docstring early. Cached: the
    sync and async classes carry the same docstrings.
    """
    text = _LINE_BREAKS.sub("\n", _CONTROL.sub("", text))
    first, *rest = [line.rstrip() for line in lines_with_leading_tabs_expanded(text)]
    margin = min((len(line) - len(line.lstrip()) for line in rest if line), default=0)
    text = "\n".join([first.strip(), *(line[margin:] for line in rest)]).strip()
    text = _RISKY_QUOTE.sub(r'\\"', text.replace("\\", "\\\\"))
    pad = " " * indent
    return "\n".join((pad + line) if line else "" for line in text.split("\n")).lstrip()


def docpiece(text: str, indent: int = 0, before: str = " ", after: str = "") -> str:
    """`before` + the escaped text + `after`, or nothing when no text is left: a template must
    not leave `Example: ` or a lone space behind a blank value."""
    body = docstring(text, indent)
    return f"{before}{body}{after}" if body else ""
