"""Parsing Postman JSON into the IR, one format case at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from postgen.parse.bodies import parse_lenient_json
from postgen.parse.url import parse_raw
from postgen.parse.variables import is_secret_name, substitute
from tests.factories import (
    collection,
    example,
    operations,
    parse,
    request_item,
    write_json,
)


def test_raw_url_masks_variables_before_splitting() -> None:
    url = parse_raw("{{base.url}}/v1/users/:id.json?active=true&flag&empty=#frag")
    assert url.origin == "{{base.url}}"
    assert url.path == ["v1", "users", ":id.json"]
    assert [(q.key, q.value) for q in url.query] == [
        ("active", "true"),
        ("flag", None),
        ("empty", ""),
    ]


def test_raw_url_with_protocol_and_port() -> None:
    url = parse_raw("https://{{host}}:8080/a/b")
    assert url.origin == "https://{{host}}:8080"
    assert url.path == ["a", "b"]


def test_substitution_is_nested_and_leaves_unknown_tokens() -> None:
    values = {"env": "prod", "a_prod": "x", "self": "{{self}}"}
    assert substitute("{{a_{{env}}}}/{{missing}}", values) == "x/{{missing}}"
    assert substitute("{{self}}", values) == "{{self}}"


def test_path_variables_and_tokens_become_parameters() -> None:
    api, _ = parse(collection(request_item("Get", "{{base}}/users/:id.json/{{kind}}")))
    op = operations(api)["root.get"]
    assert op.path_template == "/users/{id}.json/{kind}"
    # `{{kind}}` has no value anywhere: a required argument, with no client setting.
    assert [(p.py_name, p.location, p.required, p.setting) for p in op.params] == [
        ("id", "path", True, None),
        ("kind", "variable", True, None),
    ]


def test_collection_variables_become_client_settings_with_defaults() -> None:
    document = collection(
        request_item("Get", "{{base}}/v/{{version}}"),
        variable=[
            {"key": "base", "value": "https://api.example.com"},
            {"key": "version", "value": "2"},
            {"key": "apiKey", "value": "sk_live_123"},
        ],
    )
    api, _diagnostics = parse(document)
    settings = {s.py_name: s for s in api.settings}
    assert settings["base_url"].default == "https://api.example.com"
    assert settings["version"].default == "2"
    op = operations(api)["root.get"]
    # A path variable with a value is still a method argument, optional, falling back to the
    # client setting of the same name (issue 8: one client must serve many values).
    version = op.param(op.path[-1].param or "")
    assert (version.required, version.setting, version.example) == (
        False,
        "version",
        "2",
    )


def test_secret_variables_never_keep_their_value() -> None:
    document = collection(
        request_item(
            "Get",
            "https://api.example.com/x",
            header=[{"key": "X-Key", "value": "{{apiKey}}"}],
        ),
        variable=[{"key": "apiKey", "value": "sk_live_123"}],
    )
    api, diagnostics = parse(document)
    settings = {s.py_name: s for s in api.settings}
    assert settings["api_key"].default is None and settings["api_key"].secret
    assert any(
        "sk_live" not in d.message and d.category == "secret"
        for d in diagnostics.warnings
    )


def test_enabled_query_literals_are_defaults_disabled_ones_optional() -> None:
    item = request_item(
        "List",
        {
            "raw": "https://h/x?page=1",
            "host": ["h"],
            "path": ["x"],
            "protocol": "https",
            "query": [
                {"key": "page", "value": "1"},
                {"key": "debug", "value": "1", "disabled": True},
            ],
        },
        header=[
            {"key": "X-Trace", "value": "1", "disabled": True},
            {"key": "Accept", "value": "application/json"},
        ],
    )
    api, _ = parse(collection(item))
    op = operations(api)["root.list"]
    params = {p.py_name: p for p in op.params}
    # An enabled literal is what Postman sends: the default; a disabled one sends nothing.
    assert params["page"].default == "1" and not params["page"].required
    assert params["debug"].default is None and params["debug"].example == "1"
    assert params["x_trace"].location == "header"
    assert [(h.wire_name, h.param) for h in op.headers] == [
        ("X-Trace", "x_trace"),
        ("Accept", None),
    ]


def test_auth_inheritance_and_noauth() -> None:
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}
    basic = {"type": "basic", "basic": {"username": "{{user}}", "password": "{{pass}}"}}
    document = collection(
        {
            "name": "F",
            "auth": basic,
            "item": [
                request_item("A", "https://h/a"),
                request_item("B", "https://h/b", auth={"type": "noauth"}),
            ],
        },
        request_item("C", "https://h/c"),
        auth=bearer,
    )
    api, _ = parse(document)
    ops = operations(api)
    assert (
        ops["f.a"].auth is not None and ops["f.a"].auth.kind == "basic"
    )  # v2.0 object shape
    assert ops["f.b"].auth is None
    assert ops["root.c"].auth is not None and ops["root.c"].auth.kind == "bearer"


def test_unsupported_auth_warns_and_generates_without_it() -> None:
    item = request_item("A", "https://h/a", auth={"type": "hawk", "hawk": []})
    api, diagnostics = parse(collection(item))
    assert operations(api)["root.a"].auth is None
    assert any("hawk" in d.message for d in diagnostics.warnings)


def test_error_codes_two_400s_are_two_classes_and_shared_across_requests() -> None:
    errors = [
        example(400, {"code": "A_FAILED"}),
        example(400, {"code": "B_FAILED"}),
        example(404, {"code": 404, "message": "nope"}),
    ]
    document = collection(
        request_item(
            "One", "https://h/1", response=[example(200, {"ok": True}), *errors]
        ),
        request_item(
            "Two", "https://h/2", response=[example(400, {"code": "A_FAILED"})]
        ),
    )
    api, diagnostics = parse(document)
    assert [(e.status, e.code, e.class_name) for e in api.errors] == [
        (400, "A_FAILED", "AFailedError"),
        (400, "B_FAILED", "BFailedError"),
    ]
    assert any("no error code" in d.message for d in diagnostics.warnings)
    assert api.error_base == "TestApiError"


def test_error_code_shapes_vendors_use() -> None:
    from postgen.parse.errors import find_code

    assert find_code({"error": {"code": "x"}}, 400) == (("error", "code"), "x")
    assert find_code({"errorCode": 1001}, 400) == (("errorCode",), "1001")
    assert find_code({"type": "https://p/out-of-credit", "title": "t"}, 403) == (
        ("type",),
        "https://p/out-of-credit",
    )
    assert find_code({"stat": "FAIL", "code": 40002}, 400) == (("code",), "40002")
    assert find_code({"error": "invalid_grant"}, 400) == (("error",), "invalid_grant")


def test_code_named_like_a_status_class_gets_the_status() -> None:
    document = collection(
        request_item("A", "https://h/a", response=[example(404, {"code": "NOT_FOUND"})])
    )
    api, _ = parse(document)
    assert api.errors[0].class_name == "NotFound404Error"


def test_lenient_json_body() -> None:
    ok, value = parse_lenient_json('{\n "a": {{age}}, // comment\n "b": "{{x}}",\n}')
    assert ok and value == {"a": "postgen-placeholder", "b": "{{x}}"}


def test_json_body_gets_fields_and_requests_without_examples_return_any() -> None:
    item = request_item(
        "Create user",
        "https://h/users",
        "POST",
        body={
            "mode": "raw",
            "raw": '{"name": "x"}',
            "options": {"raw": {"language": "json"}},
        },
    )
    api, _ = parse(collection(item))
    op = operations(api)["root.create_user"]
    assert op.body is not None and op.body.is_object
    assert [(e.wire_name, e.param) for e in op.body.json_fields] == [("name", "name")]
    assert op.param("name").annotation == "str | NotGiven"
    assert op.return_type == "Any"


def test_duplicate_and_reserved_names_are_told_apart_with_warnings() -> None:
    # Same verb, different paths: the path tells them apart; a name the client uses itself
    # gets a trailing underscore (postgen/naming_clashes.py).
    document = collection(
        request_item("List", "https://h/a"),
        request_item("list", "https://h/b"),
        request_item("close", "https://h/c"),
    )
    api, diagnostics = parse(document)
    assert [op.py_name for op in api.root.operations] == ["list_a", "list_b", "close_"]
    assert len([d for d in diagnostics.warnings if d.category == "naming"]) == 3


def test_request_as_bare_string_and_unnamed_items() -> None:
    document = collection(
        {"name": "Ping", "request": "https://h/ping"}, {"request": {}}
    )
    api, _ = parse(document)
    assert [op.method for op in api.root.operations] == ["GET", "GET"]
    assert api.root.operations[1].py_name == "get"


def test_numeric_codes_name_classes_after_their_status() -> None:
    document = collection(
        request_item(
            "A",
            "https://h/a",
            response=[example(500, {"code": -17}), example(400, {"code": 1001})],
        )
    )
    api, _ = parse(document)
    assert [e.class_name for e in api.errors] == [
        "InternalServerMinus17Error",
        "BadRequest1001Error",
    ]


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("access-token", True),
        ("accessToken", True),
        ("client_secret", True),
        ("X-API-Key", True),
        ("apiKey", True),
        ("password", True),
        ("Authorization", True),
        ("author", False),
        ("keyword", False),
        ("baseUrl", False),
        ("monkey", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_collection_wrapper_and_missing_schema_are_accepted(tmp_path: Path) -> None:
    from postgen.diagnostics import Diagnostics
    from postgen.load import load_collection

    document = {"collection": {"info": {"name": "Wrapped"}, "item": []}}
    diagnostics = Diagnostics()
    loaded = load_collection(write_json(tmp_path / "w.json", document), diagnostics)
    assert loaded["info"]["name"] == "Wrapped"
    assert any(d.where == "info.schema" for d in diagnostics.warnings)


def test_body_modes() -> None:
    items = [
        request_item(
            "Form",
            "https://h/f",
            "POST",
            body={
                "mode": "urlencoded",
                "urlencoded": [
                    {"key": "grant_type", "value": "x"},
                    {"key": "off", "value": "y", "disabled": True},
                ],
            },
        ),
        request_item(
            "Upload",
            "https://h/u",
            "POST",
            body={
                "mode": "formdata",
                "formdata": [
                    {"key": "file", "type": "file", "src": "/secret/path.png"},
                    {"key": "name", "type": "text", "value": "n"},
                ],
            },
        ),
        request_item(
            "Xml",
            "https://h/x",
            "POST",
            body={
                "mode": "raw",
                "raw": "<a/>",
                "options": {"raw": {"language": "xml"}},
            },
        ),
        request_item(
            "Binary", "https://h/b", "PUT", body={"mode": "file", "file": {"src": "a"}}
        ),
        request_item(
            "Query",
            "https://h/g",
            "POST",
            body={
                "mode": "graphql",
                "graphql": {"query": "query Q { a }", "variables": "{}"},
            },
        ),
    ]
    api, diagnostics = parse(collection(*items))
    ops = operations(api)
    # The file body has no Content-Type: Postman derives one from the file, the client cannot.
    assert [w.where for w in diagnostics.warnings if "file body" in w.message] == [
        "item[3].request.body"
    ]
    form = ops["root.form"]
    assert form.body is not None and form.body.kind == "form"
    assert [(p.py_name, p.location) for p in form.params] == [
        ("grant_type", "form"),
        ("off", "form"),
    ]
    upload = ops["root.upload"]
    assert [(p.py_name, p.location) for p in upload.params] == [
        ("file", "file"),
        ("name", "form"),
    ]
    assert ops["root.xml"].body is not None and ops["root.xml"].body.content_type == (
        "application/xml"
    )
    assert (
        ops["root.binary"].body is not None and ops["root.binary"].body.kind == "file"
    )
    graphql = ops["root.query"].body
    assert (
        graphql is not None
        and graphql.kind == "graphql"
        and graphql.example == "query Q { a }"
    )


def test_apikey_oauth2_and_digest_auth() -> None:
    items = [
        request_item(
            "Key",
            "https://h/k",
            auth={
                "type": "apikey",
                "apikey": [
                    {"key": "key", "value": "api_key"},
                    {"key": "value", "value": "{{key}}"},
                    {"key": "in", "value": "query"},
                ],
            },
        ),
        request_item(
            "Oauth",
            "https://h/o",
            auth={
                "type": "oauth2",
                "oauth2": [
                    {"key": "accessToken", "value": "{{token}}"},
                    {"key": "headerPrefix", "value": "Token"},
                    {"key": "clientSecret", "value": "shh"},
                ],
            },
        ),
        request_item(
            "Digest",
            "https://h/d",
            auth={
                "type": "digest",
                "digest": {"username": "{{user}}", "password": "{{pass}}"},
            },
        ),
    ]
    api, _ = parse(collection(*items))
    ops = operations(api)
    key = ops["root.key"].auth
    assert key is not None and (key.kind, key.key_name, key.location) == (
        "apikey",
        "api_key",
        "query",
    )
    oauth = ops["root.oauth"].auth
    assert oauth is not None and (oauth.kind, oauth.prefix) == ("bearer", "Token")
    digest = ops["root.digest"].auth
    assert (
        digest is not None
        and digest.kind == "digest"
        and digest.settings == ("user", "pass_")  # `pass` is a keyword
    )


def test_nested_folders_become_nested_resources() -> None:
    document = collection(
        {
            "name": "Accounts",
            "item": [
                {"name": "Users", "item": [request_item("List", "https://h/a/u")]}
            ],
        }
    )
    api, _ = parse(document)
    (accounts,) = api.root.resources
    (users,) = accounts.resources
    assert (accounts.attr_name, users.attr_name, users.module) == (
        "accounts",
        "users",
        "accounts_users",
    )
    assert users.operations[0].py_name == "list"


def test_code_named_like_the_collection_base_gets_the_status() -> None:
    document = collection(
        request_item("A", "https://h/a", response=[example(400, {"code": "ACME"})]),
        name="Acme",
    )
    api, _ = parse(document)
    assert api.error_base == "AcmeError"
    assert api.errors[0].class_name == "Acme400Error"


def test_graphql_requests_keep_query_and_variables_for_themselves() -> None:
    item = request_item(
        "Search",
        "https://h/graphql?query=x&variables=y",
        "POST",
        body={"mode": "graphql", "graphql": {"query": "{ a }"}},
    )
    plain = request_item("Find", "https://h/find?query=x")
    api, _ = parse(collection(item, plain))
    ops = operations(api)
    assert [p.py_name for p in ops["root.search"].params] == ["query_2", "variables_2"]
    assert [p.py_name for p in ops["root.find"].params] == ["query"]


def test_scalar_success_examples_type_the_return_value() -> None:
    api, _ = parse(
        collection(
            request_item("Ping", "https://h/ping", response=[example(200, "pong")]),
            request_item("Count", "https://h/n", response=[example(200, 3)]),
            request_item(
                "Mixed", "https://h/m", response=[example(200, 1), example(200, "a")]
            ),
        )
    )
    ops = operations(api)
    assert ops["root.ping"].return_type == "str"
    assert ops["root.count"].return_type == "int"
    assert ops["root.mixed"].return_type == "Any"
