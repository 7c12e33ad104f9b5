"""The Jinja environment and the only two ways collection text may reach generated code.

Text from a collection is untrusted (a Postman description may contain `\"\"\"`, backslashes,
`{{ }}` or code): it is never template source, and enters the output only through `pyrepr` (string
literals) and `docstring` (escaped docstring bodies).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from black.strings import lines_with_leading_tabs_expanded, normalize_string_quotes

from postgen.ir import Api, Body, Operation, Param, PathPart, WireEntry
from postgen.rebuild import cache_dir
from postgen.render.layout import Group, Item, assignment, layout, line_kinds
from postgen.render.pages import page_arguments

__all__ = [
    "docstring",
    "environment",
    "literal",
    "method_signature",
    "pyrepr",
    "request_call",
    "string_expression",
    "templates_dir",
]

# f-string text may hold only characters that need no escaping inside `f"..."`.
_FSTRING_SAFE = re.compile(r"^[A-Za-z0-9 /._~:@!$&'()*+,;=%?#\[\]-]*$")
# A quote at either end of a piece, or next to another quote, could help form a closing `"""`.
_RISKY_QUOTE = re.compile(r'^"|"$|"(?=")|(?<=")"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Line breaks that Python's splitlines() knows (black measures docstrings with it): made "\n".
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


def templates_dir() -> Path:
    """`templates/` beside the package (a checkout) or inside it (an installed wheel)."""
    packaged = Path(str(files("postgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def pyrepr(value: object) -> str:
    """A Python literal for a str, int, bool, None or a tuple of those."""
    return _literal(value, repr)


def literal(value: object) -> str:
    """`pyrepr` with the quotes black would choose, for literals in code that skips black."""
    return _literal(value, lambda text: normalize_string_quotes(repr(text)))


def _literal(value: object, string: Callable[[str], str]) -> str:
    if isinstance(value, str):
        return string(value)
    if isinstance(value, int | bool) or value is None:
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(item, string) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    raise TypeError(f"pyrepr: unsupported value {type(value).__name__}")


def docstring(text: str, indent: int = 0) -> str:
    """Collection text made safe inside a triple-quoted docstring, indented for its place.

    The text is laid out as black lays out a docstring (line breaks, leading tabs, re-indent by
    the least indented later line, stripped ends), so that black has nothing left to change.
    Templates join several pieces with their own text, so a piece must not start or end with a
    quote either: `"` + `""` from two pieces would close the docstring early.
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


def _setting_expression(
    setting: str,
    client: str,
    lazy: Mapping[str, str] | None,
    text: Callable[[str], str],
    argument: str | None = None,
) -> str:
    """A client setting as a value; with `argument`, that argument first (`pick`)."""
    value = f"{client}.settings.{setting}"
    env = (lazy or {}).get(setting)
    checked = env is not None
    where = f"name={text(setting)}, env={text(env)}" if env is not None else ""
    if argument is not None:
        # The setting may be unset too: then the error names the argument and the setting.
        return (
            f"pick({argument}, {value}, {where})"
            if checked
            else f"pick({argument}, {value})"
        )
    if checked:
        # Needed only by some requests: checked here, with an error that says how to set it.
        return f"require_setting({value}, {where})"
    return value


def _argument_expression(
    param: Param,
    client: str,
    lazy: Mapping[str, str] | None,
    text: Callable[[str], str],
) -> str:
    """A method argument as a value: itself, else its client setting or generated value."""
    name = str(param.py_name)
    if param.dynamic is not None:
        return f"pick({name}, dynamic_value({text(param.dynamic)}))"
    if param.setting is not None:
        return _setting_expression(str(param.setting), client, lazy, text, name)
    return name


def _value_expression(
    part: PathPart,
    operation: Operation,
    client: str,
    quote: bool,
    lazy: Mapping[str, str] | None,
    in_fstring: bool = True,
) -> str:
    # Inside `f"..."` the literals must use single quotes (Python 3.11); outside, black's.
    text = repr if in_fstring else literal
    if part.param is None:
        return _setting_expression(str(part.setting), client, lazy, text)
    param = operation.param(part.param)
    value = _argument_expression(param, client, lazy, text)
    if quote:  # path values are URL-quoted so that a value can never change the path
        return f"path_param({text(str(part.param))}, {value})"
    return value if value != str(param.py_name) else f"str({value})"


def _is_literal(part: PathPart) -> bool:
    return part.param is None and part.setting is None


def string_expression(
    parts: Sequence[PathPart],
    operation: Operation,
    client: str = "self._client",
    quote: bool = True,
    lazy: Mapping[str, str] | None = None,
) -> str:
    """A Python expression building the string: an f-string when the literal text allows it."""
    if all(_is_literal(part) for part in parts):
        return literal("".join(part.text for part in parts))
    if len(parts) == 1 and not quote:
        return _value_expression(parts[0], operation, client, quote, lazy, False)
    if all(_FSTRING_SAFE.match(part.text) for part in parts if _is_literal(part)):
        body = "".join(
            (
                part.text
                if _is_literal(part)
                else "{" + _value_expression(part, operation, client, quote, lazy) + "}"
            )
            for part in parts
        )
        return f'f"{body}"'
    pieces = [
        (
            literal(part.text)
            if _is_literal(part)
            else _value_expression(part, operation, client, quote, lazy, False)
        )
        for part in parts
        if part.text or not _is_literal(part)
    ]
    return " + ".join(pieces)


def header_expression(
    parts: Sequence[PathPart],
    operation: Operation,
    client: str = "self._client",
    lazy: Mapping[str, str] | None = None,
) -> str:
    """Like `string_expression`, but values are inserted as they are, not URL-quoted."""
    return string_expression(parts, operation, client, quote=False, lazy=lazy)


def _mapping(keyword: str, entries: Sequence[tuple[str, str]]) -> Group:
    """`keyword={...}`, or a list of pairs when a key repeats (Postman sends each one)."""
    keys = [key.lower() if keyword == "headers" else key for key, _ in entries]
    if len(set(keys)) < len(keys):
        pairs = tuple(
            Group("(", (literal(key), value), ")", is_display=True)
            for key, value in entries
        )
        return Group(f"{keyword}=[", pairs, "]", is_display=True)
    items = tuple(f"{literal(key)}: {value}" for key, value in entries)
    return Group(f"{keyword}={{", items, "}", is_display=True)


def _entries(
    entries: Sequence[WireEntry],
    operation: Operation,
    client: str,
    lazy: Mapping[str, str],
) -> list[tuple[str, str]]:
    return [
        (
            entry.wire_name,
            (
                str(entry.param)
                if entry.param is not None
                else header_expression(entry.parts, operation, client, lazy)
            ),
        )
        for entry in entries
    ]


def _graphql_json(
    operation: Operation, body: Body, client: str, lazy: Mapping[str, str]
) -> Group:
    values = tuple(
        f"{literal(name)}: {header_expression((part,), operation, client, lazy)}"
        for name, part in body.graphql_values
    )
    arguments: tuple[Item, ...] = ("query", "variables", literal(body.variables))
    if values:
        arguments += (Group("{", values, "}", is_display=True),)
    return Group("json=graphql_body(", arguments, ")")


def _json_body(body: Body) -> Item:
    """`json=json_body(body, {"wireKey": argument, ...})`: only the fields passed are sent."""
    if not body.is_object:
        return "json=body"
    fields = tuple(f"{literal(e.wire_name)}: {e.param}" for e in body.json_fields)
    # Without a whole-body `body=` (the object has a `body` key), nothing replaces it.
    whole = "body" if body.whole else "NOT_GIVEN"
    display = Group("{", fields, "}", is_display=True)
    return Group("json=json_body(", (whole, display), ")")


def _call_items(
    operation: Operation, api: Api, client: str, is_async: bool = False
) -> list[Item]:
    """The arguments of a method's `request(...)` call."""
    lazy = api.lazy_settings
    args: list[Item] = [
        literal(operation.method),
        string_expression(operation.path, operation, client, lazy=lazy),
    ]
    if operation.page is not None:
        args += page_arguments(operation.page, literal)
    else:
        args.append(f"cast_to={operation.returns(is_async)}")
    query = _entries(operation.query, operation, client, lazy)
    if query:
        args.append(_mapping("query", query))
    headers: list[tuple[str, str]] = []
    body = operation.body
    if body is not None and body.content_type and body.kind != "multipart":
        headers.append(("Content-Type", literal(body.content_type)))
    headers += _entries(operation.headers, operation, client, lazy)
    if headers:
        args.append(_mapping("headers", headers))
    if body is not None:
        if body.kind == "json":
            args.append(_json_body(body))
        elif body.kind == "graphql":
            args.append(_graphql_json(operation, body, client, lazy))
        elif body.kind in ("text", "file"):
            args.append("content=body")
        elif body.fields:
            keyword = "files" if body.kind == "multipart" else "data"
            args.append(
                _mapping(keyword, _entries(body.fields, operation, client, lazy))
            )
    auth = api.auth_argument(operation, client)
    if auth:
        args.append(f"auth={auth}")
    if operation.follow_redirects is not None:
        args.append(f"follow_redirects={operation.follow_redirects}")
    args.append("options=options")
    return args


def request_call(operation: Operation, api: Api, client: str, is_async: bool) -> str:
    """`return [await] client.request(...)`, laid out as black would (see `layout`).

    A union return type goes through an annotated local: `request()` returns `Any` for a
    union `cast_to`, and `mypy --strict` refuses to return `Any` from a typed method.
    """
    if operation.page is not None:
        # Not awaited: the async form returns a paginator that is awaited or iterated.
        call = f"{client}.request_page("
        items = tuple(_call_items(operation, api, client, is_async))
        return layout(8, Group(f"return {call}", items, ")"))
    call = f"{'await ' if is_async else ''}{client}.request("
    items = tuple(_call_items(operation, api, client, is_async))
    if len(operation.return_parts(is_async)) > 1:
        target = f"result: {operation.returns(is_async)}"
        statement = assignment(8, target, Group(call, items, ")"))
        return f"{statement}\n        return result"
    return layout(8, Group(f"return {call}", items, ")"))


def method_signature(operation: Operation, is_async: bool) -> str:
    """The method's `def` line(s), laid out as black would (see `layout`).

    Required arguments first, then a JSON object body's fields and `body=` (its whole-body
    escape hatch), then the other optional arguments, each group in collection order.
    """
    params: list[str] = []
    required = [p for p in operation.signature_params if p.required]
    fields = [p for p in operation.signature_params if p.location == "body"]
    optional = [
        p for p in operation.signature_params if not p.required and p.location != "body"
    ]
    params += [f"{p.py_name}: {p.annotation}" for p in required]
    body = operation.body
    if body is not None and body.is_object:
        params += [f"{p.py_name}: {p.annotation} = NOT_GIVEN" for p in fields]
        if body.whole:
            params.append(f"body: {body.annotation} = NOT_GIVEN")
    elif body is not None and body.kind in ("json", "text", "file"):
        params.append(f"body: {body.annotation}")
    if body is not None and body.kind == "graphql":
        params.append(f"query: str = {literal(body.example)}")
        params.append("variables: Mapping[str, Any] | None = None")
    params += [
        f"{p.py_name}: {p.annotation} = {'KEY_ONLY' if p.key_only else literal(p.default)}"
        for p in optional
    ]
    params = [
        "self",
        *(["*", *params] if params else []),
        "**options: Unpack[RequestOptions]",
    ]
    # An async paginated method is a plain `def`: its paginator is both awaitable and an
    # async iterable (`async for` needs no `await` first).
    awaited = is_async and operation.page is None
    head = f"{'async ' if awaited else ''}def {operation.py_name}("
    tail = f") -> {operation.returns(is_async)}:"
    return layout(4, Group(head, tuple(params), tail))


def assignment_call(target: str, function: str, argument: str, indent: int) -> str:
    """`target = function(argument)`, laid out as black would (see `layout`)."""
    return assignment(indent, target, Group(f"{function}(", (argument,), ")"))


def code_of(text: str) -> str:
    """The code of rendered lines, for `used_in`: docstrings dropped, and the text of string
    literals blanked (a header named "Sequence" is not a use of `Sequence`); the expressions
    inside f-strings stay, as they are code."""
    return "\n".join(
        _blank_strings(line)
        for line, kind in line_kinds(text.split("\n"))
        if kind == "code"
    )


# A literal on one code line: an f-string whose braces hold no quotes, or a plain literal.
_FSTRING_BODY = r"(?:[^Q\\{}]|\\.|\{\{|\}\}|\{[^{}\"'\\]*\})*"
_PLAIN_BODY = r"(?:[^Q\\]|\\.)*"
_LITERAL = re.compile(
    "|".join(
        [f"[fF]{q}{_FSTRING_BODY.replace('Q', q)}{q}" for q in ('"', "'")]
        + [f"(?<![fF]){q}{_PLAIN_BODY.replace('Q', q)}{q}" for q in ('"', "'")]
    )
)
_FSTRING_PART = re.compile(r"\\.|\{\{|\}\}|\{[^{}]*\}|.", re.DOTALL)
_WORD = re.compile(r"(?<![\w.])\w+")


def _blank_literal(match: re.Match[str]) -> str:
    text = match.group()
    if text[0] in "\"'":
        return text[0] + " " * (len(text) - 2) + text[-1]
    # An f-string: its `{...}` expressions stay (they are code), the rest is blanked.
    body = _FSTRING_PART.sub(
        lambda m: (
            m.group()
            if m.group()[:1] == "{" and m.group() != "{{"
            else " " * len(m.group())
        ),
        text[2:-1],
    )
    return text[:2] + body + text[-1]


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
    words = set(_WORD.findall(code))
    return [name for name in names if name in words]


@cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept like Python's own `.pyc` files: compiling them is a quarter of a
    small build. Jinja checks each entry against the template's source and the Python version;
    without a writable cache folder templates are compiled every time."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(
    extra_filters: tuple[tuple[str, Callable[[Any], str]], ...] = (),
) -> jinja2.Environment:
    """The shared environment: strict undefined, trimmed blocks, no autoescape (this is code)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = pyrepr
    env.filters["docstring"] = docstring
    env.filters["docpiece"] = docpiece
    env.filters["literal"] = literal
    env.globals["request_call"] = request_call
    env.globals["method_signature"] = method_signature
    env.globals["assignment_call"] = assignment_call
    env.filters["used_in"] = used_in
    env.filters["code_of"] = code_of
    env.filters.update(extra_filters)
    return env
