"""Response types (issue 10): what the saved examples say a method returns, maps, nullable
items, timestamps, list returns, and error codes in lists."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from postgen.naming import ClassName
from postgen.parse.infer import infer_schema, is_datetime
from postgen.parse.maps import KeyStyle
from tests.factories import (
    collection,
    example,
    operations,
    parse,
    property_settings,
    request_item,
)


def _typed(code: int, body: str, content_type: str, **headers: str) -> dict[str, Any]:
    return {
        "name": "example",
        "code": code,
        "header": [
            {"key": "Content-Type", "value": content_type},
            *({"key": k.replace("_", "-"), "value": v} for k, v in headers.items()),
        ],
        "body": body,
    }


def _returns(*responses: dict[str, Any], name: str = "Get thing", **extra: Any) -> str:
    item = request_item(name, "https://h/v1/thing", response=list(responses), **extra)
    api, _ = parse(collection(item))
    (op,) = operations(api).values()
    return op.return_type


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        ([_typed(200, "<binary>", "image/jpg")], "BinaryResponse"),
        ([_typed(200, "%PDF-1.4", "application/pdf")], "BinaryResponse"),
        (
            [_typed(200, "a,b", "text/csv", Content_Disposition="attachment; x.csv")],
            "BinaryResponse",
        ),
        (
            [
                _typed(
                    200,
                    '{"id": 1}',
                    "application/json",
                    Content_Disposition="attachment",
                )
            ],
            "_models.GetThingResponse",
        ),
        ([_typed(200, "OK", "text/plain")], "str"),
        (
            [_typed(200, "<a>1</a>", "application/xml"), example(200, {"id": 1})],
            "_models.GetThingResponse | str",
        ),
        (
            [example(200, {"id": 1}), _typed(200, "PK..", "application/zip")],
            "_models.GetThingResponse | BinaryResponse",
        ),
        ([_typed(302, "", "text/plain")], "Any"),
    ],
)
def test_return_type_follows_the_examples_content(
    responses: list[dict[str, Any]], expected: str
) -> None:
    assert _returns(*responses) == expected


def test_downloads_without_a_body_example_are_binary_unless_json_is_asked() -> None:
    assert (
        _returns(_typed(302, "", "text/plain"), name="Download a file")
        == "BinaryResponse"
    )
    accept = [{"key": "Accept", "value": "application/octet-stream"}]
    assert _returns(header=accept) == "BinaryResponse"
    json_link = [{"key": "Accept", "value": "application/json"}]
    assert _returns(name="Get file download link", header=json_link) == "Any"


def test_async_methods_return_the_async_binary_response() -> None:
    item = request_item(
        "Avatar", "https://h/a", response=[_typed(200, "x", "image/png")]
    )
    api, _ = parse(collection(item))
    (op,) = operations(api).values()
    assert (op.returns(False), op.returns(True)) == (
        "BinaryResponse",
        "AsyncBinaryResponse",
    )
    assert (
        "BinaryResponse" in op.return_note and ".write_to_file(path)" in op.return_note
    )


def test_list_roots_are_lists_never_root_models() -> None:
    assert _returns(example(200, ["a", "b"])) == "list[str]"
    assert _returns(example(200, [{"id": 1}])) == "list[_models.GetThingItem]"
    assert _returns(example(200, [1, "a"])) == "list[int | str]"
    api, _ = parse(
        collection(request_item("Tags", "https://h/t", response=[example(200, ["a"])]))
    )
    assert not any(defs for module in api.models for defs in module.defs)


def test_null_items_stay_in_the_item_type() -> None:
    assert _returns(example(200, ["a", None])) == "list[str | None]"
    defs: dict[str, Any] = {}
    infer_schema(
        [{"concepts": [{"id": 1}, None]}], ClassName("R"), ClassName("R"), defs, set()
    )
    assert defs["R"]["properties"]["concepts"]["items"] == {
        "anyOf": [{"$ref": "#/$defs/RConcept"}, {"type": "null"}]
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-01-26T19:01:12Z", True),
        ("2018-02-21T21:32:51+00:00", True),
        ("2019-11-12T12:41:30.123+0530", True),
        ("2023-05-01 10:00:00", True),
        ("2023-05-01", False),  # a date alone stays a string
        ("1700000000", False),
        ("2023-13-45T99:99:99Z", False),  # looks right, does not parse
        ("yesterday", False),
    ],
)
def test_iso_timestamps(text: str, expected: bool) -> None:
    assert is_datetime(text) is expected


def _two(high: int) -> st.SearchStrategy[str]:
    return st.integers(0, high).map(lambda n: f"{n:02d}")


# Timestamps of the recognised form whose parts are often just out of range: day 29-31 in
# every month, leap years, year 0, hour 24, second 60, long fractions, offsets up to 99:99.
_TIMESTAMPS = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["0000", "0001", "1900", "2000", "2023", "2024", "2100", "9999"]),
    st.just("-"),
    _two(13),
    st.just("-"),
    _two(32),
    st.sampled_from(["T", "t", " "]),
    _two(25),
    st.just(":"),
    _two(61),
    st.one_of(
        st.just(""),
        _two(61).map(lambda s: ":" + s),
        st.tuples(_two(61), st.sampled_from(".,"), st.integers(1, 9)).map(
            lambda t: f":{t[0]}{t[1]}{'7' * t[2]}"
        ),
    ),
    st.one_of(
        st.sampled_from(["", "Z", "z"]),
        st.tuples(
            st.sampled_from("+-"), _two(25), st.sampled_from([":", ""]), _two(61)
        ).map("".join),
    ),
)
_DATETIME = pydantic.TypeAdapter(datetime)


@property_settings(400)
@given(_TIMESTAMPS)
def test_timestamps_are_those_pydantic_accepts(text: str) -> None:
    # `is_datetime` decides `datetime` fields without pydantic: it must agree with the parser
    # the generated models use, or a strict model would refuse its own saved example.
    try:
        _DATETIME.validate_python(text)
        accepted = True
    except pydantic.ValidationError:
        accepted = False
    assert is_datetime(text) is accepted


def test_timestamps_every_sample_agrees_on_are_datetime() -> None:
    defs: dict[str, Any] = {}
    samples = [{"at": "2011-01-26T19:01:12Z", "mixed": "2011-01-26T19:01:12Z"}]
    samples.append({"at": "2012-01-26T19:01:12Z", "mixed": "soon"})
    infer_schema(samples, ClassName("R"), ClassName("R"), defs, set())
    assert defs["R"]["properties"]["at"] == {"type": "string", "format": "date-time"}
    assert defs["R"]["properties"]["mixed"] == {"type": "string"}


def _schema(sample: Any, style: KeyStyle | None = None) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    infer_schema([sample], ClassName("R"), ClassName("R"), defs, set(), key_style=style)
    return defs


LOWER = KeyStyle("lower")


@pytest.mark.parametrize(
    "sample",
    [
        {"C": 78769, "Python": 7769},  # off the collection's snake_case style
        {"host": "h", "content-type": "json", "accept": "*/*", "cache-control": "no"},
        {
            "regions": {"usa": {"cost": 1.0}, "south_africa": {"cost": 0.9}}
        },  # plural key
        {
            k: {"href": f"/{k}"}
            for k in ("self", "html", "issue", "comments", "commits")
        },
        {"6ElZZvtumbwtLBDJvFwepx": [1], "5oYej0l0heMydtjaVPOq4z": [2]},  # base62 ids
    ],
)
def test_objects_whose_keys_are_data_are_maps(sample: Any) -> None:
    defs = _schema(sample, LOWER)
    text = json.dumps(defs)
    assert '"additionalProperties"' in text


@pytest.mark.parametrize(
    "sample",
    [
        {
            "line1": "a",
            "city": "b",
            "postal_code": "c",
            "country": "d",
        },  # all strings: a record
        {
            "from": {"id": "1"},
            "to": {"id": "2"},
        },  # two same-shaped objects, singular parent
        {
            "Name": "a",
            "Id": "b",
        },  # PascalCase is not off-style without a dominant style
        {"breakdown": {"item_total": {"v": "1"}, "shipping": {"v": "2"}}},
    ],
)
def test_records_stay_records(sample: Any) -> None:
    assert '"additionalProperties"' not in json.dumps(_schema(sample))


def test_keys_that_differ_between_samples_make_a_map_and_values_are_named_for_an_entry() -> (
    None
):
    defs: dict[str, Any] = {}
    infer_schema(
        [{"counts": {"2021-01": 1}}, {"counts": {"2021-02": 3}}],
        ClassName("R"),
        ClassName("R"),
        defs,
        set(),
    )
    assert defs["R"]["properties"]["counts"] == {
        "type": "object",
        "additionalProperties": {"type": "integer"},
    }
    regions = _schema({"regions": {"usa": {"cost": 1.0}, "eu": {"cost": 0.9}}})
    assert regions["R"]["properties"]["regions"]["additionalProperties"] == {
        "$ref": "#/$defs/RRegion"
    }


def test_collection_key_style_is_read_from_every_body() -> None:
    items = [
        request_item(
            "Languages", "https://h/l", response=[example(200, {"C": 1, "Python": 2})]
        ),
        request_item(
            "Repo",
            "https://h/r",
            response=[example(200, {f"field_{n}": n for n in range(10)})],
        ),
    ]
    api, _ = parse(collection(*items))
    ops = operations(api)
    assert ops["root.languages"].return_type == "dict[str, int]"
    assert ops["root.repo"].return_type == "_models.RepoResponse"


def test_error_codes_in_an_agreeing_list_get_a_class() -> None:
    taken = example(
        400,
        {"errors": [{"code": "NOT_UNIQUE", "message": "Email taken", "path": "email"}]},
    )
    differ = example(409, {"errors": [{"code": "A"}, {"code": "B"}]})
    item = request_item("Create", "https://h/c", "POST", response=[taken, differ])
    api, diagnostics = parse(collection(item))
    assert [(e.status, e.code, e.class_name, e.message) for e in api.errors] == [
        (400, "NOT_UNIQUE", "NotUniqueError", "Email taken")
    ]
    assert ("errors", "*", "code") in api.error_code_paths
    assert any("409" in d.message for d in diagnostics.warnings)
