"""What every request of one build shares while it is parsed."""

from __future__ import annotations

from dataclasses import dataclass, field

from postgen.diagnostics import Diagnostics
from postgen.parse.body_fields import BodyTypes
from postgen.parse.errors import ErrorRegistry
from postgen.parse.models import ModelCollector
from postgen.parse.settings import SettingsRegistry

__all__ = ["OperationContext"]


@dataclass(slots=True)
class OperationContext:
    """Everything shared by all requests of one build."""

    settings: SettingsRegistry
    errors: ErrorRegistry
    models: ModelCollector
    diagnostics: Diagnostics
    base_origin: str
    #: The request-body `TypedDict`s, per resource module.
    body_types: BodyTypes = field(default_factory=BodyTypes)
