"""The Python surface of each request of a built `Api`: what user code names and would break on.

Used by the stability tests and `benchmarks/naming_report.py --history`. A request's surface is
its attribute path and method name, its signature (argument names, kinds, required-ness, body
type), every model class name reachable from its return and body types, and its error classes.
Requests are keyed by where they sit in the collection and what they send, so that the same
request in two builds (or two releases) can be compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from postgen.ir import Api, ModelModule, Operation, Resource

__all__ = ["Surface", "request_fingerprints", "surfaces"]

_REF = "#/$defs/"


@dataclass(frozen=True, slots=True)
class Surface:
    """What user code of one request depends on."""

    method: str
    signature: tuple[tuple[str, ...], ...]
    models: tuple[str, ...]
    errors: tuple[str, ...]


def _refs(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            yield ref.removeprefix(_REF)
        for value in schema.values():
            yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


class _Models:
    def __init__(self, modules: tuple[ModelModule, ...]) -> None:
        self.schemas: dict[str, Any] = {}
        self.bases: dict[str, str] = {}
        for module in modules:
            for name, schema in module.defs:
                self.schemas[f"{module.name}.{name}"] = schema
            for name, base in module.subclasses:
                self.bases[f"{module.name}.{name}"] = f"shared.{base}"

    def reachable(self, module: str, root: str) -> list[str]:
        """Every class name the user meets from `root`: itself, its bases, its field types."""
        seen: list[str] = []
        todo = [f"{module}.{root}"]
        while todo:
            qualified = todo.pop()
            if qualified in seen:
                continue
            seen.append(qualified)
            if qualified in self.bases:
                todo.append(self.bases[qualified])
            for ref in _refs(self.schemas.get(qualified, {})):
                todo.append(ref if "." in ref else f"{module}.{ref}")
        return sorted(seen)


def _walk(resource: Resource, path: tuple[str, ...]) -> Iterator[tuple[str, Resource]]:
    yield ".".join(path), resource
    for child in resource.resources:
        yield from _walk(child, (*path, str(child.attr_name)))


def _signature(operation: Operation) -> tuple[tuple[str, ...], ...]:
    params = tuple(
        (str(p.py_name), p.location, "required" if p.required else "optional")
        for p in operation.signature_params
    )
    body = ("body", operation.body.annotation) if operation.body is not None else ()
    return (*params, body, ("returns", operation.return_type))


def surfaces(api: Api) -> dict[str, Surface]:
    """The surface of every request, by its `location` (JSON path and label)."""
    models = _Models(api.models)
    found: dict[str, Surface] = {}
    for attr_path, resource in _walk(api.root, ()):
        for operation in resource.operations:
            roots = [
                name
                for name in (
                    operation.response_model,
                    operation.body.model if operation.body is not None else None,
                )
                if name is not None
            ]
            names = sorted(
                {n for root in roots for n in models.reachable(resource.module, root)}
            )
            found[operation.location] = Surface(
                method=f"{attr_path}.{operation.py_name}".lstrip("."),
                signature=_signature(operation),
                models=tuple(names),
                errors=tuple(sorted({e.class_name for e in operation.errors})),
            )
    return found


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _strip_ids(child)
            for key, child in value.items()
            if key not in ("id", "_postman_id", "uid")
        }
    if isinstance(value, list):
        return [_strip_ids(child) for child in value]
    return value


def request_fingerprints(collection: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each request's JSON path -> (its folder path and name, its content without ids).

    Two releases hold "the same request, unchanged" when both the names along its folder path
    and its item (request, saved examples) are equal; Postman's ids change with every export.
    """
    found: dict[str, tuple[str, str]] = {}

    def visit(node: dict[str, Any], where: str, names: tuple[str, ...]) -> None:
        items = node.get("item")
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            item_where = f"{where}item[{index}]"
            path = (*names, str(item.get("name") or ""))
            if isinstance(item.get("item"), list):
                visit(item, f"{item_where}.", path)
            else:
                content = json.dumps(_strip_ids(item), sort_keys=True)
                found[item_where] = (" / ".join(path), content)

    visit(collection, "", ())
    return found
