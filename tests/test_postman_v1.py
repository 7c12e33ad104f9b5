"""Tests for the legacy v1 -> v2.1 conversion (POSTMAN-FORMAT.md §13)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats.v1 import SCHEMA_V21, convert_v1

Json = dict[str, Any]

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
CORPUS_V1 = [
    "here-routing-legacy-v1format",
    "microsoft-graph-v1.0-legacy-v1format",
    "transformer-echo-legacy-v1format",
    "transformer-malformed-v1format",
    "transformer-multi-level-folders-2-v1format",
]


def request(request_id: str, **fields: Any) -> Json:
    """A minimal v1 request; keyword arguments override or add fields."""
    return {
        "id": request_id,
        "name": request_id,
        "method": "GET",
        "url": "https://x/y",
        **fields,
    }


def collection(requests: list[Json], **fields: Any) -> Json:
    """A minimal v1 collection that lists every request in the root `order`."""
    order = [entry["id"] for entry in requests]
    return {"id": "c1", "name": "C", "order": order, "requests": requests, **fields}


def convert(document: Json) -> tuple[Json, list[str]]:
    diagnostics = Diagnostics()
    result = convert_v1(document, diagnostics)
    return result, [str(item) for item in diagnostics.warnings]


def only_request(document: Json) -> Json:
    result, _ = convert(document)
    [item] = result["item"]
    converted: Json = item["request"]
    return converted


def names(items: list[Json]) -> list[Any]:
    """The tree as nested names: a folder is `(name, [children])`."""
    return [(i["name"], names(i["item"])) if "item" in i else i["name"] for i in items]


def count_tree(items: list[Json]) -> tuple[int, int]:
    requests = folders = 0
    for item in items:
        if "item" in item:
            inner_requests, inner_folders = count_tree(item["item"])
            requests, folders = requests + inner_requests, folders + 1 + inner_folders
        else:
            requests += 1
    return requests, folders


# -- tree order ------------------------------------------------------------------------------


def test_output_is_a_v21_collection() -> None:
    result, warnings = convert(collection([request("r1")], description="about"))
    assert result["info"] == {"name": "C", "description": "about", "schema": SCHEMA_V21}
    assert set(result) == {"info", "item", "variable", "auth", "event"}
    assert result["item"][0]["request"] == {
        "method": "GET",
        "url": "https://x/y",
        "header": [],
        "description": None,
    }
    assert warnings == []


def test_folders_first_then_subfolders_then_root_requests() -> None:
    document = {
        "name": "C",
        "order": ["r1", "missing-request"],
        "folders_order": ["f2", "f1", "missing-folder"],
        "folders": [
            {"id": "f1", "name": "F1", "order": ["r2"], "folders_order": ["f3"]},
            {"id": "f2", "name": "F2", "order": ["r3"]},
            {"id": "f3", "name": "F3", "order": ["r4"], "folders_order": []},
        ],
        "requests": [request(name) for name in ("r1", "r2", "r3", "r4")],
    }
    result, warnings = convert(document)
    # A folder lists its subfolders before its own requests; unknown ids vanish silently.
    assert names(result["item"]) == [
        ("F2", ["r3"]),
        ("F1", [("F3", ["r4"]), "r2"]),
        "r1",
    ]
    assert warnings == []


def test_without_folders_order_the_folders_list_gives_the_order() -> None:
    document = {
        "name": "C",
        "order": [],
        "folders": [
            {"id": "b", "name": "B", "order": ["r1"]},
            {"id": "a", "name": "A", "order": ["r2"]},
        ],
        "requests": [request("r1"), request("r2")],
    }
    result, _ = convert(document)
    assert names(result["item"]) == [("B", ["r1"]), ("A", ["r2"])]


def test_unreferenced_requests_are_dropped_with_their_count() -> None:
    document = collection([request("r1"), request("r2"), request("r3")], order=["r2"])
    result, warnings = convert(document)
    assert names(result["item"]) == ["r2"]
    assert warnings == [
        "warning: requests: 2 request(s) referenced by no order list; dropped"
    ]


def test_repeated_ids_in_order_lists_are_kept_once() -> None:
    document = collection(
        [request("r1"), request("r2")],
        order=["r1", "r1", "r2"],
        folders_order=["f", "f"],
        folders=[{"id": "f", "name": "F", "order": ["r2", "r2"]}],
    )
    result, warnings = convert(document)
    assert names(result["item"]) == [("F", ["r2"]), "r1", "r2"]
    assert len(warnings) == 3 and all("repeated id" in w for w in warnings)


def test_folder_cycles_do_not_recurse_forever() -> None:
    document = collection(
        [request("r1")],
        order=[],
        folders_order=["a"],
        folders=[
            {"id": "a", "name": "A", "order": ["r1"], "folders_order": ["b"]},
            {"id": "b", "name": "B", "folders_order": ["a"]},
        ],
    )
    result, warnings = convert(document)
    # `a` is listed as b's subfolder, so (like the transformer) it is not a top folder.
    assert result["item"] == []
    assert any("folder(s) referenced by no order list" in w for w in warnings)


def test_folder_fields() -> None:
    auth = {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "t", "type": "string"}],
    }
    document = collection(
        [request("r1")],
        order=[],
        folders=[
            {"id": "f", "name": "F", "description": "d", "order": ["r1"], "auth": auth},
            {"id": "g", "name": "G", "description": "", "auth": None, "order": []},
        ],
    )
    result, _ = convert(document)
    folder, empty = result["item"]
    assert folder["description"] == "d" and folder["auth"] == auth
    assert empty == {"name": "G", "description": None, "item": []}


# -- requests ----------------------------------------------------------------------------------


def test_headers_string_with_disabled_lines() -> None:
    headers = "Accept: */*\n// X-Off: 1\nX-Trace:  {{trace}} \n"
    assert only_request(collection([request("r1", headers=headers)]))["header"] == [
        {"key": "Accept", "value": "*/*"},
        {"key": "X-Off", "value": "1", "disabled": True},
        {"key": "X-Trace", "value": "{{trace}}"},
    ]


def test_header_data_wins_over_the_headers_string() -> None:
    header_data = [
        {"key": "Accept", "value": "text/xml", "type": "text", "description": ""},
        {"key": "X-Old", "value": "1", "enabled": False, "description": "gone"},
    ]
    source = request("r1", headerData=header_data, headers="Accept: */*\nX-Extra: 2\n")
    assert only_request(collection([source]))["header"] == [
        {"key": "Accept", "value": "text/xml"},
        {"key": "X-Old", "value": "1", "disabled": True, "description": "gone"},
        {"key": "X-Extra", "value": "2"},
    ]


FORM = [{"key": "a", "value": "1", "type": "text", "enabled": False}]


@pytest.mark.parametrize(
    ("fields", "body"),
    [
        (
            {"dataMode": "params", "data": FORM},
            {
                "mode": "formdata",
                "formdata": [
                    {"key": "a", "value": "1", "type": "text", "disabled": True}
                ],
            },
        ),
        (
            {"dataMode": "urlencoded", "data": [{"key": "a", "value": "1"}]},
            {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
        ),
        ({"dataMode": "raw", "rawModeData": "{}"}, {"mode": "raw", "raw": "{}"}),
        (
            {"dataMode": "binary", "rawModeData": "a.bin"},
            {"mode": "file", "file": {"src": "a.bin"}},
        ),
        (
            {
                "dataMode": "graphql",
                "graphqlModeData": {"query": "{a}", "variables": ""},
            },
            {"mode": "graphql", "graphql": {"query": "{a}", "variables": ""}},
        ),
        # Without dataMode the mode is inferred: raw > formdata > graphql.
        ({"rawModeData": "text", "data": FORM}, {"mode": "raw", "raw": "text"}),
        (
            {"data": [{"key": "b", "value": "2"}]},
            {"mode": "formdata", "formdata": [{"key": "b", "value": "2"}]},
        ),
        (
            {"graphqlModeData": {"query": "{b}"}},
            {"mode": "graphql", "graphql": {"query": "{b}"}},
        ),
        # Real files: `data` as a string, rawModeData as a one-string list.
        ({"dataMode": "raw", "data": "plain"}, {"mode": "raw", "raw": "plain"}),
        ({"rawModeData": ["x"]}, {"mode": "raw", "raw": "x"}),
        (
            {
                "dataMode": "raw",
                "rawModeData": "{}",
                "dataOptions": {"raw": {"language": "json"}},
            },
            {"mode": "raw", "raw": "{}", "options": {"raw": {"language": "json"}}},
        ),
    ],
)
def test_data_mode_mapping(fields: Json, body: Json) -> None:
    assert only_request(collection([request("r1", **fields)]))["body"] == body


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"dataMode": "params", "data": []},
        {"dataMode": None, "data": None, "rawModeData": None},
        {"dataMode": "urlencoded", "data": None},
    ],
)
def test_no_body(fields: Json) -> None:
    assert "body" not in only_request(collection([request("r1", **fields)]))


def test_formdata_file_value_becomes_src() -> None:
    data = [
        {"key": "f", "value": "/p/a.png", "type": "file"},
        {"key": "g", "type": "file"},
    ]
    body = only_request(collection([request("r1", dataMode="params", data=data)]))[
        "body"
    ]
    assert body["formdata"] == [
        {"key": "f", "type": "file", "src": "/p/a.png"},
        {"key": "g", "type": "file"},
    ]


def test_path_variables_make_a_url_object() -> None:
    source = request(
        "r1",
        url="{{base}}/x/:id/:kind",
        pathVariableData=[{"key": "id", "value": "1", "description": "the id"}],
        pathVariables={"id": "ignored", "kind": "k"},
    )
    assert only_request(collection([source]))["url"] == {
        "raw": "{{base}}/x/:id/:kind",
        # Components too: Postman builds the URL from them, never from `raw`.
        "host": ["{{base}}"],
        "path": ["x", ":id", ":kind"],
        "variable": [
            {"key": "id", "value": "1", "description": "the id"},
            {"key": "kind", "value": "k"},
        ],
    }


def test_empty_path_variables_and_query_params_keep_the_raw_string() -> None:
    source = request("r1", url="https://x/y?q=1", pathVariables=[], queryParams=[])
    result, warnings = convert(collection([source]))
    assert result["item"][0]["request"]["url"] == "https://x/y?q=1"
    assert warnings == []


def test_query_params_keep_their_metadata() -> None:
    params = [{"key": "q", "value": "1", "equals": True, "description": "query"}]
    url = only_request(
        collection([request("r1", url="https://x/y?q=1&z", queryParams=params)])
    )
    assert url["url"] == {
        "raw": "https://x/y?q=1&z",
        "protocol": "https",
        "host": ["x"],
        "path": ["y"],
        "query": [
            {"key": "q", "value": "1", "description": "query"},
            {"key": "z", "value": None},
        ],
    }


def test_scripts_become_events_unless_events_exist() -> None:
    legacy = request("r1", tests="a;\nb;", preRequestScript="c;")
    events = [{"listen": "test", "script": {"exec": "d;\ne;"}}]
    modern = request("r2", tests="ignored", events=events)
    result, _ = convert(collection([legacy, modern]))
    assert result["item"][0]["event"] == [
        {"listen": "prerequest", "script": {"type": "text/javascript", "exec": ["c;"]}},
        {"listen": "test", "script": {"type": "text/javascript", "exec": ["a;", "b;"]}},
    ]
    assert result["item"][1]["event"] == [
        {"listen": "test", "script": {"type": "text/javascript", "exec": ["d;", "e;"]}}
    ]


# -- auth ------------------------------------------------------------------------------------


def test_helper_auth_with_json_string_attributes() -> None:
    attributes = json.dumps(
        {"id": "basic", "username": "u", "password": "p", "saveToRequest": True}
    )
    source = request("r1", currentHelper="basicAuth", helperAttributes=attributes)
    assert only_request(collection([source]))["auth"] == {
        "type": "basic",
        "basic": [
            {"key": "username", "value": "u", "type": "string"},
            {"key": "password", "value": "p", "type": "string"},
        ],
    }


def test_helper_attribute_renames() -> None:
    source = request(
        "r1", currentHelper="hawkAuth", helperAttributes={"hawk_id": "i", "ext": "e"}
    )
    assert only_request(collection([source]))["auth"] == {
        "type": "hawk",
        "hawk": [
            {"key": "authId", "value": "i", "type": "string"},
            {"key": "extraData", "value": "e", "type": "string"},
        ],
    }


@pytest.mark.parametrize("helper", ["normal", None, ""])
def test_normal_helper_means_no_auth(helper: str | None) -> None:
    source = request("r1", currentHelper=helper, helperAttributes={})
    assert "auth" not in only_request(collection([source]))


def test_auth_field_wins_and_v20_objects_become_attribute_lists() -> None:
    source = request(
        "r1",
        auth={"type": "apikey", "apikey": {"key": "X-Key", "in": "header", "n": 3}},
        currentHelper="basicAuth",
        helperAttributes={"username": "u"},
    )
    assert only_request(collection([source]))["auth"] == {
        "type": "apikey",
        "apikey": [
            {"key": "key", "value": "X-Key", "type": "string"},
            {"key": "in", "value": "header", "type": "string"},
            {"key": "n", "value": 3, "type": "number"},
        ],
    }


def test_bad_helper_attributes_drop_the_auth_with_a_warning() -> None:
    source = request("r1", currentHelper="bearerAuth", helperAttributes="{not json")
    result, warnings = convert(collection([source]))
    assert "auth" not in result["item"][0]["request"]
    assert warnings == [
        "warning: requests[0].helperAttributes: not valid JSON; auth dropped"
    ]


def test_collection_auth_variables_and_noauth() -> None:
    document = collection(
        [request("r1", auth={"type": "noauth"})],
        auth={"type": "noauth"},
        variables=[{"key": "base", "value": "https://x"}, {"id": "n", "value": 2}],
    )
    result, _ = convert(document)
    assert result["auth"] is None  # a collection-level noauth is the same as none
    assert result["item"][0]["request"]["auth"] == {"type": "noauth"}
    assert result["variable"] == [
        {"key": "base", "value": "https://x", "type": "string"},
        {"key": "n", "value": 2, "type": "number"},
    ]


# -- responses -------------------------------------------------------------------------------


def test_responses() -> None:
    responses = [
        {
            "id": "s1",
            "name": "ok",
            "responseCode": {"code": 200, "name": "OK"},
            "headers": [{"key": "Content-Type", "value": "application/json"}],
            "text": '{"a": 1}',
            "language": "json",
            "request": "r1",
        },
        {
            "id": "s2",
            "name": "bad",
            "responseCode": {"code": "400"},
            "request": '"https://x/z"',
        },
        {"id": "s3", "text": "dropped: not in responses_order"},
    ]
    source = request("r1", responses=responses, responses_order=["s2", "s1", "nope"])
    result, warnings = convert(collection([source]))
    second, first = result["item"][0]["response"]
    assert first == {
        "name": "ok",
        "code": 200,
        "status": "OK",
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": '{"a": 1}',
        "_postman_previewlanguage": "json",
        "originalRequest": result["item"][0]["request"],
    }
    assert second["code"] == 400 and "status" not in second
    assert second["originalRequest"] == "https://x/z"
    assert warnings == [
        "warning: requests[0].responses_order: 1 response(s) not listed; dropped"
    ]


def test_saved_request_object_and_json_string() -> None:
    saved = {"url": "https://x/old", "method": "post", "headers": "A: 1\n"}
    responses = [
        {"request": saved},
        {"requestObject": json.dumps(saved), "request": "r9"},
    ]
    result, _ = convert(collection([request("r1", responses=responses)]))
    for response in result["item"][0]["response"]:
        assert response["originalRequest"]["method"] == "POST"
        assert response["originalRequest"]["header"] == [{"key": "A", "value": "1"}]
        assert response["name"] == "response"


# -- leniency --------------------------------------------------------------------------------


def test_wrong_types_are_reported_not_fatal() -> None:
    document = {
        "name": 5,
        "order": ["r1", 7, ["x"]],
        "folders": "nope",
        "variables": {"a": 1},
        "requests": [
            "not a request",
            {"name": "no id"},
            request(
                "r1",
                method=3,
                url=None,
                headers=42,
                headerData="x",
                data="k=v",
                dataMode="urlencoded",
                pathVariables="?",
                queryParams={},
                events="e",
                auth="a",
                responses=[1, {"responseCode": "x", "text": {"a": 1}, "headers": 3}],
            ),
        ],
    }
    result, warnings = convert(document)
    converted = result["item"][0]["request"]
    assert converted["method"] == "GET" and converted["url"] == ""
    assert converted["body"] == {
        "mode": "urlencoded",
        "urlencoded": [{"key": "k", "value": "v"}],
    }
    assert result["item"][0]["response"][0]["body"] == '{"a": 1}'
    assert len(warnings) >= 12


def test_requests_must_be_a_list() -> None:
    with pytest.raises(CollectionError):
        convert_v1({"name": "C", "order": ["a"], "requests": {"a": {}}}, Diagnostics())


def test_the_input_document_is_not_changed() -> None:
    document = collection(
        [request("r1", headerData=[{"key": "//A", "value": "1", "enabled": False}])],
        events=[{"script": {"exec": "x"}}],
    )
    before = copy.deepcopy(document)
    result, _ = convert(document)
    assert document == before
    result["event"][0]["script"]["exec"].append("y")
    assert document == before


# -- corpus ----------------------------------------------------------------------------------


def referenced_request_count(document: Json) -> int:
    """Distinct existing request ids that any order array references."""
    ids = {entry["id"] for entry in document["requests"] if isinstance(entry, dict)}
    lists = [document.get("order") or []]
    lists += [folder.get("order") or [] for folder in document.get("folders") or []]
    return len({entry for order in lists for entry in order if entry in ids})


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
@pytest.mark.parametrize("stem", CORPUS_V1)
def test_corpus_v1_files(stem: str) -> None:
    document = json.loads(
        (CORPUS / f"{stem}.postman_collection.json").read_text("utf-8")
    )
    diagnostics = Diagnostics()
    result = convert_v1(document, diagnostics)
    requests, _ = count_tree(result["item"])
    expected = referenced_request_count(document)
    if expected == 0 and not document.get("folders"):
        # Nothing is ordered and there are no folders (HERE routing): every request is kept.
        assert requests == len(document["requests"])
        assert any(
            "all" in w.message and "kept" in w.message for w in diagnostics.warnings
        )
        return
    assert requests == expected
    json.dumps(result)  # plain JSON data, no shared or circular structure
    dropped = len(document["requests"]) - expected
    drop_warnings = [
        w for w in diagnostics.warnings if "referenced by no order list" in w.message
    ]
    if dropped:
        assert drop_warnings[-1].message.startswith(f"{dropped} request(s)")
    else:
        assert not [w for w in drop_warnings if w.where == "requests"]
