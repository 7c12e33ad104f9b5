"""Collects the inferred model schemas of every module, then moves shared shapes into one place.

Real collections repeat the same object in many responses (GitHub's `user` appears in hundreds).
A shape that occurs in two or more requests is defined once, in `models/shared.py`, under a name
taken from where it occurs (`Owner`, `RepositoryOwner`: see `shared_names.py`, never a content
hash); every request keeps its own, path-derived class as a one-line subclass of it. So no
request's own model names depend on which other requests exist, and the output does not grow
with every copy of a shape.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from postgen.annotations import Annotator
from postgen.ir import MODELS_ALIAS, ModelModule
from postgen.naming import ClassName, PyIdent
from postgen.parse.infer import LABEL, infer_schema
from postgen.parse.maps import KeyStyle
from postgen.parse.shared_names import shared_names as name_shared

__all__ = ["SHARED_MODULE", "ModelCollector"]

SHARED_MODULE = PyIdent("shared")
_REF = "#/$defs/"


@dataclass(slots=True)
class _Module:
    defs: dict[str, Any] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)


def _map_refs(schema: Any, rename: Any) -> Any:
    """A copy of `schema` with every `$ref` target passed through `rename`, labels dropped.

    Walks schema keywords, not arbitrary dicts: a body may have a *property* called `$ref`.
    """
    if not isinstance(schema, dict):
        return schema
    if isinstance(schema.get("$ref"), str):
        return {"$ref": _REF + rename(schema["$ref"].removeprefix(_REF))}
    mapped: dict[str, Any] = {}
    for key, value in schema.items():
        if key == LABEL:
            continue
        if key == "properties":
            mapped[key] = {name: _map_refs(sub, rename) for name, sub in value.items()}
        elif key in ("items", "additionalProperties"):
            mapped[key] = _map_refs(value, rename)
        elif key in ("anyOf", "allOf"):
            mapped[key] = [_map_refs(sub, rename) for sub in value]
        else:
            mapped[key] = value
    return mapped


@dataclass(slots=True)
class ModelCollector:
    """One models module per resource module; names are unique within a module."""

    modules: dict[PyIdent, _Module] = field(default_factory=dict)
    #: `(module, root name)` -> the name a `postgen.toml` gives that root model instead.
    roots: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The collection's key style, which tells maps from records (`postgen.parse.maps`).
    key_style: KeyStyle = field(default_factory=KeyStyle)

    def add(
        self,
        module: PyIdent,
        samples: list[Any],
        root: ClassName,
        nested_prefix: ClassName,
        root_label: str = "Response",
    ) -> ClassName | None:
        """Infer a model from samples into `module`; None when the samples hold no object/array."""
        target = self.modules.setdefault(module, _Module())
        root = ClassName(self.roots.get((module, root), root))
        name, counter = root, 2
        while (
            name in target.taken
        ):  # a nested model of an earlier request took the name
            name = ClassName(f"{root}{counter}")
            counter += 1
        return infer_schema(
            samples,
            name,
            nested_prefix,
            target.defs,
            target.taken,
            root_label,
            self.key_style,
        )

    def response_annotation(
        self, module: PyIdent, root: ClassName
    ) -> tuple[str, tuple[ClassName, ...]]:
        """What a method returns for the inferred root `root`, and the classes that names.

        An object with fields is its class. Anything else (an array, a map, a union) is written
        out as a type (`list[_models.Item]`, `list[str]`, `dict[str, _models.Region]`) and the
        root is dropped: every list endpoint returns a `list`, and no caller has to unwrap a
        `RootModel` with `.root`.
        """
        defs = self.modules[module].defs
        schema = defs[root]
        if schema.get("type") == "object" and "properties" in schema:
            return f"{MODELS_ALIAS}.{root}", (root,)
        del defs[root]
        annotate = Annotator(
            lambda name: f"{MODELS_ALIAS}.{name}", inputs=False, dates=False
        )
        text = annotate(schema)
        return text, tuple(sorted(ClassName(name) for name in annotate.names))

    def build(self) -> tuple[ModelModule, ...]:
        """All modules with qualified `$ref`s (`module.Name`), shared shapes moved to `shared`."""
        qualified: dict[str, Any] = {}
        for module, content in self.modules.items():
            for name, schema in content.defs.items():
                qualified[f"{module}.{name}"] = (module, schema)
        signatures: dict[str, str] = {}

        def signature(qname: str) -> str:
            # A shape's identity is its content with nested shapes replaced by their identities.
            if qname not in signatures:
                module, schema = qualified[qname]
                local = _map_refs(schema, lambda ref: signature(f"{module}.{ref}"))
                text = json.dumps(local, sort_keys=True)
                signatures[qname] = hashlib.sha256(text.encode()).hexdigest()
            return signatures[qname]

        for qname in qualified:
            signature(qname)
        counts = Counter(
            signatures[qname]
            for qname, (_, schema) in qualified.items()
            if schema.get("type") == "object"
        )
        shared = {digest for digest, count in counts.items() if count >= 2}
        shared_names = name_shared(qualified, signatures, shared)
        output: dict[str, list[tuple[str, Any]]] = {}
        subclasses: dict[str, list[tuple[str, str]]] = {}
        shared_defs: dict[str, Any] = {}
        needed: set[str] = set()  # subclasses that a class rendered by dcg refers to
        for qname, (module, schema) in qualified.items():
            name = qname.split(".", 1)[1]
            digest = signatures[qname]

            def to_shared(ref: str, module: str = module) -> str:
                # Inside a shared shape, nested shapes are shared too (they repeat with it).
                return f"{SHARED_MODULE}.{shared_names[signature(f'{module}.{ref}')]}"

            def to_local(ref: str, module: str = module) -> str:
                # A request's own models keep pointing at its own (sub)classes.
                needed.add(f"{module}.{ref}")
                return f"{module}.{ref}"

            if digest in shared_names:
                canonical = shared_names[digest]
                if canonical not in shared_defs:
                    shared_defs[canonical] = _map_refs(schema, to_shared)
                subclasses.setdefault(module, []).append((name, canonical))
            else:
                output.setdefault(module, []).append(
                    (name, _map_refs(schema, to_local))
                )
        modules = []
        for module_name, content in self.modules.items():
            if not content.defs:
                continue
            # A subclass that dcg must resolve a `$ref` to goes through dcg; the others (most:
            # GitHub has 1,373, 241 of them referred to) are one-line classes postgen writes
            # itself, which halves dcg's time.
            defs = list(output.get(module_name, []))
            own: list[tuple[str, str]] = []
            pending = subclasses.get(module_name, [])
            # dcg imports the bases of the subclasses it renders by name; a one-line class of
            # that name would redefine one, so it goes through dcg too (which aliases).
            while True:
                imported = {b for n, b in pending if f"{module_name}.{n}" in needed}
                clashing = {
                    f"{module_name}.{n}"
                    for n, _ in pending
                    if n in imported and f"{module_name}.{n}" not in needed
                }
                if not clashing:
                    break
                needed |= clashing
            for name, base in pending:
                if f"{module_name}.{name}" in needed:
                    ref = {"$ref": f"{_REF}{SHARED_MODULE}.{base}"}
                    defs.append((name, {"allOf": [ref]}))
                else:
                    own.append((name, base))
            modules.append(ModelModule(PyIdent(module_name), tuple(defs), tuple(own)))
        if shared_defs:
            modules.append(
                ModelModule(SHARED_MODULE, tuple(sorted(shared_defs.items())))
            )
        return tuple(modules)
