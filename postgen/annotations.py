"""The one place that turns the inferred JSON Schema into Python annotations postgen writes.

datamodel-code-generator writes the response model classes; everything else postgen writes
itself: a method's return type when the JSON is not one object (`list[str]`,
`dict[str, _models.Region]`), the `TypedDict`s of request bodies and the annotations of body
keyword arguments. Inputs and outputs differ in two ways: an input accepts any sequence or
mapping (`Sequence[...]`, `Mapping[str, ...]`, so a tuple or a `TypedDict` fits) where an output
is the concrete `list`/`dict` pydantic builds, and an input timestamp is the `str` the caller
writes, an output one the `datetime` pydantic parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Annotator"]

_REF = "#/$defs/"
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(slots=True)
class Annotator:
    """Writes annotations for schemas; `ref` names a `$defs` entry in the output (`_models.X`).

    `names` collects the `$defs` entries and `typing` the names from `typing`/`collections.abc`
    that the written annotations use, so the caller can import exactly those.
    """

    ref: Callable[[str], str]
    inputs: bool
    #: Whether timestamps become `datetime` (outputs only; a return type written in a resource
    #: module keeps `str`, which that module need not import).
    dates: bool = True
    names: set[str] = field(default_factory=set)
    typing: set[str] = field(default_factory=set)

    def __call__(self, schema: Any) -> str:
        """The annotation for `schema` (`Any` for an empty or unknown one)."""
        if not isinstance(schema, dict) or not schema:
            return self._any()
        if isinstance(schema.get("$ref"), str):
            name = schema["$ref"].removeprefix(_REF)
            self.names.add(name)
            return self.ref(name)
        if isinstance(schema.get("anyOf"), list):
            return self._union([self(sub) for sub in schema["anyOf"]])
        kind = schema.get("type")
        if kind == "null":
            return "None"
        timestamp = schema.get("format") == "date-time"
        if kind == "string" and timestamp and self.dates and not self.inputs:
            self.typing.add("datetime")
            return "datetime"
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "array":
            return f"{self._container('Sequence', 'list')}[{self(schema.get('items'))}]"
        if kind == "object":
            values = schema.get("additionalProperties")
            value = self(values) if isinstance(values, dict) else self._any()
            return f"{self._container('Mapping', 'dict')}[str, {value}]"
        return self._any()

    def _any(self) -> str:
        self.typing.add("Any")
        return "Any"

    def _container(self, abstract: str, concrete: str) -> str:
        if self.inputs:
            self.typing.add(abstract)
            return abstract
        return concrete

    def _union(self, parts: list[str]) -> str:
        unique = list(dict.fromkeys(parts))
        if "Any" in unique:
            return "Any"
        if "None" in unique:  # `X | None`, as black and readers expect it
            unique = [p for p in unique if p != "None"] + ["None"]
        return " | ".join(unique)
