"""Request-body `TypedDict` modules (`<package>/params/<module>.py`), written by postgen itself.

datamodel-code-generator writes pydantic classes; request bodies are plain dicts the caller
writes as literals, so their types are `TypedDict`s keyed by the wire names, every key
`NotRequired` (a sample body is one possible body, not the required set). A class whose keys
are all identifiers uses the class syntax; any other (`full-text`, `from`, `__typename`) the
functional one. Annotations are evaluated (see `render_params`), which is why definitions come
before their first use.

The functional form is written as black lays it out (`render.layout.assignment`): a big request
body makes hundreds of them, and giving each to black was most of a large build's formatting time.
The annotations are black's spelling already (names, subscripts, `A | B`).
"""

from __future__ import annotations

import keyword
from collections.abc import Iterator, Mapping
from typing import Any

from postgen.annotations import Annotator
from postgen.ir import ParamsModule
from postgen.render.escape import literal
from postgen.render.layout import Group, assignment

__all__ = ["DOC", "render_params"]

_REF = "#/$defs/"
_IMPORTED = frozenset({"Any", "Mapping", "NotRequired", "Sequence", "TypedDict"})
DOC = '"""Request-body TypedDicts, keyed by the wire names; every key is optional."""'


def _refs(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("$ref"), str):
            yield schema["$ref"].removeprefix(_REF)
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def _ordered(defs: Mapping[str, Any]) -> list[str]:
    """Names in collection order, each after the ones it refers to (the functional syntax
    evaluates its values at once)."""
    done: dict[str, None] = {}

    def visit(name: str, stack: frozenset[str]) -> None:
        if name in done or name in stack or name not in defs:
            return
        for ref in _refs(defs[name]):
            visit(ref, stack | {name})
        done[name] = None

    for name in defs:
        visit(name, frozenset())
    return list(done)


def _is_field_name(key: str) -> bool:
    # ASCII only: Python NFKC-normalises identifiers, so `ﬁeld` would become the key `field`.
    return (
        key.isascii()
        and key.isidentifier()
        and not keyword.iskeyword(key)
        and not key.startswith("__")
        and key not in _IMPORTED
    )


def _typed_dict(name: str, schema: Mapping[str, Any], annotate: Annotator) -> str:
    fields = [
        (key, annotate(sub)) for key, sub in (schema.get("properties") or {}).items()
    ]
    if all(_is_field_name(key) for key, _ in fields):
        lines = [f"class {name}(TypedDict):"]
        lines += [f"    {key}: NotRequired[{kind}]" for key, kind in fields] or [
            "    pass"
        ]
        return "\n".join(lines)
    # `"key": NotRequired[T]`, too long for its line, black splits inside the brackets.
    items = tuple(
        Group(f"{literal(key)}: NotRequired[", (kind,), "]") for key, kind in fields
    )
    call = Group("TypedDict(", (literal(name), Group("{", items, "}", True)), ")")
    return assignment(0, name, call)


def render_params(module: ParamsModule, header: str) -> str:
    """The Python source (not yet black-formatted) of one params module."""
    defs = dict(module.defs)
    annotate = Annotator(lambda name: name, inputs=True)
    blocks = [_typed_dict(name, defs[name], annotate) for name in _ordered(defs)]
    abc = sorted(annotate.typing & {"Mapping", "Sequence"})
    typing = sorted((annotate.typing & {"Any"}) | {"NotRequired", "TypedDict"})
    # No `from __future__ import annotations`: a TypedDict reads `NotRequired` from evaluated
    # annotations only (with strings, Python 3.11 counts every key as required at run time).
    imports = []
    if abc:
        imports.append(f"from collections.abc import {', '.join(abc)}")
    imports.append(f"from typing import {', '.join(typing)}")
    return "\n".join([header, DOC, "", *imports, "", "", "\n\n\n".join(blocks), ""])
