"""Request fidelity (issue 8): a generated method sends what Postman sends, and nothing silently.

One inline collection holds a request for each rule; the client built from it is driven through
`httpx.MockTransport`, and each test reads the request that reached the transport.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from postgen import build
from tests.factories import collection, parse, request_item, write_json

_VARIABLES = [
    {"key": "baseUrl", "value": "https://api.example.com/v1"},
    {"key": "org", "value": "acme"},
    {"key": "token", "value": "t0k-secret"},
    {"key": "since", "value": ""},
    {"key": "te_id", "value": "TE-1"},
]


def _items() -> list[dict[str, Any]]:
    return [
        request_item(
            "Get user",
            {
                "raw": "{{baseUrl}}/orgs/{{org}}/users/:user_id?per_page=30",
                "host": ["{{baseUrl}}"],
                "path": ["orgs", "{{org}}", "users", ":user_id"],
                "query": [
                    {"key": "per_page", "value": "30"},
                    {"key": "debug", "value": "1", "disabled": True},
                    {"key": "since", "value": "{{since}}"},
                ],
                "variable": [{"key": "user_id", "value": "42"}],
            },
            header=[
                {"key": "X-Org-Id", "value": "{{org_header}}"},
                {"key": "Content-Type", "value": "application/vnd.api+json"},
                {"key": "Request-Id", "value": "{{$guid}}"},
                {"key": "X-Shape", "value": "<string>"},
                {"key": "Accept", "value": "application/json"},
                {"key": "Accept", "value": "text/csv"},
            ],
        ),
        request_item("Root", "{{baseUrl}}"),
        request_item(
            "Token",
            "https://auth.example.com/oauth/token",
            "POST",
            body={
                "mode": "urlencoded",
                "urlencoded": [
                    {"key": "grant_type", "value": "client_credentials"},
                    {"key": "services[]", "value": "a"},
                    {"key": "services[]", "value": "b"},
                    {"key": "note", "value": "x", "disabled": True},
                ],
            },
        ),
        request_item(
            "Upload",
            "{{baseUrl}}/upload",
            "POST",
            body={
                "mode": "formdata",
                "formdata": [{"key": "name", "value": "x", "type": "text"}],
            },
        ),
        request_item(
            "Empty raw",
            "{{baseUrl}}/empty",
            "PUT",
            body={"mode": "raw", "raw": "", "options": {"raw": {"language": "json"}}},
        ),
        request_item(
            "Raw no language",
            "{{baseUrl}}/plain",
            "POST",
            body={"mode": "raw", "raw": '{"a": 1}'},
        ),
        request_item(
            "Vendor JSON",
            "{{baseUrl}}/vendor",
            "POST",
            header=[{"key": "Content-Type", "value": "application/vnd.api+json"}],
            body={"mode": "raw", "raw": '{"a": 1}'},
        ),
        request_item(
            "Graph",
            "{{baseUrl}}/graphql",
            "POST",
            body={
                "mode": "graphql",
                "graphql": {"query": 'query { test(id: "{{te_id}}") { id } }'},
            },
        ),
        request_item(
            "Get with body",
            "{{baseUrl}}/search",
            body={"mode": "raw", "raw": '{"q": 1}'},
        ),
        request_item(
            "Blank token",
            "{{baseUrl}}/blank",
            header=[{"key": "X-Trail", "value": "v "}],
        ),
    ]


def _document() -> dict[str, Any]:
    return collection(
        *_items(),
        name="Fidelity API",
        variable=_VARIABLES,
        auth={"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
    )


@pytest.fixture(scope="module")
def fidelity(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    tmp = tmp_path_factory.mktemp("fidelity")
    out = tmp / "client"
    build(write_json(tmp / "c.json", _document()), out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("fidelity_api")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("fidelity_api")]:
            del sys.modules[name]


Answer = Callable[[httpx.Request], httpx.Response]


def _client(
    module: ModuleType,
    seen: list[httpx.Request],
    answer: Answer | None = None,
    **settings: Any,
) -> Any:
    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request) if answer else httpx.Response(200, json={})

    transport = httpx.MockTransport(record)
    # A secret the collection has: never written into the client, so the test passes it.
    settings.setdefault("token", "t0k-secret")
    settings = {key: value for key, value in settings.items() if value is not None}
    return module.Client(http_client=httpx.Client(transport=transport), **settings)


def _get_user(client: Any, **extra: Any) -> None:
    client.get_user(user_id=42, since="2024", x_shape="s", **extra)


def test_a_misspelled_argument_raises_with_the_closest_name(
    fidelity: ModuleType,
) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    message = r"Client\.get_user\(\) got an unexpected keyword argument 'per_pge'; did you mean 'per_page'\?"
    with pytest.raises(TypeError, match=message):
        _get_user(client, per_pge=5)
    assert seen == []


def test_a_misspelled_argument_raises_in_async_too(fidelity: ModuleType) -> None:
    def record(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={})

    async def call() -> None:
        transport = httpx.MockTransport(record)
        http = httpx.AsyncClient(transport=transport)
        client = fidelity.AsyncClient(http_client=http, org_header="o", token="t")
        async with client:
            await client.get_user(user_id=1, since="s", x_shape="s", extra_header={})

    with pytest.raises(TypeError, match="did you mean 'extra_headers'"):
        asyncio.run(call())


def test_path_variables_are_arguments_with_the_setting_as_fallback(
    fidelity: ModuleType,
) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    _get_user(client)
    _get_user(client, org="a/b")
    assert seen[0].url.raw_path.split(b"?")[0] == b"/v1/orgs/acme/users/42"
    # Always URL-quoted: a value can never change the path.
    assert seen[1].url.raw_path.split(b"?")[0] == b"/v1/orgs/a%2Fb/users/42"
    with pytest.raises(ValueError, match="non-empty value for `user_id`"):
        client.get_user(user_id="", since="s", x_shape="s")
    assert len(seen) == 2


def test_query_literals_are_sent_disabled_ones_are_not(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    _get_user(client)
    _get_user(client, per_page=None, debug=1)
    assert seen[0].url.params.multi_items() == [("per_page", "30"), ("since", "2024")]
    assert seen[1].url.params.multi_items() == [("debug", "1"), ("since", "2024")]
    # `{{since}}` has no value in the collection: a required argument.
    assert (
        inspect.signature(client.get_user).parameters["since"].default is inspect._empty
    )


def test_header_variables_fall_back_to_a_setting_that_may_start_empty(
    fidelity: ModuleType,
) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen)
    with pytest.raises(fidelity._runtime.MissingSettingError, match="org_header"):
        _get_user(client)
    _get_user(client, org_header="per-call")
    _get_user(_client(fidelity, seen, org_header="client-wide"))
    assert [r.headers["X-Org-Id"] for r in seen] == ["per-call", "client-wide"]


def test_dynamic_variables_are_generated_once_per_call(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    statuses = itertools.chain([503], itertools.repeat(200))

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses), json={})

    client = _client(fidelity, seen, answer, org_header="o")
    client._backoff_base = 0.001
    _get_user(client)
    _get_user(client)
    ids = [r.headers["Request-Id"] for r in seen]
    assert re.fullmatch(r"[0-9a-f-]{36}", ids[0])
    assert (
        ids[0] == ids[1] != ids[2]
    )  # the retry resends the call's value; a new call, a new one
    _get_user(client, request_id="mine")
    assert seen[-1].headers["Request-Id"] == "mine"


def test_headers_are_sent_as_the_collection_sets_them(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    _get_user(client)
    headers = seen[0].headers
    # An explicit Content-Type without a body is still sent; repeated keys are each sent.
    assert headers["Content-Type"] == "application/vnd.api+json"
    assert headers.get_list("Accept") == ["application/json", "text/csv"]
    assert headers["X-Shape"] == "s"  # a `<string>` placeholder is the caller's to fill
    assert "x_shape" in inspect.signature(client.get_user).parameters
    assert headers["Authorization"] == "Bearer t0k-secret"
    client.blank_token()
    assert seen[-1].headers["X-Trail"] == "v"
    assert seen[-1].headers["Accept"] == "*/*"  # never forced to JSON


def test_extra_headers_override_the_clients_auth(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    _get_user(client, extra_headers={"Authorization": "Bearer other-tenant"})
    assert seen[0].headers["Authorization"] == "Bearer other-tenant"


def test_a_url_that_is_only_the_base_has_no_trailing_slash(
    fidelity: ModuleType,
) -> None:
    seen: list[httpx.Request] = []
    _client(fidelity, seen, org_header="o").root()
    assert seen[0].url.raw_path == b"/v1"


def test_every_origin_is_a_setting(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    _client(fidelity, seen).token()
    _client(fidelity, seen, auth_base_url="http://127.0.0.1:9").token()
    assert str(seen[0].url) == "https://auth.example.com/oauth/token"
    assert str(seen[1].url) == "http://127.0.0.1:9/oauth/token"


def test_form_literals_and_repeated_keys_are_sent(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    _client(fidelity, seen).token()
    sent = httpx.QueryParams(seen[0].content.decode())
    assert sent.multi_items() == [
        ("grant_type", "client_credentials"),
        ("services[]", "a"),
        ("services[]", "b"),
    ]


def test_text_only_formdata_is_sent_as_multipart(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    _client(fidelity, seen, org_header="o").upload()
    assert seen[0].headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="name"\r\n\r\nx\r\n' in seen[0].content


def test_an_empty_raw_body_is_no_body(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    assert "body" not in inspect.signature(client.empty_raw).parameters
    client.empty_raw()
    assert seen[0].content == b""


def test_raw_json_keeps_postmans_content_type(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    client.raw_no_language(body={"a": 1})
    client.vendor_json(body={"a": 1})
    assert seen[0].headers["Content-Type"] == "text/plain"  # no language, no header
    assert seen[1].headers["Content-Type"] == "application/vnd.api+json"
    assert json.loads(seen[1].content) == {"a": 1}


def test_graphql_fills_variables_and_omits_missing_ones(fidelity: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(fidelity, seen, org_header="o")
    client.graph()
    client.graph(te_id="TE-2", variables={"x": 1})
    first, second = (json.loads(r.content) for r in seen)
    assert first == {"query": 'query { test(id: "TE-1") { id } }'}
    assert second == {
        "query": 'query { test(id: "TE-2") { id } }',
        "variables": {"x": 1},
    }


def test_get_bodies_are_pruned_with_a_warning() -> None:
    api, diagnostics = parse(_document())
    op = next(op for op in api.operations if op.py_name == "get_with_body")
    assert op.body is None
    assert any(
        "does not send a body with GET" in d.message for d in diagnostics.warnings
    )


def test_credentials_are_settings_never_arguments() -> None:
    document = collection(
        request_item(
            "Get",
            "https://h/x",
            header=[{"key": "Authorization", "value": "Bearer {{ACCESS_TOKEN}}"}],
        ),
    )
    api, _ = parse(document)
    (op,) = api.operations
    assert op.params == ()
    setting = next(s for s in api.settings if s.wire_name == "ACCESS_TOKEN")
    assert setting.secret and setting.default is None


def test_scripts_that_change_the_request_are_reported() -> None:
    item = request_item("Signed", "https://h/x")
    item["event"] = [
        {
            "listen": "prerequest",
            "script": {"exec": ["pm.request.headers.add({key: 'X-Sig', value: s});"]},
        }
    ]
    _, diagnostics = parse(collection(item))
    assert any("changes the request" in d.message for d in diagnostics.warnings)


def test_a_query_key_without_value_is_sent_bare_by_default(tmp_path: Path) -> None:
    document = collection(
        request_item(
            "Flags",
            {
                "raw": "https://h/x?verbose&empty=&{{kind}}=1",
                "host": ["h"],
                "path": ["x"],
                "protocol": "https",
                "query": [
                    {"key": "verbose"},
                    {"key": "empty", "value": ""},
                    {"key": "{{kind}}", "value": "1"},
                ],
            },
        ),
        name="Flag API",
        variable=[{"key": "kind", "value": "mode"}],
    )
    out = tmp_path / "client"
    build(write_json(tmp_path / "c.json", document), out)
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module("flag_api")
        seen: list[httpx.Request] = []
        client = _client(module, seen, token=None)
        client.flags()
        client.flags(verbose="yes", empty=None)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("flag_api")]:
            del sys.modules[name]
    # `?verbose` stays bare and `empty=` keeps its `=`, as Postman sends them; a variable in
    # a key is filled in from the collection.
    assert seen[0].url.query == b"empty=&mode=1&verbose"
    assert seen[1].url.params.multi_items() == [("verbose", "yes"), ("mode", "1")]


def test_secret_form_fields_are_required_arguments_not_settings() -> None:
    document = collection(
        request_item(
            "Change password",
            "https://h/password",
            "POST",
            body={
                "mode": "urlencoded",
                "urlencoded": [{"key": "old_password", "value": "hunter2"}],
            },
        )
    )
    api, diagnostics = parse(document)
    (op,) = api.operations
    (param,) = op.params
    assert (param.py_name, param.required, param.default, param.example) == (
        "old_password",
        True,
        None,
        "",
    )
    assert all(s.wire_name != "old_password" for s in api.settings)
    assert any(d.category == "secret" for d in diagnostics.warnings)


def test_query_literals_are_decoded_once_so_they_are_not_encoded_twice() -> None:
    item = request_item(
        "Sign in", "https://h/authorize?response_type=id_token+code&q=a%20b"
    )
    api, _ = parse(collection(item))
    (op,) = api.operations
    defaults = {p.wire_name: p.default for p in op.params}
    assert defaults == {"response_type": "id_token code", "q": "a b"}


def test_a_urlencoded_body_is_sent_with_the_form_content_type() -> None:
    item = request_item(
        "Token",
        "https://h/token",
        "POST",
        header=[
            {"key": "Content-Type", "value": "application/x-www-url-form-urlencoded"}
        ],
        body={"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
    )
    api, diagnostics = parse(collection(item))
    (op,) = api.operations
    assert (
        op.body is not None and op.body.content_type is None
    )  # httpx sets the right one
    assert any("as Postman sends it" in d.message for d in diagnostics.warnings)
