"""Infer a JSON Schema from example bodies: every sample of one request merged into one shape.

One Postman example is a sample, not a schema, so the rules lean tolerant: a key missing from some
samples is optional, a key only ever seen as `null` is `Any` (never the type `None`), and nested objects
become named `$defs` whose names come from their own field path inside this request. Names never
depend on other requests, so adding a request never renames another request's models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from postgen.naming import ClassName, class_name
from postgen.parse.maps import KeyStyle, is_map

__all__ = ["LABEL", "Shape", "infer_schema", "merge_samples"]

JSONSchema = dict[str, Any]
#: A private schema key: the readable name of a shape (its field), removed before rendering.
LABEL = "x-postgen-label"

# A timestamp with at least minutes: `2011-01-26T19:01:12Z`, `2018-02-21 21:32:51+00:00`.
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
    r"(?:[Zz]|[+-](\d{2}):?(\d{2}))?"
)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_datetime(text: str) -> bool:
    """An ISO 8601 timestamp that the generated models' `datetime` fields accept.

    Pydantic's parser accepts exactly the real dates and times of this form (year 1 on, no leap
    second, an offset below 24 hours), which is what is checked here: importing pydantic for it
    would cost every build 40 ms of start-up. `tests/test_response_types.py` compares the two.
    """
    match = _ISO_DATETIME.fullmatch(text)
    if match is None:
        return False
    year, month, day, hour, minute, second, offset_h, offset_m = (
        int(part) if part is not None else 0 for part in match.groups()
    )
    if year < 1 or not 1 <= month <= 12 or hour > 23 or minute > 59 or second > 59:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = 29 if month == 2 and leap else _MONTH_DAYS[month - 1]
    return 1 <= day <= days and offset_h <= 23 and offset_m <= 59


@dataclass(slots=True)
class Shape:
    """The merged observation of one JSON position across samples."""

    kinds: set[str] = field(default_factory=set)
    samples: int = 0
    properties: dict[str, Shape] = field(default_factory=dict)
    key_counts: dict[str, int] = field(default_factory=dict)
    object_samples: int = 0
    items: Shape | None = None
    #: String samples, and how many of them are ISO 8601 timestamps.
    strings: int = 0
    datetimes: int = 0

    def add(self, value: Any) -> None:
        """Fold one JSON value into this shape."""
        self.samples += 1
        if value is None:
            self.kinds.add("null")
        elif isinstance(value, bool):
            self.kinds.add("boolean")
        elif isinstance(value, int):
            self.kinds.add("integer")
        elif isinstance(value, float):
            self.kinds.add("number")
        elif isinstance(value, str):
            self.kinds.add("string")
            self.strings += 1
            # The shortest timestamp is `2011-01-26T19:01`: most strings fail these two first.
            if len(value) >= 16 and value[4] == "-":
                self.datetimes += is_datetime(value)
        elif isinstance(value, list):
            self.kinds.add("array")
            if self.items is None:
                self.items = Shape()
            for element in value:
                self.items.add(element)
        elif isinstance(value, dict):
            self.kinds.add("object")
            self.object_samples += 1
            counts, properties = self.key_counts, self.properties
            for key, child in value.items():
                counts[key] = counts.get(key, 0) + 1
                # Not `setdefault`: it would build a Shape for every key, seen or not.
                known = properties.get(key)
                if known is None:
                    known = properties[key] = Shape()
                known.add(child)

    @property
    def only_null(self) -> bool:
        """Seen, but only ever as null: its real type is unknown."""
        return self.kinds <= {"null"}


def merge_samples(samples: Iterable[Any]) -> Shape:
    """Merge JSON values into one shape."""
    shape = Shape()
    for sample in samples:
        shape.add(sample)
    return shape


def _singular(word: str) -> str:
    # Cheap English singular for array item names (`field_mappings` -> `FieldMapping`); a wrong guess
    # only costs a slightly odd class name, never a clash, because names are allocated below.
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-1].isupper() else "y")
    if lower.endswith(("ss", "us", "is", "ses", "xes")) or not lower.endswith("s"):
        return word
    return word[:-1]


class _SchemaBuilder:
    """Turn shapes into JSON Schema, hoisting every object into a named `$defs` entry."""

    def __init__(
        self,
        defs: dict[str, JSONSchema],
        taken: set[str],
        root_label: str,
        key_style: KeyStyle,
    ) -> None:
        self.defs = defs
        self.taken = taken
        self.root_label = root_label
        self.key_style = key_style
        self._by_signature: dict[str, ClassName] = {}

    def build(
        self,
        shape: Shape,
        prefix: ClassName,
        path: tuple[str, ...],
        name: ClassName | None = None,
    ) -> JSONSchema:
        """Schema for `shape`; objects become `$ref`s named `name`, or `prefix` + field path."""
        kinds = shape.kinds - {"null"}
        if not kinds:
            return {}
        variants: list[JSONSchema] = []
        if {"integer", "number"} <= kinds:
            kinds = kinds - {"integer"}
        for kind in sorted(kinds):
            if kind == "object":
                variants.append(self._object(shape, prefix, path, name))
            elif kind == "array":
                items = shape.items
                if items is None or items.only_null:
                    variants.append({"type": "array", "items": {}})
                else:
                    item_path = (*path[:-1], _singular(path[-1])) if path else ("Item",)
                    item = _nullable(self.build(items, prefix, item_path), items)
                    variants.append({"type": "array", "items": item})
            elif kind == "string" and shape.datetimes == shape.strings:
                variants.append({"type": "string", "format": "date-time"})
            else:
                variants.append({"type": kind})
        if len(variants) == 1:
            return variants[0]
        return {"anyOf": variants}

    def _object(
        self,
        shape: Shape,
        prefix: ClassName,
        path: tuple[str, ...],
        name: ClassName | None,
    ) -> JSONSchema:
        if not shape.properties:
            return {"type": "object"}
        if is_map(shape, path[-1] if path else None, self.key_style):
            values = merge_samples(())
            for child in shape.properties.values():
                _merge_into(values, child)
            # A map's values are named for one entry: `regions` -> `Region`.
            key = path[-1] if path else ""
            entry = _singular(key) if key else ""
            value_path = (*path[:-1], entry if entry != key else f"{key} value")
            value = _nullable(self.build(values, prefix, value_path), values)
            return {"type": "object", "additionalProperties": value}
        properties: dict[str, JSONSchema] = {}
        required: list[str] = []
        for key, child in shape.properties.items():
            properties[key] = self.build(child, prefix, (*path, key))
            present_everywhere = shape.key_counts[key] == shape.object_samples
            if present_everywhere and "null" not in child.kinds and child.kinds:
                required.append(key)
        schema: JSONSchema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        signature = json.dumps(schema, sort_keys=True)
        known = self._by_signature.get(signature)
        if known is not None:
            return {"$ref": f"#/$defs/{known}"}
        if name is None:
            name = self._allocate(prefix, path)
        self._by_signature[signature] = name
        # The label names this shape if it turns out to be shared by several requests.
        label = class_name(path[-1], fallback="Item") if path else self.root_label
        self.defs[name] = {**schema, LABEL: label}
        return {"$ref": f"#/$defs/{name}"}

    def _allocate(self, prefix: ClassName, path: tuple[str, ...]) -> ClassName:
        # Prefer the shortest name (`JobDetailsCallback`); walk up the path on a clash, then count.
        for depth in range(1, len(path) + 1):
            candidate = ClassName(
                prefix + class_name(" ".join(path[-depth:]), fallback="")
            )
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        base = ClassName(prefix + class_name(" ".join(path), fallback=""))
        counter = 2
        while f"{base}{counter}" in self.taken:
            counter += 1
        name = ClassName(f"{base}{counter}")
        self.taken.add(name)
        return name


def _nullable(schema: JSONSchema, shape: Shape) -> JSONSchema:
    """`schema`, admitting null too when `shape` was seen as null: an array item or map value
    that is sometimes `null` (`["a", null]`) must still validate in strict mode."""
    if "null" not in shape.kinds or not schema:
        return schema
    variants = schema["anyOf"] if list(schema) == ["anyOf"] else [schema]
    return {"anyOf": [*variants, {"type": "null"}]}


def _merge_into(target: Shape, other: Shape) -> None:
    target.samples += other.samples
    target.strings += other.strings
    target.datetimes += other.datetimes
    target.kinds |= other.kinds
    target.object_samples += other.object_samples
    for key, child in other.properties.items():
        target.key_counts[key] = target.key_counts.get(key, 0) + other.key_counts[key]
        if key in target.properties:
            _merge_into(target.properties[key], child)
        else:
            target.properties[key] = child
    if other.items is not None:
        if target.items is None:
            target.items = Shape()
        _merge_into(target.items, other.items)


def infer_schema(
    samples: list[Any],
    root_name: ClassName,
    nested_prefix: ClassName,
    defs: dict[str, JSONSchema],
    taken: set[str],
    root_label: str = "Response",
    key_style: KeyStyle | None = None,
) -> ClassName | None:
    """Add the merged schema of `samples` to `defs` under `root_name`; None when nothing to model.

    Nested objects are named `nested_prefix` + field path. `taken` holds the names already used in
    the target module, so this request's names never collide with another's. `key_style` is the
    collection's (see `postgen.parse.maps`).
    """
    shape = merge_samples(samples)
    kinds = shape.kinds - {"null"}
    if not kinds & {"object", "array"}:
        return None
    taken.add(root_name)
    style = key_style or KeyStyle()
    builder = _SchemaBuilder(defs, taken, root_label, style)
    if kinds == {"object"} and shape.properties and not is_map(shape, None, style):
        builder.build(shape, nested_prefix, (), name=root_name)
    else:
        defs[root_name] = builder.build(shape, nested_prefix, ())
    return root_name


def scalar_type(samples: list[Any]) -> str | None:
    """`str`, `int`, `float` or `bool` when every sample is a JSON scalar of that type (ints
    among floats widen to `float`); None otherwise, and for no samples."""
    kinds = {
        "bool" if isinstance(v, bool) else type(v).__name__
        for v in samples
        if isinstance(v, str | int | float)
    }
    if not samples or (len(kinds) != 1 and kinds != {"int", "float"}):
        return None
    if any(not isinstance(v, str | int | float) for v in samples):
        return None
    return "float" if "float" in kinds else kinds.pop()
