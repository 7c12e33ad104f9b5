"""The Python surface of each request of a built `Api`: what user code names and would break on.

Used by the stability tests and `benchmarks/naming_report.py --history`. A request's surface is
its attribute path and method name, its signature (argument names, kinds, required-ness, body
type), the names of its own model classes (those its inference made: its prefix and a field
path), the
shared model classes it reaches (each with its content identity, so that a shape that is shared
in two builds can be checked for keeping its name), and its error classes. Requests are keyed by
where they sit in the collection and what they send, so that the same request in two builds (or
two releases) can be compared.

Whether a shape is shared at all depends on other requests (it occurs in two or more), so a
request can gain or lose shared bases without any naming rule at fault: `renamed_shared` counts
only shapes shared in both builds whose name moved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from postgen.ir import Api, ModelModule, Operation, Resource
from postgen.naming import class_name

__all__ = ["Fingerprint", "Surface", "request_fingerprints", "surfaces"]

Fingerprint = tuple[str, str]

_REF = "#/$defs/"


@dataclass(frozen=True, slots=True)
class Surface:
    """What user code of one request depends on."""

    method: str
    signature: tuple[tuple[str, ...], ...]
    models: tuple[str, ...]
    errors: tuple[str, ...]
    #: `(content identity, name)` of every shared class the request reaches.
    shared: tuple[tuple[str, str], ...] = ()

    def renamed_shared(self, other: Surface) -> bool:
        """Whether a shape shared in both builds has another name in `other`."""
        mine, theirs = dict(self.shared), dict(other.shared)
        return any(theirs[key] != name for key, name in mine.items() if key in theirs)

    def same_as(self, other: Surface) -> bool:
        """The same Python surface, sharing aside: what user code of this request relies on."""
        return (self.method, self.signature, self.models, self.errors) == (
            other.method,
            other.signature,
            other.models,
            other.errors,
        ) and not self.renamed_shared(other)


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
        self.identities: dict[str, str] = {}
        for module in modules:
            for name, schema in module.defs:
                self.schemas[f"{module.name}.{name}"] = schema
            for name, base in module.subclasses:
                self.bases[f"{module.name}.{name}"] = f"shared.{base}"

    def own(self, module: str, prefix: str, others: set[str]) -> tuple[str, ...]:
        """The classes a request's inference made in its module: its prefix (`GetUser`)
        followed by a field path or `Response`/`Body` (`GetUserAddress`), less those of a
        sibling with a longer prefix (`GetUserKeys`). Whether they are full classes or
        subclasses of shared ones does not matter to the user's code."""

        def mine(name: str, start: str) -> bool:
            rest = name.removeprefix(f"{module}.")
            return (
                rest.startswith(start)
                and (rest[len(start) : len(start) + 1] or "A") < "a"
            )

        longer = [o for o in others if o != prefix and o.startswith(prefix)]
        names = [*self.schemas, *self.bases]
        return tuple(
            sorted(
                n
                for n in names
                if mine(n, prefix) and not any(mine(n, o) for o in longer)
            )
        )

    def identity(self, qualified: str, depth: int = 0) -> str:
        """A shared class's content, with the classes it refers to replaced by theirs."""
        if qualified in self.identities:
            return self.identities[qualified]
        module = qualified.split(".", 1)[0]

        def mapped(schema: Any) -> Any:
            if isinstance(schema, dict):
                ref = schema.get("$ref")
                if isinstance(ref, str) and depth < 50:
                    target = ref.removeprefix(_REF)
                    target = target if "." in target else f"{module}.{target}"
                    return {"$ref": self.identity(target, depth + 1)}
                return {key: mapped(value) for key, value in schema.items()}
            if isinstance(schema, list):
                return [mapped(value) for value in schema]
            return schema

        text = json.dumps(mapped(self.schemas.get(qualified, {})), sort_keys=True)
        self.identities[qualified] = hashlib.sha256(text.encode()).hexdigest()[:16]
        return self.identities[qualified]

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
        prefixes = {str(class_name(op.py_name)) for op in resource.operations}
        for operation in resource.operations:
            # A list or map return names its item classes, not a root model.
            roots = {
                *operation.response_names,
                *filter(None, [operation.response_model]),
            }
            # Request bodies are typed by the params module's TypedDicts (issue 10).
            body_types = (
                operation.body.param_names if operation.body is not None else ()
            )
            names = sorted(
                {n for root in roots for n in models.reachable(resource.module, root)}
                | set(body_types)
            )
            found[operation.location] = Surface(
                method=f"{attr_path}.{operation.py_name}".lstrip("."),
                signature=_signature(operation),
                models=models.own(
                    resource.module, str(class_name(operation.py_name)), prefixes
                ),
                errors=tuple(sorted({e.class_name for e in operation.errors})),
                shared=tuple(
                    sorted(
                        (models.identity(n), n)
                        for n in names
                        if n.startswith("shared.")
                    )
                ),
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
