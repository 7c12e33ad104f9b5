"""Black's line layout for the few statement shapes postgen emits, so most output needs no black.

Black cost about 10 s of a cold GitHub build, half of it only parsing. The statements that grow
long in postgen's templates have three shapes: a `def` with keyword parameters, a call with
arguments (some of them dict displays), and `target = function(argument)`. For these, black's
choice is simple and is reproduced here (`assignment` adds black's parentheses around a value):

1. the statement fits on one line: one line;
2. otherwise split at the bracket: the head line, the items on one indented line if they fit
   (a dict display with two or more entries is always exploded instead), then the tail line;
3. otherwise one item per line with a trailing comma; an item that is itself a bracketed group
   and still too long is laid out by the same rules (a group of one item is split inside it,
   with no trailing comma: `query={` / `"k": f(` / `...` / `)` / `}`); a parameter
   `name: A | None = default` that is too long gets its annotation in parentheses (split at
   its `|` when still too long); a concatenation (`base_url + "/text"`) is split before each
   `+`, an operand a line; a lone string literal or a `"key": name` entry stays as it is,
   however long (black cannot split it either).

Anything else (a head, tail or item that cannot fit, however split) is left on one line, too
long: `render.format` then hands that block to black itself. Tests compare the result with black
on every corpus client, so a drift in these rules shows up as a failing test, not as output that
black would change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from postgen.render.black_text import str_width

__all__ = [
    "LINE_LENGTH",
    "STRING_LITERAL",
    "Group",
    "Item",
    "all_fit",
    "is_unsplittable",
    "layout",
    "line_kinds",
    "one_line",
    "split_outside_brackets",
    "union_lines",
    "union_members",
]

LINE_LENGTH = 88
_INDENT = "    "
# Lines black cannot split however long: one string literal (plain or f-string), one dict
# entry whose key is a string literal and whose value is a name or a string literal, or one
# parameter (with its comma: an annotated statement is split by black) with a plain annotation
# and no default or a string one (or the `) = "..."` that ends a
# parenthesized annotation, or its `name: (` opening), or one keyword argument whose value is
# a name, a dotted name or a string literal (`name=name,`, `item_type=_models.Item,`,
# `env="..."`); then maybe a comma. Also a lone (dotted) name, and a line of a split
# concatenation that adds one (`+ "text"`, `+ self._client.settings.base_url`).
# (A string with double quotes inside is single-quoted, as black leaves it.)
STRING_LITERAL = r"""f?(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_UNSPLITTABLE = re.compile(
    rf'\s*(?:{STRING_LITERAL}|"(?:[^"\\\n]|\\.)*": (?:\w+|{STRING_LITERAL})|(?:\w+: [\w.]+(?: = {STRING_LITERAL})?|\) = {STRING_LITERAL}|\w+=(?:[\w.]+|{STRING_LITERAL})),|\w+: \(|[\w.]+|\+ (?:{STRING_LITERAL}|[\w.]+)),?'
)
# A parameter `name: A | B = default`: too long, black puts the annotation in parentheses. A
# member may be subscripted (`Sequence[_params.Item] | NotGiven`), one level of brackets deep.
_MEMBER = r"[\w.]+(?:\[[\w., |]+\])?"
_UNION_PARAM = re.compile(rf"(\w+): ({_MEMBER}(?: \| {_MEMBER})+) = (.+)")
# A union member that subscripts one name with one name: `Sequence[_params.Item]`.
_ONE_SUBSCRIPT = re.compile(r"[\w.]+\[([\w.]+)\]")
# The end of a split `def`: its return annotation a name subscripting one name
# (`AsyncPaginator[_models.Item]`), or a name.
_RETURN_SUBSCRIPT = re.compile(r"\) -> ([\w.]+)\[([\w.]+)\]:")
_RETURN_NAME = re.compile(r"\) -> ([\w.]+):")
# A parameter whose default is a tuple of literals: `name: A | None = ("a", "b")`.
_TUPLE_PARAM = re.compile(r"(\w+: [^=]+ = )\((.*)\)")
_ELEMENT = re.compile(rf"{STRING_LITERAL}|-?\d+(?:\.\d+)?|None|True|False")
# What `_operands` steps over: string literals, brackets, and the ` + ` it splits at.
_CHAIN_TOKEN = re.compile(rf"{STRING_LITERAL}|[(\[{{)\]}}]| \+ ")


def is_unsplittable(line: str) -> bool:
    """Whether black leaves `line` as it is however long (see `_UNSPLITTABLE`)."""
    return _UNSPLITTABLE.fullmatch(line) is not None


@dataclass(frozen=True)
class Group:
    """A bracketed item: `head` ends with the opening bracket, `tail` starts with the closing.

    `is_display` marks a dict/list display: black always explodes its entries once it splits it.
    """

    head: str
    items: tuple[Item, ...]
    tail: str
    is_display: bool = False


Item = str | Group


def one_line(item: Item) -> str:
    """The item written flat, as it appears when nothing is split."""
    if isinstance(item, str):
        return item
    return item.head + ", ".join(one_line(child) for child in item.items) + item.tail


def _fits(indent: str, text: str) -> bool:
    return str_width(indent + text) <= LINE_LENGTH


def _split(indent: str, group: Group, after: str) -> list[str] | None:
    """Lines of `group` (followed by `after`) split at its bracket, or None if black's choice
    is not one this module reproduces."""
    closing = _closing_lines(indent, group.tail + after)
    if not _fits(indent, group.head) or closing is None:
        return None
    inner = indent + _INDENT
    body = ", ".join(one_line(item) for item in group.items)
    exploded = group.is_display and len(group.items) > 1
    if not exploded and _fits(inner, body):
        return [indent + group.head, inner + body, *closing]
    if len(group.items) == 1:
        return _split_lone(indent, group, closing)
    if not group.items:
        return None
    lines = [indent + group.head]
    for item in group.items:
        flat = one_line(item) + ","
        if _fits(inner, flat):
            lines.append(inner + flat)
            continue
        if isinstance(item, str):
            if is_unsplittable(flat):
                lines.append(inner + flat)
                continue
            chain = _chain_lines(inner, item, ",")
            if chain is not None:
                lines.extend(chain)
                continue
            wrapped = _parenthesized_annotation(inner, item) or _tuple_default(
                inner, item
            )
            if wrapped is None:
                return None
            lines.extend(wrapped)
            continue
        nested = _split(inner, item, ",")
        if nested is None:
            return None
        lines.extend(nested)
    return [*lines, *closing]


def _closing_lines(indent: str, tail: str) -> list[str] | None:
    """The line(s) of a split group's closing bracket and what follows it: one line if it
    fits; a `def`'s `) -> Name[Item]:` too long, split inside the subscript (black splits the
    rest of a `def` on its own, at its last bracket); a `) -> Name:` too long, the name in
    parentheses of its own. None otherwise."""
    if _fits(indent, tail):
        return [indent + tail]
    if match := _RETURN_SUBSCRIPT.fullmatch(tail):
        return [
            f"{indent}) -> {match[1]}[",
            f"{indent}{_INDENT}{match[2]}",
            f"{indent}]:",
        ]
    if match := _RETURN_NAME.fullmatch(tail):
        # Black keeps a lone name too long for the parentheses (it cannot be split), but
        # parenthesizes a dotted one whatever its length.
        if "." not in match[1] and not _fits(indent + _INDENT, match[1]):
            return [indent + tail]
        return [f"{indent}) -> (", f"{indent}{_INDENT}{match[1]}", f"{indent}):"]
    return None


def _split_lone(indent: str, group: Group, closing: list[str]) -> list[str] | None:
    """A group of one item too long for the line inside the brackets: black splits that item
    on its own lines, with no trailing comma (`query={` / `"k": f(` / `...` / `)` / `},`).
    """
    (item,) = group.items
    inner = indent + _INDENT
    if isinstance(item, str):
        lines = (
            [inner + item] if is_unsplittable(item) else _chain_lines(inner, item, "")
        )
    else:
        lines = _split(inner, item, "")
    if lines is None:
        return None
    return [indent + group.head, *lines, *closing]


def _operands(item: str) -> list[str]:
    """The operands of `item`'s top-level ` + ` (outside string literals and brackets); the
    item alone when it is no concatenation."""
    operands: list[str] = []
    depth = start = 0
    for match in _CHAIN_TOKEN.finditer(item):
        token = match.group()
        if token in ("(", "[", "{"):
            depth += 1
        elif token in (")", "]", "}"):
            depth -= 1
        elif token == " + " and depth == 0:
            operands.append(item[start : match.start()])
            start = match.end()
    return [*operands, item[start:]]


def _chain_lines(indent: str, item: str, comma: str) -> list[str] | None:
    """A concatenation too long for its line, as black splits it: before each top-level `+`,
    an operand a line (a dict entry's key stays with the first; `comma` ends the last). None
    when `item` is no concatenation or an operand's line still does not fit and is not one
    black leaves as it is (a call there black would split further)."""
    operands = _operands(item)
    if len(operands) < 2:
        return None
    texts = [operands[0], *(f"+ {operand}" for operand in operands[1:])]
    texts[-1] += comma
    if any(not _fits(indent, text) and not is_unsplittable(text) for text in texts):
        return None
    return [indent + text for text in texts]


def all_fit(lines: list[str]) -> list[str] | None:
    """`lines` if every one fits the line length, else None (black would split further)."""
    return lines if all(_fits("", line) for line in lines) else None


def union_members(annotation: str) -> list[str]:
    """The members of `annotation`'s top-level union (`list[A | B] | None`: two), outside any
    brackets; one member when it is not a union."""
    return split_outside_brackets(annotation, " | ")


def split_outside_brackets(annotation: str, separator: str) -> list[str]:
    """`annotation` split at each `separator` outside its square brackets (`str, list[A, B]`
    at `", "`: two parts)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and annotation.startswith(separator, index):
            parts.append(annotation[start:index])
            start = index + len(separator)
    return [*parts, annotation[start:]]


def union_lines(
    indent: str, annotation: str, subscripts: bool = False
) -> list[str] | None:
    """`annotation` on lines of its own at `indent`: one line if it fits, else black's split of
    a union at its top-level `|` (a member a line, `| ` leading all but the first); None when a
    line still does not fit. With `subscripts`, a member still too long that subscripts one
    name (`Sequence[_params.Item]`) is split inside its brackets, as black does in a
    parameter's parenthesized annotation."""
    if _fits(indent, annotation):
        return [indent + annotation]
    members = union_members(annotation)
    if len(members) < 2:
        return None
    lines: list[str] = []
    for index, member in enumerate(members):
        line = f"{indent}{'| ' if index else ''}{member}"
        subscript = _ONE_SUBSCRIPT.fullmatch(member) if subscripts else None
        if _fits("", line) or subscript is None:
            lines.append(line)
            continue
        lines += [line[: -len(subscript[1]) - 1], indent + _INDENT + subscript[1]]
        lines.append(indent + "]")
    return all_fit(lines)


def _parenthesized_annotation(indent: str, param: str) -> list[str] | None:
    """`name: (`, the union on its own line, `) = default,`: black's split of a parameter whose
    union annotation makes it too long; None when it is not that case or a piece still fails.
    """
    match = _UNION_PARAM.fullmatch(param)
    if match is None:
        return None
    name, annotation, default = match.groups()
    if default[:1] in "([{":
        return None  # black splits inside the default's brackets instead: its call
    members = union_lines(indent + _INDENT, annotation, subscripts=True)
    if members is None:
        return None
    last = f"{indent}) = {default},"
    # A string default too long for any line stays on the last line, too long, as in black.
    if not _fits("", last) and re.fullmatch(STRING_LITERAL, default) is None:
        return None
    return [f"{indent}{name}: (", *members, last]


def _tuple_default(indent: str, param: str) -> list[str] | None:
    """`name: T = (`, an element a line (each with its comma), `),`: black's split of a
    parameter too long for its line whose default is a tuple (a repeated query parameter's
    values). Black splits at the tuple's brackets and, a tuple display being an atom, always
    puts its elements a line each. None when it is not that case or a line still fails.
    """
    match = _TUPLE_PARAM.fullmatch(param)
    if match is None:
        return None
    head, content = match.groups()
    elements = _ELEMENT.findall(content)
    if not elements or ", ".join(elements) != content.removesuffix(","):
        return None
    lines = [
        f"{indent}{head}(",
        *(f"{indent}{_INDENT}{element}," for element in elements),
        f"{indent}),",
    ]
    # The head `name: T = (` is never unsplittable: it must fit.
    if any(not _fits("", line) and not is_unsplittable(line) for line in lines):
        return None
    return lines


def layout(indent: int, group: Group) -> str:
    """The statement `group` at `indent` spaces, as black lays it out; no final newline.

    When the rules above do not settle it, the statement stays on one (too long) line, which
    makes `render.format` give its block to black.
    """
    pad = " " * indent
    flat = one_line(group)
    if _fits(pad, flat):
        return pad + flat
    lines = _split(pad, group, "")
    return "\n".join(lines) if lines is not None else pad + flat


def assignment(indent: int, target: str, value: Group) -> str:
    """`target = value` as black lays it out: split inside the value's brackets when the line up
    to them fits, else inside invisible parentheses around the value."""
    pad = " " * indent
    flat = f"{pad}{target} = {one_line(value)}"
    if _fits("", flat):
        return flat
    joined = Group(f"{target} = {value.head}", value.items, value.tail)
    lines = _split(pad, joined, "")
    if lines is None and not _fits(pad, joined.head):
        inner = layout(indent + 4, value)
        if all(_fits("", line) for line in inner.split("\n")):
            lines = [f"{pad}{target} = (", inner, f"{pad})"]
    return "\n".join(lines) if lines is not None else flat


def line_kinds(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each line of a module postgen rendered, with its kind: "code", "oneline" (a one-line
    docstring), "opening", "inside" or "closing" a longer docstring.

    postgen writes triple quotes only to open or close docstrings (its `docstring` filter escapes
    any in collection text, and its literals are never triple-quoted), and opens them at the
    start of a line, so this needs no tokenizer.
    """
    inside = False
    for line in lines:
        if inside:
            inside = '"""' not in line
            yield line, "inside" if inside else "closing"
        elif line.lstrip().startswith('"""'):
            inside = '"""' not in line.lstrip()[3:]
            yield line, "opening" if inside else "oneline"
        else:
            yield line, "code"
