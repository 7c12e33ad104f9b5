"""Compare two recorded requests part by part (see `normalize.py` for what each part means).

Each difference names its part (`method`, `path`, `query`, `content-type`, `header`, `body`),
the entry within it (a query key, a header name, a form field), its kind (`missing`: newman sent
it and the client did not; `extra`: the reverse; `value`; `order`; `kind`: a different body
type) and both values, shortened. With `dynamic` set (the item uses `{{$…}}` variables), values
are compared by shape where both sides hold a generated value: a UUID matches any UUID, a 10- or
13-digit timestamp any timestamp, an ISO-8601 time any ISO time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.conformance.normalize import Body, Normal, Part, normalize
from tests.conformance.recorder import Recorded

__all__ = ["Difference", "compare", "compare_recorded", "mask"]

_SHAPES = (
    (
        re.compile(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
        ),
        "<iso-time>",
    ),
    (
        re.compile(
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
        ),
        "<uuid>",
    ),
    (re.compile(r"(?<!\d)1\d{9}(?:\d{3})?(?!\d)"), "<timestamp>"),
)
_SHORT = 90


@dataclass(frozen=True, slots=True)
class Difference:
    """One part that differs, with both sides' values (shortened)."""

    part: str
    kind: str
    name: str
    newman: str
    client: str

    @property
    def category(self) -> str:
        """What the report groups by: the part, the header name (names matter), the kind."""
        where = f"header {self.name}" if self.part == "header" else self.part
        return f"{where}: {self.kind}"

    def __str__(self) -> str:
        name = f" {self.name!r}" if self.name else ""
        return f"{self.part}{name} {self.kind}: newman {self.newman} / client {self.client}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHORT else text[: _SHORT - 3] + "..."


def mask(text: str) -> str:
    """Replace generated values (ISO times, UUIDs, timestamps) with their shape."""
    for pattern, shape in _SHAPES:
        text = pattern.sub(shape, text)
    return text


def _mask_json(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and mask(str(value)) == "<timestamp>":
        return "<timestamp>"
    if isinstance(value, list):
        return [_mask_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _mask_json(item) for key, item in value.items()}
    return value


def _pairs(
    part: str,
    newman: Iterable[tuple[str, Any]],
    client: Iterable[tuple[str, Any]],
    dynamic: bool,
) -> list[Difference]:
    """Multisets of (name, value) pairs, compared name by name."""

    def grouped(pairs: Iterable[tuple[str, Any]]) -> dict[str, list[str]]:
        by_name: dict[str, list[str]] = defaultdict(list)
        for name, value in pairs:
            text = value if value is None or not dynamic else mask(str(value))
            by_name[name].append(repr(text) if text is None else str(text))
        return {name: sorted(values) for name, values in by_name.items()}

    left, right = grouped(newman), grouped(client)
    found = []
    for name in list(left) + [n for n in right if n not in left]:
        a, b = left.get(name), right.get(name)
        if a == b:
            continue
        kind = "missing" if b is None else "extra" if a is None else "value"
        found.append(Difference(part, kind, name, _short(a), _short(b)))
    return found


def _part_key(part: Part, dynamic: bool) -> tuple[Any, ...]:
    content = part.content
    if dynamic:
        content = mask(content.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape"
        )
    return (part.name or "", part.filename or "", part.content_type or "", content)


def _multipart(
    newman: tuple[Part, ...], client: tuple[Part, ...], dynamic: bool
) -> list[Difference]:
    left = [_part_key(p, dynamic) for p in newman]
    right = [_part_key(p, dynamic) for p in client]
    if left == right:
        return []
    if sorted(left) == sorted(right):
        return [
            Difference(
                "body",
                "order",
                "multipart",
                _short([k[0] for k in left]),
                _short([k[0] for k in right]),
            )
        ]
    found = []
    for name in dict.fromkeys([k[0] for k in left] + [k[0] for k in right]):
        a = [k[1:] for k in left if k[0] == name]
        b = [k[1:] for k in right if k[0] == name]
        if sorted(a) == sorted(b):
            continue
        kind = "part missing" if not b else "part extra" if not a else "part value"
        found.append(Difference("body", kind, name, _short(a), _short(b)))
    return found


def _body(newman: Body, client: Body, dynamic: bool) -> list[Difference]:
    if newman.kind != client.kind:
        return [
            Difference(
                "body",
                "kind",
                "",
                f"{newman.kind} {_short(newman.value)}",
                f"{client.kind} {_short(client.value)}",
            )
        ]
    if newman.kind == "json":
        a, b = newman.value, client.value
        if dynamic:
            a, b = _mask_json(a), _mask_json(b)
        return (
            []
            if a == b
            else [Difference("body", "json value", "", _short(a), _short(b))]
        )
    if newman.kind == "form":
        return [
            Difference("body", f"form {d.kind}", d.name, d.newman, d.client)
            for d in _pairs("body", newman.value, client.value, dynamic)
        ]
    if newman.kind == "multipart":
        return _multipart(newman.value, client.value, dynamic)
    a, b = newman.value, client.value
    if dynamic and isinstance(a, bytes) and isinstance(b, bytes):
        a = mask(a.decode("utf-8", "surrogateescape"))
        b = mask(b.decode("utf-8", "surrogateescape"))
    return [] if a == b else [Difference("body", "bytes", "", _short(a), _short(b))]


def compare(
    newman: Normal, client: Normal, *, dynamic: bool = False
) -> list[Difference]:
    """Every part in which the client's request differs from newman's (empty: identical)."""
    found: list[Difference] = []
    if newman.method != client.method:
        found.append(Difference("method", "value", "", newman.method, client.method))
    a_path, b_path = newman.path, client.path
    if dynamic:
        a_path, b_path = tuple(map(mask, a_path)), tuple(map(mask, b_path))
    if a_path != b_path:
        found.append(
            Difference(
                "path", "value", "", _short("/".join(a_path)), _short("/".join(b_path))
            )
        )
    found += _pairs("query", newman.query, client.query, dynamic)
    if newman.content_type != client.content_type:
        kind = (
            "missing"
            if client.content_type is None
            else "extra" if newman.content_type is None else "value"
        )
        found.append(
            Difference(
                "content-type",
                kind,
                "",
                _short(newman.content_type),
                _short(client.content_type),
            )
        )
    found += _pairs("header", newman.headers, client.headers, dynamic)
    found += _body(newman.body, client.body, dynamic)
    return found


def compare_recorded(
    newman: Recorded, client: Recorded, marker: str, *, dynamic: bool = False
) -> list[Difference]:
    """`compare` on two raw recordings."""
    return compare(
        normalize(newman, marker), normalize(client, marker), dynamic=dynamic
    )
