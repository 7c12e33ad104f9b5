"""Model inference from example bodies."""

from __future__ import annotations

from typing import Any

import pytest

from postgen.naming import ClassName
from postgen.parse.infer import infer_schema, scalar_type


def _infer(samples: list[Any], root: str = "ThingResponse") -> dict[str, Any]:
    defs: dict[str, Any] = {}
    infer_schema(samples, ClassName(root), ClassName("Thing"), defs, set())
    return defs


def test_field_missing_from_some_samples_is_optional() -> None:
    defs = _infer([{"a": 1, "b": "x"}, {"a": 2}])
    assert defs["ThingResponse"]["required"] == ["a"]


def test_field_only_null_is_any_not_none() -> None:
    defs = _infer([{"a": None}])
    assert defs["ThingResponse"]["properties"]["a"] == {}
    assert "required" not in defs["ThingResponse"]


def test_null_in_one_sample_makes_field_optional_with_type() -> None:
    defs = _infer([{"a": "x"}, {"a": None}])
    assert defs["ThingResponse"]["properties"]["a"] == {"type": "string"}
    assert "required" not in defs["ThingResponse"]


def test_nested_objects_are_named_from_field_path() -> None:
    defs = _infer([{"created_by": {"id": "1"}, "items": [{"id": 1}]}])
    assert set(defs) == {"ThingResponse", "ThingCreatedBy", "ThingItem"}
    props = defs["ThingResponse"]["properties"]
    assert props["created_by"] == {"$ref": "#/$defs/ThingCreatedBy"}
    assert props["items"] == {"type": "array", "items": {"$ref": "#/$defs/ThingItem"}}


def test_identical_shapes_in_one_request_share_a_model() -> None:
    defs = _infer([{"from": {"id": "1"}, "to": {"id": "2"}}])
    assert defs["ThingResponse"]["properties"]["to"] == {"$ref": "#/$defs/ThingFrom"}


def test_same_field_name_different_shapes_get_distinct_names() -> None:
    defs = _infer([{"a": {"meta": {"x": 1}}, "b": {"meta": {"y": "s"}}}])
    assert {"ThingMeta", "ThingBMeta"} <= set(defs)


def test_int_and_float_merge_to_number_and_mixed_types_to_any_of() -> None:
    defs = _infer([{"n": 1, "m": 1}, {"n": 1.5, "m": "one"}])
    props = defs["ThingResponse"]["properties"]
    assert props["n"] == {"type": "number"}
    assert props["m"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}


def test_top_level_array_and_id_keyed_maps() -> None:
    defs = _infer([[{"id": 1}]], root="ListResponse")
    assert defs["ListResponse"] == {
        "type": "array",
        "items": {"$ref": "#/$defs/ThingItem"},
    }
    defs = _infer([{"1001": {"n": 1}, "1002": {"n": 2}}], root="MapResponse")
    assert defs["MapResponse"]["additionalProperties"] == {"$ref": "#/$defs/ThingValue"}


def test_scalar_bodies_give_no_model() -> None:
    defs: dict[str, Any] = {}
    assert infer_schema(["ok"], ClassName("R"), ClassName("R"), defs, set()) is None
    assert defs == {}


def test_names_do_not_depend_on_other_requests_in_other_modules() -> None:
    alone = _infer([{"user": {"id": 1}}])
    defs: dict[str, Any] = {}
    taken: set[str] = set()
    infer_schema(
        [{"x": {"y": 1}}], ClassName("OtherResponse"), ClassName("Other"), defs, taken
    )
    infer_schema(
        [{"user": {"id": 1}}],
        ClassName("ThingResponse"),
        ClassName("Thing"),
        defs,
        taken,
    )
    assert {k: v for k, v in defs.items() if k.startswith("Thing")} == alone


@pytest.mark.parametrize(
    ("samples", "expected"),
    [
        (["a", "b"], "str"),
        ([1, 2], "int"),
        ([1, 2.5], "float"),
        ([True], "bool"),
        ([True, 1], None),
        (["a", 1], None),
        (["a", None], None),
        ([{"a": 1}], None),
        ([], None),
    ],
)
def test_scalar_success_bodies_get_a_scalar_type(
    samples: list[object], expected: str | None
) -> None:
    assert scalar_type(samples) == expected
