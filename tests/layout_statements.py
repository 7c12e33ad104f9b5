"""Random statements of the shapes postgen emits, for `test_layout` to compare with black.

Names come in lengths that push the statements across the 88-column limit in every way the
layout rules care about, now and then with wide (two-column) characters.
"""

from __future__ import annotations

import keyword
import random

from postgen.render.calls import _call_group
from postgen.render.escape import literal
from postgen.render.layout import Group, Item

__all__ = ["random_name", "random_request", "random_signature", "union_return_type"]

_WORDS = (
    "id",
    "job",
    "user",
    "file",
    "page",
    "bulk",
    "write",
    "field",
    "token",
    "module",
    "record",
    "status",
    "account",
    "details",
    "organization",
    "subscription",
)
# Wide (two-column) characters: black measures width, not length, and so must the layout.
_WIDE = ("名前", "日付", "番号")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


# --- random pieces ------------------------------------------------------------------------


def random_name(rng: random.Random, length: int) -> str:
    """A snake_case identifier of exactly `length` characters."""
    text = ""
    while len(text) < length:
        text += rng.choice(_WORDS) + "_"
    text = text[:length]
    if text.endswith("_") or keyword.iskeyword(text):
        text = text[:-1] + "x"
    return text


def _class_name(rng: random.Random, length: int) -> str:
    """A CamelCase class name of about `length` characters."""
    text = ""
    while len(text) < length:
        text += rng.choice(_WORDS).capitalize()
    return text[: max(length, 1)]


def _short(rng: random.Random, high: int = 24) -> int:
    """A name length: mostly short, sometimes long (long names are what push a line over)."""
    return rng.randint(1, high) if rng.random() < 0.8 else rng.randint(high, 3 * high)


def _wire(rng: random.Random, high: int) -> str:
    """A wire name as a literal (keys of query/header dicts), now and then with wide text."""
    text = random_name(rng, _short(rng, high)).replace("_", rng.choice(("_", "-", "")))
    if rng.random() < 0.05:
        text += rng.choice(_WIDE)
    return literal(text)


def _model(rng: random.Random, high: int) -> str:
    return f"_models.{_class_name(rng, _short(rng, high))}"


def _return_type(rng: random.Random, high: int) -> str:
    kind = rng.random()
    if kind < 0.15:
        return "Any"
    if kind < 0.2:
        return rng.choice(("BinaryResponse", "AsyncBinaryResponse", "str"))
    if kind < 0.25:
        return f"dict[str, {_model(rng, high)}]"
    return f"list[{_model(rng, high)}]" if kind < 0.4 else _model(rng, high)


def union_return_type(rng: random.Random, high: int) -> str:
    """A return type that is a union (a method whose examples are not all JSON)."""
    first = rng.choice((_model(rng, high), f"list[{_model(rng, high)}]", "str"))
    rest = rng.choice(("str", "BinaryResponse", "str | AsyncBinaryResponse"))
    return f"{first} | {rest}"


def _field_type(rng: random.Random, high: int) -> str:
    """The annotation of a body field argument (without `| NotGiven`)."""
    name = f"_params.{_class_name(rng, _short(rng, high))}"
    return rng.choice(
        (
            "str",
            "int",
            "Any",
            name,
            f"Sequence[{name}]",
            f"Mapping[str, {name}]",
            "Sequence[str | None]",
        )
    )


# --- the three statement shapes -----------------------------------------------------------


def random_signature(rng: random.Random) -> Group:
    """`[async ]def name(self, *, ..., **options: Unpack[RequestOptions]) -> T:`.

    `high` scales the names: short signatures are needed to reach the one-line branch at all.
    """
    high = rng.choice((6, 12, 24))
    params = ["self"]
    required = [
        f"{random_name(rng, _short(rng, high))}: {rng.choice(('PathValue', 'QueryValue', 'str'))}"
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))
    ]
    fields = [
        f"{random_name(rng, _short(rng, high))}: {_field_type(rng, high)} | NotGiven = NOT_GIVEN"
        for _ in range(rng.choice((1, 2, 4)))
    ]
    body = rng.choice(
        (
            [],
            [],
            ["body: Any"],
            ["body: str | bytes"],
            [*fields, "body: Mapping[str, Any] | NotGiven = NOT_GIVEN"],
            [*fields, "body: Mapping[str, Any] | NotGiven = NOT_GIVEN"],
            [f"body: Sequence[_params.{_class_name(rng, _short(rng, high))}]"],
            [
                f"query: str = {literal(random_name(rng, _short(rng, high)))}",
                "variables: Mapping[str, Any] | None = None",
            ],
        )
    )
    optional = [
        f"{random_name(rng, _short(rng, high))}: {rng.choice(('QueryValue', 'str'))} | None = "
        + (
            literal(random_name(rng, _short(rng, high // 2)))
            if rng.random() < 0.3
            else "None"
        )
        for _ in range(rng.choice((0, 0, 1, 2, 4)))
    ]
    if required or body or optional:
        params.append("*")
    params += [*required, *body, *optional, "**options: Unpack[RequestOptions]"]
    keyword_ = "async def" if rng.random() < 0.5 else "def"
    head = f"{keyword_} {random_name(rng, _short(rng, high))}("
    return Group(head, tuple(params), f") -> {_return_type(rng, high)}:")


def _path(rng: random.Random, high: int) -> str:
    """The request path: a literal, an f-string with path params (now and then too long to fit
    anywhere), or the concatenation postgen writes when the text cannot go in an f-string.
    """
    segments = [random_name(rng, _short(rng, high)) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.1:
        segments *= rng.randint(3, 6)
    params = [random_name(rng, _short(rng, high)) for _ in range(rng.randint(0, 3))]
    kind = rng.random()
    if not params or kind < 0.1:
        return literal("/" + "/".join(segments))
    if kind < 0.25:
        return _concatenation(rng, high, segments, params)
    fields = "/".join(f"{{path_param({p!r}, {p})}}" for p in params)
    return f'f"/{"/".join(segments)}/{fields}"'


def _concatenation(
    rng: random.Random, high: int, segments: list[str], params: list[str]
) -> str:
    """What postgen writes when the text cannot go in an f-string (quotes, braces): maybe
    another origin's setting first, then literals and path params joined by `+`."""
    pieces = [literal("/" + "/".join(segments) + ' "x/')]
    pieces += [f"path_param({literal(p)}, {p})" for p in params]
    if rng.random() < 0.5:
        pieces.insert(0, f"self._client.settings.{random_name(rng, _short(rng, high))}")
    if rng.random() < 0.3:
        pieces.append(literal("/" + random_name(rng, _short(rng, high * 4))))
    return " + ".join(pieces)


def _value(rng: random.Random, high: int) -> str:
    """A dict value: a parameter, a client setting, a lazily required setting, a literal."""
    kind = rng.random()
    if kind < 0.75:
        return random_name(rng, _short(rng, high))
    if kind < 0.85:
        return f"self._client.settings.{random_name(rng, _short(rng, high))}"
    if kind < 0.9:
        setting = random_name(rng, _short(rng, high // 2))
        env = literal(setting.upper())
        return f"require_setting(self._client.settings.{setting}, name={literal(setting)}, env={env})"
    if kind < 0.95:  # a header value with text around a setting: `"Bearer " + token`
        prefix = literal(f"{random_name(rng, _short(rng, high))} ")
        return f"{prefix} + self._client.settings.{random_name(rng, _short(rng, high))}"
    return literal(f"application/{random_name(rng, _short(rng, high))}")


def _mapping(rng: random.Random, keyword_: str, high: int) -> Group:
    count = rng.randint(1, 6 if high > 8 else 2)
    # As the renderer builds them: a helper-call value is a group black may split.
    entries = tuple(
        _call_group(f"{_wire(rng, high)}: ", _value(rng, high)) for _ in range(count)
    )
    return Group(f"{keyword_}={{", entries, "}", is_display=True)


def _json_body(rng: random.Random, high: int) -> Group:
    """`json=json_body(body, {"wireKey": argument, ...})`."""
    count = rng.randint(0, 6 if high > 8 else 2)
    fields = tuple(
        f"{_wire(rng, high)}: {random_name(rng, _short(rng, high))}"
        for _ in range(count)
    )
    return Group(
        "json=json_body(", ("body", Group("{", fields, "}", is_display=True)), ")"
    )


def random_request(rng: random.Random, union: bool = False) -> Group:
    """`return [await ]self._client.request("GET", path, cast_to=..., query={...}, ...)`, or
    with `union`, the call alone (the value of `result: A | B = ...`).

    `high` scales the names: small calls are needed to reach the one-line branches at all.
    """
    high = rng.choice((2, 4, 8, 16))
    items: list[Item] = [literal(rng.choice(_METHODS)), _path(rng, high)]
    cast = union_return_type(rng, high) if union else _return_type(rng, high)
    items.append(f"cast_to={cast}")
    for keyword_ in ("query", "headers"):
        if rng.random() < (0.5 if high > 4 else 0.2):
            items.append(_mapping(rng, keyword_, high))
    body = rng.random()
    if body < 0.1:
        items.append("json=body")
    elif body < 0.2:
        items.append(_json_body(rng, high))
    elif body < 0.3:
        graphql = ('"query": query', '"variables": variables')
        items.append(Group("json={", graphql, "}", is_display=True))
    elif body < 0.4:
        items.append("content=body")
    elif body < 0.5:
        items.append(_mapping(rng, rng.choice(("data", "files")), high))
    if rng.random() < 0.15:
        scheme = rng.randint(0, 3)
        items.append(
            rng.choice(("auth=NO_AUTH", f"auth=self._client.auth_schemes[{scheme}]"))
        )
    if rng.random() < 0.1:
        items.append(f"follow_redirects={rng.choice(('True', 'False'))}")
    items.append("options=options")
    call = f"{'await ' if rng.random() < 0.5 else ''}self._client.request("
    return Group(call if union else f"return {call}", tuple(items), ")")
