"""Collects the JSON Schema `$defs` of each models module while the requests are parsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postgen.ir import ModelModule
from postgen.naming import ClassName, PyIdent
from postgen.parse.infer import infer_schema

__all__ = ["ModelCollector"]


@dataclass(slots=True)
class _Module:
    defs: dict[str, Any] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ModelCollector:
    """One models module per resource module; names are unique within a module."""

    modules: dict[PyIdent, _Module] = field(default_factory=dict)

    def add(
        self,
        module: PyIdent,
        samples: list[Any],
        root: ClassName,
        nested_prefix: ClassName,
    ) -> ClassName | None:
        """Infer a model from samples into `module`; None when the samples hold no object/array."""
        target = self.modules.setdefault(module, _Module())
        name, counter = root, 2
        while (
            name in target.taken
        ):  # a nested model of an earlier request took the name
            name = ClassName(f"{root}{counter}")
            counter += 1
        return infer_schema(samples, name, nested_prefix, target.defs, target.taken)

    def build(self) -> tuple[ModelModule, ...]:
        """The collected modules, in first-use order; empty modules are left out."""
        return tuple(
            ModelModule(name=name, defs=tuple(module.defs.items()))
            for name, module in self.modules.items()
            if module.defs
        )
