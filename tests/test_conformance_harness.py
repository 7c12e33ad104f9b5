"""The conformance harness's own parts (tests/conformance/), without newman: the collection copy,
the arguments, the client settings, the environment pairing and newman's report (the comparator
and the recorder: tests/test_conformance_compare.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.arguments import call_arguments, strip_json_comments
from tests.conformance.newman import _executions, ensure_newman
from tests.conformance.origins import shape_of
from tests.conformance.rewrite import MARKER, make_copy
from tests.conformance.settings import client_settings, literal_values
from tests.conformance.targets import pair_environments
from tests.factories import collection, parse, request_item


def test_origin_shapes() -> None:
    assert shape_of("{{baseUrl}}") == ("lead", "baseUrl")
    assert shape_of("{{url}}{{site}}") == ("lead", "url")
    assert shape_of("https://{{apihost}}") == ("host", "apihost")
    assert shape_of("https://api.io") == ("literal", None)
    assert shape_of("https://{{region}}.api.io") == ("literal", None)
    assert shape_of("") == ("none", None)


def _write(
    tmp_path: Path, document: dict[str, Any], name: str = "c.postman_collection.json"
) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return path


def _sample_collection() -> dict[str, Any]:
    return collection(
        request_item(
            "lit", "https://api.io/v2/users?x=1", header=[{"key": "A", "value": "1"}]
        ),
        request_item(
            "var",
            {"raw": "{{baseUrl}}/users", "host": ["{{baseUrl}}"], "path": ["users"]},
        ),
        request_item("host", "https://{{apihost}}/ping", header="Accept: */*\n"),
        request_item(
            "mixed",
            "https://{{region}}.api.io:8443/x",
            auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        ),
        request_item(
            "file",
            "{{baseUrl}}/up",
            "POST",
            body={
                "mode": "formdata",
                "formdata": [{"key": "f", "type": "file", "src": "/nowhere/a.png"}],
            },
        ),
        request_item(
            "whole", "{{baseUrl}}/b", "POST", body={"mode": "raw", "raw": "{{payload}}"}
        ),
        event=[
            {"listen": "prerequest", "script": {"exec": ["pm.environment.set('a', 1)"]}}
        ],
        variable=[
            {"key": "baseUrl", "value": "https://api.x.com/v1"},
            {"id": "apihost", "value": "api.duo.com"},
        ],
    )


def test_copy_points_every_origin_at_the_recorder(tmp_path: Path) -> None:
    copy = make_copy(
        _write(tmp_path, _sample_collection()),
        None,
        "http://127.0.0.1:9",
        tmp_path / "up.txt",
    )
    requests = {ref.item["name"]: ref.item["request"] for ref in copy.items.values()}
    values = copy.variables()
    assert "event" not in copy.collection
    assert requests["lit"]["url"] == "http://127.0.0.1:9/v2/users?x=1"
    assert values["baseUrl"] == "http://127.0.0.1:9/v1"
    assert requests["host"]["url"] == "http://{{apihost}}/ping"
    assert (
        values["apihost"] == "127.0.0.1:9"
    )  # the id-only entry got a key: newman reads keys only
    assert requests["mixed"]["url"] == "http://127.0.0.1:9/x"
    assert requests["file"]["body"]["formdata"][0]["src"] == str(tmp_path / "up.txt")
    assert (tmp_path / "up.txt").read_bytes()
    # Variables the requests use without a value get one both runtimes share.
    assert values["token"] == "dummy-token" and values["payload"] == "{}"
    assert requests["lit"]["header"][-1] == {"key": MARKER, "value": "1"}
    assert requests["host"]["header"].endswith(f"{MARKER}: 3\n")


def test_arguments_are_the_requests_own_values(tmp_path: Path) -> None:
    document = collection(
        request_item(
            "Find",
            {
                "raw": "https://api.io/users/:id/{{$guid}}?tag=a&tag=b%20c&off=1",
                "host": ["api", "io"],
                "protocol": "https",
                "path": ["users", ":id", "{{$guid}}"],
                "query": [
                    {"key": "tag", "value": "a"},
                    {"key": "tag", "value": "b%20c"},
                    {"key": "off", "value": "1", "disabled": True},
                ],
                "variable": [{"key": "id", "value": "{{uid}}"}],
            },
            "POST",
            header=[{"key": "Content-Type", "value": "application/json"}],
            body={"mode": "raw", "raw": '{"a": {{n}} // note\n}'},
        ),
        variable=[{"key": "uid", "value": "42"}, {"key": "n", "value": "7"}],
    )
    api, _ = parse(document)
    (operation,) = api.operations
    request = document["item"][0]["request"]
    call = call_arguments(operation, request, {"uid": "42", "n": "7"}, tmp_path / "up")
    by_wire = {p.wire_name: str(p.py_name) for p in operation.params}
    # `:id` = `{{uid}}`: the argument falls back to the client setting, which holds the
    # copy's value; the `{{$guid}}` is the client's to generate (compared by shape).
    assert by_wire["uid"] not in call.kwargs and by_wire["guid"] not in call.kwargs
    assert call.kwargs[by_wire["tag"]] == ["a", "b c"]
    assert by_wire["off"] not in call.kwargs  # disabled: newman does not send it
    # The object body's field is an argument of its own (issue 10).
    assert call.kwargs[by_wire["a"]] == 7 and "body" not in call.kwargs
    assert call.empty_path == {}


def test_arguments_report_what_they_cannot_fill(tmp_path: Path) -> None:
    document = collection(request_item("Get", "https://api.io/users/:id"))
    api, _ = parse(document)
    (operation,) = api.operations
    accepted = {"id": True, "brand_new": True}
    call = call_arguments(
        operation, document["item"][0]["request"], {}, tmp_path / "up", accepted
    )
    assert call.empty_path == {"id": ":id"}
    assert call.notes == ["required parameter brand_new: no value in the request"]
    assert strip_json_comments('{"a": "//x"} // c') == '{"a": "//x"} '


def test_environments_pair_with_their_collections(tmp_path: Path) -> None:
    names = [
        "plaid-api",
        "microsoft-graph-v1.0-legacy-v1format",
        "microsoft-identity-platform",
    ]
    collections = [tmp_path / f"{n}.postman_collection.json" for n in names]
    environments = [
        tmp_path / f"{n}.postman_environment.json"
        for n in ("plaid-sandbox", "microsoft-graph-v1.0", "nothing")
    ]
    assert pair_environments(collections, environments) == {
        collections[0]: environments[0],
        collections[1]: environments[1],
    }


def test_newman_override_that_does_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGEN_NEWMAN", "/nonexistent/newman")
    assert ensure_newman() == "POSTGEN_NEWMAN=/nonexistent/newman does not exist"


def test_client_settings_as_a_user_would_give_them(tmp_path: Path) -> None:
    document = collection(
        request_item(
            "a",
            "{{baseUrl}}/a",
            auth={"type": "bearer", "bearer": [{"key": "token", "value": "lit-123"}]},
        ),
        request_item("b", "{{baseUrl}}/b", auth={"type": "oauth2"}),
        request_item(
            "c", "{{baseUrl}}/c", header=[{"key": "X-Tenant", "value": "{{tenant}}"}]
        ),
        variable=[
            {"key": "baseUrl", "value": "https://api.x.com"},
            {"key": "tenant", "value": "t1"},
        ],
    )
    copy = make_copy(
        _write(tmp_path, document), None, "http://127.0.0.1:9", tmp_path / "up"
    )
    api, _ = parse(copy.collection)
    literals = literal_values(copy.collection, copy.items)
    assert literals["token"] == "lit-123" and literals["access_token"] == ""
    settings = client_settings(api, copy.variables(), literals, "http://127.0.0.1:9")
    by_wire = {s.wire_name: str(s.py_name) for s in api.settings}
    assert settings.kwargs[by_wire["tenant"]] == "t1"
    assert (
        "base_url" not in settings.kwargs
    )  # its default already points at the recorder
    assert settings.notes == []


def test_newman_report_errors_by_marker() -> None:
    def execution(number: str, error: Any) -> dict[str, Any]:
        found = {"request": {"header": [{"key": MARKER, "value": number}]}}
        return {**found, "requestError": error} if error != "-" else found

    data = {
        "run": {
            "executions": [
                execution("1", "-"),
                execution("2", {}),
                execution("3", {"code": "ENOTFOUND"}),
            ]
        }
    }
    errors, executed = _executions(data, MARKER)
    assert executed == {"1", "2", "3"}
    assert errors == {"2": "request error (no message)", "3": "ENOTFOUND"}
