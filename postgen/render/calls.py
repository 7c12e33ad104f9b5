"""A method's signature and its `request(...)` call, laid out as black would (`layout`).

Every collection value in them is a literal (`escape.literal`) or a parameter name: the IR's
names are identifiers postgen made, never collection text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from postgen.ir import Api, Body, Operation, Param, PathPart, WireEntry
from postgen.render.black_text import str_width
from postgen.render.escape import literal
from postgen.render.layout import LINE_LENGTH, Group, Item, all_fit, assignment, layout
from postgen.render.pages import page_arguments

__all__ = [
    "assignment_call",
    "conjunction",
    "def_statement",
    "header_expression",
    "method_signature",
    "request_call",
    "string_expression",
]

# f-string text may hold only characters that need no escaping inside `f"..."`, and braces
# (doubled there: `/carts/{id}` written as it is in the collection).
_FSTRING_SAFE = re.compile(r"^[A-Za-z0-9 /._~:@!$&'()*+,;=%?#\[\]{}-]*$")
# `function(a.b, name="text", ...)`: a helper call whose arguments split at ", " safely.
_ARGUMENT = r'(?:[\w.]+|\w+="[\w$.-]*")'
_SIMPLE_CALL = re.compile(
    rf"(?P<function>\w+)\((?P<args>{_ARGUMENT}(?:, {_ARGUMENT})*)\)"
)


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
                part.text.replace("{", "{{").replace("}", "}}")
                if _is_literal(part)
                else "{" + _value_expression(part, operation, client, quote, lazy) + "}"
            )
            for part in parts
        )
        return f'f"{body}"'
    # Adjacent literal parts are one literal (`base + "/a/{b}"`, not `base + "/" + "a" + ...`).
    pieces: list[str] = []
    text = ""
    for part in parts:
        if _is_literal(part):
            text += part.text
            continue
        if text:
            pieces.append(literal(text))
            text = ""
        pieces.append(_value_expression(part, operation, client, quote, lazy, False))
    if text:
        pieces.append(literal(text))
    return " + ".join(pieces)


def header_expression(
    parts: Sequence[PathPart],
    operation: Operation,
    client: str = "self._client",
    lazy: Mapping[str, str] | None = None,
) -> str:
    """Like `string_expression`, but values are inserted as they are, not URL-quoted."""
    return string_expression(parts, operation, client, quote=False, lazy=lazy)


def _call_group(prefix: str, value: str) -> Item:
    """`prefix + value`; a call of the helpers above (`pick(...)`, `require_setting(...)`) as a
    group, so that `layout` can split it at its bracket as black does. Only arguments that are
    names or `name="text"` count: any other value stays one item (and black lays it out).
    """
    match = _SIMPLE_CALL.fullmatch(value)
    if match is None:
        return prefix + value
    arguments = tuple(match["args"].split(", "))
    return Group(f"{prefix}{match['function']}(", arguments, ")")


def _mapping(keyword: str, entries: Sequence[tuple[str, str]]) -> Group:
    """`keyword={...}`, or a list of pairs when a key repeats (Postman sends each one)."""
    keys = [key.lower() if keyword == "headers" else key for key, _ in entries]
    if len(set(keys)) < len(keys):
        pairs = tuple(
            Group("(", (literal(key), _call_group("", value)), ")", is_display=True)
            for key, value in entries
        )
        return Group(f"{keyword}=[", pairs, "]", is_display=True)
    items = tuple(_call_group(f"{literal(key)}: ", value) for key, value in entries)
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
        _call_group(
            f"{literal(name)}: ", header_expression((part,), operation, client, lazy)
        )
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
        args += page_arguments(operation.page)
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


def call_statement(indent: int, function: str, *arguments: str) -> str:
    """`function(arguments)` at `indent` (`function` may start with `return ` or `else `), laid
    out as black would (see `layout`)."""
    return layout(indent, Group(f"{function}(", arguments, ")"))


def def_statement(
    indent: int, name: str, parameters: Sequence[str], returns: str
) -> str:
    """`def name(parameters) -> returns:` at `indent`, laid out as black would (see `layout`).

    Two parameters at least: black gives a lone one a trailing comma when it splits it (a rule
    `layout` leaves to `render.format`).
    """
    if len(parameters) < 2:
        raise ValueError(
            f"def_statement needs two parameters or more, got {parameters!r}"
        )
    return layout(indent, Group(f"def {name}(", tuple(parameters), f") -> {returns}:"))


def conjunction(indent: int, keyword: str, operands: Sequence[str]) -> str:
    """`keyword a and b` at `indent` (`keyword` is `if`: a conditional expression's condition,
    already on a line of its own), as black lays it out: one line if it fits, else split before
    each `and`, the operands a line each at the same indent. Left on one line (so black gets
    the block) when an operand's line still does not fit.
    """
    pad = " " * indent
    flat = f"{pad}{keyword} {' and '.join(operands)}"
    lines = [f"{pad}{keyword} {operands[0]}", *(f"{pad}and {o}" for o in operands[1:])]
    if str_width(flat) <= LINE_LENGTH or all_fit(lines) is None:
        return flat
    return "\n".join(lines)


def assignment_call(target: str, function: str, argument: str, indent: int) -> str:
    """`target = function(argument)`, laid out as black would (see `layout`)."""
    return assignment(indent, target, Group(f"{function}(", (argument,), ")"))
