"""A request's `Pagination`: the scheme `detect_pagination` finds, and the type of one item.

The item type is read from the schema inferred for the success body (before
`ModelCollector.response_annotation` drops a list root): the `items` of the list at the
scheme's item path, written as an annotation (`_models.ListReposItem`, `str`, `Any`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from postgen.annotations import Annotator
from postgen.ir import MODELS_ALIAS
from postgen.ir_pagination import Pagination
from postgen.naming import ClassName, PyIdent
from postgen.parse.context import OperationContext
from postgen.parse.pagination import detect_pagination

__all__ = ["read_pagination"]

_REF = "#/$defs/"


def _resolve(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema itself: `$ref`s followed, a nullable `anyOf` reduced to its one non-null
    variant (an optional `data` field is still the list)."""
    for _ in range(len(defs) + 2):  # refs never loop, but a bound costs nothing
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            schema = defs.get(ref.removeprefix(_REF))
            continue
        variants = schema.get("anyOf")
        if isinstance(variants, list):
            real = [v for v in variants if v != {"type": "null"}]
            if len(real) != 1:
                return schema
            schema = real[0]
            continue
        return schema
    return None


def _item_schema(defs: dict[str, Any], root: str, path: tuple[str, ...]) -> Any:
    """The schema of one item of the list at `path` in the body whose schema is `root`."""
    node = _resolve(defs.get(root), defs)
    for key in path:
        if not isinstance(node, dict) or node.get("type") != "object":
            return None
        node = _resolve((node.get("properties") or {}).get(key), defs)
    if not isinstance(node, dict) or node.get("type") != "array":
        return None
    return node.get("items")


def _item_type(
    context: OperationContext,
    module: PyIdent,
    root: ClassName | None,
    items: tuple[str, ...] | None,
) -> tuple[str, tuple[ClassName, ...]]:
    if root is None or items is None:
        return "Any", ()
    defs = context.models.modules[module].defs
    schema = _item_schema(defs, root, items)
    if schema is None:
        return "Any", ()
    annotate = Annotator(
        lambda name: f"{MODELS_ALIAS}.{name}", inputs=False, dates=False
    )
    text = annotate(schema)
    if text == "None":  # every saved item was null: nothing to type
        return "Any", ()
    return text, tuple(sorted(ClassName(name) for name in annotate.names))


def read_pagination(
    item: dict[str, Any],
    request: dict[str, Any],
    where: str,
    module: PyIdent,
    root: ClassName | None,
    context: OperationContext,
) -> Pagination | None:
    """The request's pagination, or None; detection's warnings go to the build's diagnostics.

    `root` is the inferred model of the success body (None when it has no object or list).
    """
    # `request` as parse_operation read it: a bare URL string is a GET request object here.
    evidence = detect_pagination(
        {**item, "request": request}, where, context.diagnostics
    )
    if evidence is None:
        return None
    item_type, names = _item_type(context, module, root, evidence.items)
    return replace(evidence, item_type=item_type, item_names=names)
