"""Models modules written by postgen itself, byte for byte as datamodel-code-generator writes them.

dcg is the reference renderer, but its import and first run cost half a second, and each
definition a few milliseconds more. The shapes postgen infers are few (objects of scalars,
lists, maps, unions and references; see `parse/infer.py`), so most modules are written here
instead. Where a module holds anything this module cannot vouch for (a key that is not ASCII, a
field named like a type the module uses, a shape infer does not make), `plain_sources` leaves
it out and it goes to dcg as before. Tests compare the two on every sample, the
corpus and random shapes (`tests/test_plain_models.py`), so a dcg upgrade that changes its output
fails there first.
"""

from __future__ import annotations

import functools
import json
import keyword
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from postgen.ir import ModelModule

__all__ = ["plain_sources"]

_REF = "#/$defs/"
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
# A class name dcg keeps as it is: CamelCase ASCII that no import of the module binds.
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
_TAKEN_CLASS_NAMES = frozenset({"Any", "BaseModel", "ConfigDict", "Field"})
_NON_WORD = re.compile(r"\W")
# Already a snake_case name: nothing for dcg to change but a keyword or BaseModel's attribute.
_SNAKE = re.compile(r"[a-z][a-z0-9_]*\Z")
_WORD = re.compile(r"\w+")
_CAMEL_1 = re.compile(r"([^_])([A-Z][a-z]+)")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")
# The public attributes of pydantic's `BaseModel`: dcg appends `_` to a field of that name.
_BASE_MODEL_NAMES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "mro",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "register",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
_CONFIG = (
    "    model_config = ConfigDict(\n"
    "        extra='allow',\n"
    "        populate_by_name=True,\n"
    "    )"
)


class _Decline(Exception):
    """This module cannot vouch for dcg's text of the definition at hand."""


class _Imports:
    """Imports by module in order of first use, names sorted within a line (as dcg writes them)."""

    def __init__(self) -> None:
        self.lines: dict[str, set[str]] = {}

    def add(self, module: str, name: str) -> None:
        self.lines.setdefault(module, set()).add(name)

    def update(self, other: _Imports) -> None:
        for module, names in other.lines.items():
            self.lines.setdefault(module, set()).update(names)

    def render(self) -> Iterator[str]:
        for module, names in self.lines.items():
            yield f"from {module} import {', '.join(sorted(names))}"


@functools.lru_cache(maxsize=65536)
def _snake_name(key: str) -> str:
    """dcg's Python name for the property `key` (with `snake_case_field`) before it is made
    unique in its class; ASCII keys only (dcg's fallbacks for the others are not modelled).
    """
    if _SNAKE.match(key):
        return f"{key}_" if keyword.iskeyword(key) or key in _BASE_MODEL_NAMES else key
    if not key.isascii():
        raise _Decline(key)
    name = key or "_"
    if name.startswith("#"):
        name = name[1:] or "_"
    if not name.isidentifier():
        name = _NON_WORD.sub("_", name)
    if name[0].isdigit():
        name = f"field_{name}"
    elif name.startswith("_"):
        name = f"field{name}"
    lower = name.lower()
    if lower != name:
        lower = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name)).lower()
    name = lower
    if keyword.iskeyword(name) or name in _BASE_MODEL_NAMES:
        name += "_"
    return name


def _field_name(key: str, taken: set[str]) -> str:
    """dcg's Python name for the property `key` among the names `taken` by the earlier
    properties of its class."""
    name = _snake_name(key)
    unique, count = name, 1
    while unique in taken or unique in _BASE_MODEL_NAMES:
        unique = f"{name}_{count}"
        count += 1
    return unique


class _Module:
    """The text of one module's definitions, or `_Decline`."""

    def __init__(
        self, module: ModelModule, names: Mapping[str, frozenset[str]]
    ) -> None:
        self.name = str(module.name)
        self.names = names
        self.own = names.get(self.name, frozenset())
        self.imports = _Imports()
        # Field names and the words of all annotations: dcg renames a field, or aliases an
        # import (`from builtins import str as str_aliased`), when the two meet in a module.
        self.fields: set[str] = set()
        self.words: set[str] = set()

    def reference(self, ref: object) -> str:
        if not isinstance(ref, str) or not ref.startswith(_REF):
            raise _Decline(ref)
        module, _, name = ref.removeprefix(_REF).partition(".")
        if name not in self.names.get(module, ()):
            raise _Decline(ref)
        if module == self.name:
            return name
        if module != "shared":
            raise _Decline(ref)
        if name not in self.own:
            self.imports.add(".shared", name)
            return name
        # dcg imports a shared class that a class of this module shadows under another name.
        alias = f"{name}_1"
        if alias in self.own or alias in self.names.get(module, ()):
            raise _Decline(ref)
        self.imports.add(".shared", f"{name} as {alias}")
        return alias

    def annotation(self, schema: object) -> str:
        if not isinstance(schema, dict):
            raise _Decline(schema)
        keys = set(schema)
        if not keys:
            self.imports.add("typing", "Any")
            return "Any"
        if keys == {"$ref"}:
            return self.reference(schema["$ref"])
        if keys == {"anyOf"}:
            return self.union(schema["anyOf"])
        kind = schema.get("type")
        if keys == {"type"} and kind in _SCALARS:
            return _SCALARS[str(kind)]
        if keys == {"type", "format"} and (kind, schema["format"]) == (
            "string",
            "date-time",
        ):
            self.imports.add("datetime", "datetime")
            return "datetime"
        if keys == {"type", "items"} and kind == "array":
            return f"list[{self.annotation(schema['items'])}]"
        if keys == {"type"} and kind == "object":
            self.imports.add("typing", "Any")
            return "dict[str, Any]"
        if keys == {"type", "additionalProperties"} and kind == "object":
            return f"dict[str, {self.annotation(schema['additionalProperties'])}]"
        raise _Decline(schema)

    def union(self, variants: object) -> str:
        if not isinstance(variants, list) or len(variants) < 2:
            raise _Decline(variants)
        members: list[str] = []
        nullable = False
        for variant in variants:
            if variant == {"type": "null"}:
                nullable = True
                continue
            text = self.annotation(variant)
            if text in members or text == "Any" or "|" in text:
                raise _Decline(variants)
            members.append(text)
        if nullable:
            members.append("None")
        if len(members) < 2:
            raise _Decline(variants)
        return " | ".join(members)

    def model(self, name: str, schema: Any) -> tuple[str, _Imports]:
        self.imports = _Imports()
        return self._model(name, schema), self.imports

    def _model(self, name: str, schema: Any) -> str:
        if _CLASS_NAME.match(name) is None or name in _TAKEN_CLASS_NAMES:
            raise _Decline(name)
        if not isinstance(schema, dict):
            raise _Decline(name)
        if set(schema) == {"allOf"}:
            bases = schema["allOf"]
            if (
                not isinstance(bases, list)
                or len(bases) != 1
                or set(bases[0]) != {"$ref"}
            ):
                raise _Decline(name)
            self.imports.add("pydantic", "ConfigDict")
            base = self.reference(bases[0]["$ref"])
            return f"class {name}({base}):\n{_CONFIG}"
        if schema.get("type") != "object" or not set(schema) <= {
            "type",
            "properties",
            "required",
        }:
            raise _Decline(name)
        properties = schema.get("properties")
        required = set(schema.get("required", ()))
        if not isinstance(properties, dict) or not properties:
            raise _Decline(name)
        lines = [f"class {name}(BaseModel):", _CONFIG]
        taken: set[str] = set()
        for key, sub in properties.items():
            field = _field_name(key, taken)
            taken.add(field)
            text = self.annotation(sub)
            self.fields.add(field)
            self.words.update(_WORD.findall(text))
            if key not in required and not text.endswith("| None"):
                text += " | None"
            if field != key:
                self.imports.add("pydantic", "Field")
                default = "..." if key in required else "None"
                lines.append(f"    {field}: {text} = Field({default}, alias={key!r})")
            elif key in required:
                lines.append(f"    {field}: {text}")
            else:
                lines.append(f"    {field}: {text} = None")
        self.imports.add("pydantic", "BaseModel")
        self.imports.add("pydantic", "ConfigDict")
        return "\n".join(lines)


# A reference in a definition's JSON text. A property *named* `$ref` is a key whose value is an
# object, and quotes inside a key are escaped, so only real references match.
_REFERENCE = re.compile(r'"\$ref": "#/\$defs/([^"]+)"')


def _references(schema: Any) -> set[str]:
    """The `$ref` targets of a definition, at any depth."""
    return set(_REFERENCE.findall(json.dumps(schema)))


def _ranks(modules: Sequence[ModelModule]) -> dict[str, tuple[int, int]]:
    """dcg's order of the definitions when it collects imports: in rounds over the schema's
    order, each round taking every definition whose references an earlier round, or an earlier
    definition of this round, took (a definition after its reference waits one more round).
    """
    order = [f"{m.name}.{name}" for m in modules for name, _ in m.defs]
    index = {qname: i for i, qname in enumerate(order)}
    schemas = {f"{m.name}.{name}": body for m in modules for name, body in m.defs}
    refs = {
        qname: sorted({ref for ref in _references(body) if ref in schemas} - {qname})
        for qname, body in schemas.items()
    }
    rounds: dict[str, int] = {}
    for qname in order:
        # A depth-first walk without recursion (depth is bounded by `bounds.MAX_SAMPLE_DEPTH`,
        # but not by Python's stack). Inferred shapes are trees, so a cycle is not expected;
        # dcg's order for one is not modelled.
        path, on_path = [(qname, iter(refs[qname]))], {qname}
        while path:
            current, pending = path[-1]
            ref = next((r for r in pending if r not in rounds), None)
            if ref is not None:
                if ref in on_path:
                    raise _Decline(ref)
                path.append((ref, iter(refs[ref])))
                on_path.add(ref)
                continue
            path.pop()
            on_path.discard(current)
            rounds[current] = max(
                (rounds[r] + (index[r] > index[current]) for r in refs[current]),
                default=1,
            )
    return {qname: (rounds[qname], index[qname]) for qname in order}


def plain_sources(modules: Sequence[ModelModule], header: str) -> dict[str, str]:
    """dcg's text of the definitions of each module this module can vouch for (before
    postgen's one-line subclasses are added), by module name; `modules` as given to dcg.
    """
    names = {str(m.name): frozenset(name for name, _ in m.defs) for m in modules}
    try:
        ranks = _ranks(modules)
    except _Decline:
        return {}
    sources: dict[str, str] = {}
    for module in modules:
        if not module.defs:
            continue
        writer = _Module(module, names)
        try:
            classes = {name: writer.model(name, schema) for name, schema in module.defs}
        except _Decline:
            continue
        if writer.fields & writer.words:
            continue
        imports = _Imports()
        for name in sorted(classes, key=lambda n: ranks[f"{module.name}.{n}"]):
            imports.update(classes[name][1])
        lines = "\n".join(imports.render())
        body = "\n\n\n".join(classes[name][0] for name in sorted(classes))
        sources[str(module.name)] = (
            f"{header}\n\nfrom __future__ import annotations\n\n{lines}\n\n\n{body}"
        )
    return sources
