"""Model blocks as black leaves them: the line shapes datamodel-code-generator (and the params
TypedDicts) write, checked against a whitelist, and the few long ones split as black splits them.

`render.format` keeps a model block without running black when `keep_model_block` vouches for
every line; tests compare each rule with black on lines of every length around the 88-column
edge (`tests/test_format_split.py`) and on every corpus module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from postgen.render.black_text import str_width
from postgen.render.layout import (
    LINE_LENGTH,
    all_fit,
    is_unsplittable,
    split_outside_brackets,
    union_lines,
    union_members,
)

__all__ = ["keep_model_block", "model_line"]


# A (dotted) name: `Item`, `_models.Item`.
_NAME = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"


# `class Name(base.Name):`: too long, black puts the one base on a line of its own.
_ONE_BASE_CLASS = re.compile(rf"(?P<head>class \w+\()(?P<base>{_NAME})\):")


# The names of a `from x import ...` line as dcg writes it: `A, B as B_1, C`.
_IMPORT_NAMES = r"\w+(?: as \w+)?(?:, \w+(?: as \w+)?)*"
_FROM_IMPORT = re.compile(rf"(?P<head>from [\w.]+ import )(?P<names>{_IMPORT_NAMES})")


# Lines that a block may be kept with as they are: what black leaves alone, in the shapes
# datamodel-code-generator writes. `T` stands for a type expression, checked by `_is_type`.
_MODEL_LINES = [
    re.compile(pattern)
    for pattern in (
        r"from __future__ import annotations",
        rf"from [\w.]+ import {_IMPORT_NAMES}",
        r"class \w+\((?P<t>[^()]+)\):",
        r"    model_config = ConfigDict\(",
        r'        \w+=(?:"\w+"|True|False),',
        r"    \)",
        r"    pass",
        r'    \w+: (?P<t>[^=:"]+)(?: = (?:None|Field\((?:None|\.\.\.), alias="[^"\'\\]*"\)))?',
    )
]


_SIMPLE_SINGLE_QUOTED = re.compile(r"'([^'\"\\]*)'")


_LONG_FIELD = re.compile(
    r'(?P<head>    (?P<name>\w+): (?P<t>[^=:"]+) = Field)'
    r'\((?P<args>(?:None|\.\.\.), alias="[^"\'\\]*")\)'
)


# An annotation that is one subscript (`list[Item]`, `dict[str, Item]`).
_OUTER_SUBSCRIPT = re.compile(r"(?P<outer>[\w.]+)\[(?P<inner>.+)\]")


def _is_type(text: str) -> bool:
    """A type expression in black's spelling: `list[A | None]`, `dict[str, Any]`."""
    if re.search(r",(?! )|(?<! )\||\|(?! )", text):
        return False  # black spaces `a,b` and `a|b`
    compact = text.replace(", ", ",").replace(" | ", "|")
    if not re.fullmatch(r"[\w.]+(?:[\[\],|][\w.]*)*", compact):
        return False
    if re.search(r"\[[],|]|[,|][],|]|\]\w|^\W|[\[,|]$", compact):
        return False
    depth = 0
    for char in compact:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def model_line(line: str) -> str | None:
    """`line` as black would keep it, if it is one of the whitelisted model shapes."""
    if not line or line.startswith("# "):
        # The header comment: black keeps a comment line as it is, however long.
        return line if line == line.rstrip() else None
    if '"' not in line and "\\" not in line:
        line = _SIMPLE_SINGLE_QUOTED.sub(r'"\1"', line)
    if "'" in line or str_width(line) > LINE_LENGTH:
        return None
    for pattern in _MODEL_LINES:
        match = pattern.fullmatch(line)
        if match:
            kind = match.groupdict().get("t")
            return line if kind is None or _is_type(kind) else None
    return None


def _split_field(line: str) -> list[str] | None:
    """A field line too long for one line, split as black splits it: at the call's bracket,
    the arguments on one line of their own (when the head and the arguments each fit); else,
    when the line up to the call is itself too long, the call in parentheses on a line of
    its own (`name: LongType = (` / `Field(..., alias="x")` / `)`); else, when even that first
    line is too long, inside the annotation (`_split_inside_annotation`).
    """
    if '"' not in line and "\\" not in line:
        line = _SIMPLE_SINGLE_QUOTED.sub(r'"\1"', line)
    match = _LONG_FIELD.fullmatch(line)
    if str_width(line) <= LINE_LENGTH or match is None or not _is_type(match["t"]):
        return None
    at_call = all_fit([f"{match['head']}(", f"        {match['args']}", "    )"])
    if at_call is not None or str_width(match["head"]) < LINE_LENGTH:
        return at_call
    call = f"Field({match['args']})"
    opened = f"{match['head'][: -len('Field')]}("
    if str_width(opened) > LINE_LENGTH:
        return _split_inside_annotation(match["name"], match["t"], f" = {call}")
    return all_fit([opened, f"        {call}", "    )"])


def _split_inside_annotation(name: str, annotation: str, tail: str) -> list[str] | None:
    """black's split of a field line too long even up to `= (`: inside the brackets of an
    annotation that is one subscript (`name: list[` / `Item` / `] = Field(...)`), else the
    annotation in parentheses (`name: (` / `Item | None` / `) = Field(...)`), a union still too
    long split at its `|`. A lone name stays on its line however long: black cannot split it.
    """
    subscript = _OUTER_SUBSCRIPT.fullmatch(annotation)
    if subscript is not None and len(union_members(annotation)) == 1:
        head, body, close = (
            f"    {name}: {subscript['outer']}[",
            subscript["inner"],
            "    ]",
        )
    else:
        head, body, close = f"    {name}: (", annotation, "    )"
    if re.fullmatch(_NAME, body):
        lines: list[str] | None = [f"        {body}"]
    else:
        lines = union_lines("        ", body)
    if lines is None or all_fit([head, close + tail]) is None:
        return None
    return [head, *lines, close + tail]


# A field `name: Outer[Inner]` (a TypedDict's `NotRequired[...]`), `name: A | None = None` and
# `name: A` (no default).
_SUBSCRIPT_FIELD = re.compile(r"(?P<head>    \w+: [\w.]+\[)(?P<body>.+)\]")


_UNION_FIELD = re.compile(r"    (?P<name>\w+): (?P<t>[^=]+ \| [^=]+) = None")


_BARE_FIELD = re.compile(r"    (?P<name>\w+): (?P<t>[^=]+)")


def _split_annotation(line: str) -> list[str] | None:
    """A field line whose annotation makes it too long, split as black splits it: inside the
    outer subscript (`name: NotRequired[` / `Inner` / `]`); with a `= None` default, the default
    in parentheses when the line up to them fits (`name: A | None = (` / `None` / `)`), else the
    union (`name: (` / `A | None` / `) = None`); without a default, the annotation in
    parentheses (`name: (` / `A` / `)`). A union still too long inside is split at its `|`
    (`layout.union_lines`). None unless every line fits.
    """
    if str_width(line) <= LINE_LENGTH:
        return None
    inner: str | None = None
    head, tail = "", ""
    if match := _SUBSCRIPT_FIELD.fullmatch(line):
        inner, head, tail = match["body"], match["head"], "    ]"
    elif (match := _UNION_FIELD.fullmatch(line)) and len(union_members(match["t"])) > 1:
        inner = match["t"]
        opened = f"    {match['name']}: {inner} = ("
        if str_width(opened) <= LINE_LENGTH:
            return [opened, "        None", "    )"] if _is_type(inner) else None
        head, tail = f"    {match['name']}: (", "    ) = None"
    elif (match := _BARE_FIELD.fullmatch(line)) and not match["t"].endswith("]"):
        # (One ending in a bracket black may split there instead.)
        inner, head, tail = match["t"], f"    {match['name']}: (", "    )"
    if inner is None or not _is_type(inner):
        return None
    if tail == "    ]":
        body = _subscript_body("        ", inner, "")
        if body is None or any(map(_too_long_to_keep, [head, *body])):
            return None
        return [head, *body, tail]
    body = union_lines("        ", inner)
    return all_fit([head, *body, tail]) if body is not None else None


def _too_long_to_keep(line: str) -> bool:
    """A line too long that black would still split (a lone name it keeps, however long)."""
    return str_width(line) > LINE_LENGTH and not is_unsplittable(line)


def _subscript_body(indent: str, body: str, comma: str) -> list[str] | None:
    """The inside of a subscript split at its brackets, as black lays it out at `indent`:
    one line if it fits; a union split at its `|`; several arguments a line each, each with
    a comma; one argument that is itself a subscript split again in its own brackets
    (`Sequence[` / `Mapping[` / `str,` / `Item,` / `]` / `]`); a lone name left however
    long. None for what these rules do not cover (`comma` is what follows the text)."""
    if str_width(indent + body + comma) <= LINE_LENGTH:
        return [indent + body + comma]
    arguments = split_outside_brackets(body, ", ")
    if len(arguments) > 1:
        lines: list[str] = []
        for argument in arguments:
            inner = _subscript_body(indent, argument, ",")
            if inner is None:
                return None
            lines += inner
        return lines
    if re.fullmatch(_NAME, body):
        return [indent + body + comma]
    if len(union_members(body)) > 1:
        return union_lines(indent, body) if not comma else None
    subscript = _OUTER_SUBSCRIPT.fullmatch(body)
    if subscript is None:
        return None
    head = f"{indent}{subscript['outer']}["
    inner = _subscript_body(indent + "    ", subscript["inner"], "")
    if inner is None or str_width(head) > LINE_LENGTH:
        return None
    return [head, *inner, f"{indent}]{comma}"]


def keep_model_block(lines: Sequence[str]) -> list[str] | None:
    """The block's lines (long field lines split) if black would keep them, else None."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        fixed = model_line(line)
        if fixed is None:
            split = (
                _split_field(line)
                or _split_class(line)
                or _split_annotation(line)
                or _split_import(line)
            )
            if split is None:
                return None
            kept.extend(split)
            continue
        is_blank = not fixed
        if is_blank and index and (not kept[-1] or lines[0].startswith("class ")):
            return None  # a blank line inside a class, or two in a row
        kept.append(fixed)
    return kept


def _split_class(line: str) -> list[str] | None:
    """`class Name(`, the base, `):`: black's split of a one-base class line too long for a
    line (a model subclassing the shared shape of the same long name)."""
    match = _ONE_BASE_CLASS.fullmatch(line)
    if match is None or str_width(line) <= LINE_LENGTH:
        return None
    return [match["head"], f"    {match['base']}", "):"]


def _split_import(line: str) -> list[str] | None:
    """`from x import (`, a name a line, each with a trailing comma, `)`: black's split of an
    import too long for a line (it always adds the comma, so even one name gets its own line,
    and a name's line too long stays so: `A as B` cannot be split)."""
    match = _FROM_IMPORT.fullmatch(line)
    if match is None or str_width(line) <= LINE_LENGTH:
        return None
    names = [f"    {name}," for name in match["names"].split(", ")]
    return [f"{match['head']}(", *names, ")"]
