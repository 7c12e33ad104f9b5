"""Lenient construction of models: keep every nested model that fits and the raw value elsewhere.

A Postman example is a sample, not a schema, so a drifted response must still come back with its
data. Validation is tried first (fast, in Rust); only a value that fails is constructed by hand.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Union,
    get_args,
    get_origin,
)

import pydantic

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _resolve_model(owner: type, spec: type[BaseModel] | str) -> type[BaseModel]:
    """``body_model`` given lazily as ``"module:Name"``, relative to the owner's package."""
    if not isinstance(spec, str):
        return spec
    import importlib

    module_name, _, name = spec.partition(":")
    package = owner.__module__.rpartition(".")[0]
    model: type[BaseModel] = getattr(
        importlib.import_module(module_name, package), name
    )
    return model


_NONE_TYPE = type(None)


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    # Building a TypeAdapter costs milliseconds; the hot path must only pay a dict lookup.
    try:
        return _ADAPTERS[annotation]
    except KeyError:
        adapter = _ADAPTERS[annotation] = pydantic.TypeAdapter(annotation)
        return adapter
    except TypeError:  # unhashable annotation: build it every time rather than fail
        return pydantic.TypeAdapter(annotation)


def _is_model(annotation: Any) -> bool:
    return (
        get_origin(annotation) is None
        and isinstance(annotation, type)
        and issubclass(annotation, pydantic.BaseModel)
    )


def _tolerant(annotation: Any, value: object) -> Any:
    """Validate ``value`` as ``annotation``; on failure build it leniently, keeping raw data."""
    if annotation is Any or annotation is object:
        return value
    try:
        return _adapter(annotation).validate_python(value)
    except Exception:  # lenient mode must never crash, whatever pydantic raises
        pass
    return _construct(annotation, value)


def _construct(annotation: Any, value: object) -> Any:
    """Lenient construction of one value that did not validate (see ``_tolerant``)."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        return _tolerant(args[0], value)
    if _is_model(annotation):
        if annotation.__pydantic_root_model__:
            root = annotation.model_fields["root"].annotation
            return annotation.model_construct(root=_tolerant(root, value))
        if isinstance(value, Mapping):
            return _construct_model(annotation, value)
        return value
    if origin is Union or origin is types.UnionType:
        if value is None:
            return None
        for arg in args:
            if arg is not _NONE_TYPE and _shape_fits(arg, value):
                return _construct(arg, value)
        return value
    if isinstance(value, list) and origin in (list, set, frozenset, tuple, Sequence):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return (
                value  # fixed-length tuples are rare in API models; keep the raw list
            )
        item = args[0] if args else Any
        return [_tolerant(item, v) for v in value]
    if isinstance(value, Mapping) and origin in (dict, Mapping):
        item = args[1] if len(args) == 2 else Any
        return {k: _tolerant(item, v) for k, v in value.items()}
    return value


def _shape_fits(annotation: Any, value: object) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _shape_fits(get_args(annotation)[0], value)
    if _is_model(annotation):
        return isinstance(value, Mapping) or bool(annotation.__pydantic_root_model__)
    if origin in (list, set, frozenset, tuple, Sequence):
        return isinstance(value, list)
    return origin in (dict, Mapping) and isinstance(value, Mapping)


def _field_keys(name: str, info: pydantic.fields.FieldInfo) -> list[str]:
    keys: list[str] = []
    if isinstance(info.validation_alias, str):
        keys.append(info.validation_alias)
    elif isinstance(info.validation_alias, pydantic.AliasChoices):
        keys.extend(c for c in info.validation_alias.choices if isinstance(c, str))
    if info.alias:
        keys.append(info.alias)
    keys.append(name)
    return keys


def _construct_model(cls: type[BaseModel], data: Mapping[str, Any]) -> BaseModel:
    values: dict[str, Any] = {}
    fields_set: set[str] = set()
    used: set[str] = set()
    for name, info in cls.model_fields.items():
        for key in _field_keys(name, info):
            if key in data:
                values[name] = _tolerant(info.annotation, data[key])
                fields_set.add(name)
                used.add(key)
                break
        else:
            if info.is_required():
                # None rather than an absent attribute: reading it must not raise.
                values[name] = None
    model = cls.model_construct(_fields_set=fields_set, **values)
    extras = {k: v for k, v in data.items() if k not in used}
    if extras:
        # Keep unknown keys even when the model does not say extra="allow": drift is data.
        object.__setattr__(model, "__pydantic_extra__", extras)
    return model
