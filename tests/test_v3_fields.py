"""The v3 field readers: YAML scalars, map/list entry sets, URLs, bodies, auth, scripts, settings.

Each v3 value must come out as what a v2.1 export holds in its place; the cases are the shapes
corpus-v3/MANIFEST.md found in real files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats.v3_parts import (
    convert_auth,
    convert_body,
    convert_scripts,
    convert_settings,
)
from postgen.formats.v3_url import split_url, url_object
from postgen.formats.v3_values import entries, flag, number
from postgen.formats.yaml_text import read_yaml


def _yaml(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path)


def test_scalars_stay_text_except_an_explicit_null(tmp_path: Path) -> None:
    loaded = _yaml(
        tmp_path,
        "since: 2024-01-01T00:00:00Z\nempty:\nquoted: ''\nflag: null\ntilde: ~\n"
        "text_null: 'null'\norder: 1000\nyes: yes\nzip: 0012\ntagged: !!int 3\n"
        "alias: &a [x]\nagain: *a\n",
    )
    assert loaded == {
        "since": "2024-01-01T00:00:00Z",
        "empty": "",
        "quoted": "",
        "flag": None,
        "tilde": None,
        "text_null": "null",
        "order": "1000",
        "yes": "yes",
        "zip": "0012",
        "tagged": "3",
        "alias": ["x"],
        "again": ["x"],
    }


def test_python_tags_build_nothing(tmp_path: Path) -> None:
    loaded = _yaml(tmp_path, "a: !!python/object/apply:os.system ['echo hi']\n")
    assert loaded == {"a": ["echo hi"]}


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("$kind: http-request\nurl: {{baseUrl}}/a\n", ":2:17", "must be quoted"),
        ('a: "open\n', ":2:1", "not valid YAML: while scanning a quoted scalar"),
        ("a: 1\n---\nb: 2\n", ":2:1", "not valid YAML"),
        ("a: [1, 2\n", ":2:1", "not valid YAML"),
    ],
)
def test_syntax_errors_name_file_line_and_column(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    with pytest.raises(CollectionError) as caught:
        _yaml(tmp_path, text)
    assert caught.value.where == f"{tmp_path / 'f.yaml'}{where}"
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


def test_non_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(CollectionError, match="not UTF-8"):
        read_yaml(path)


def test_flags_and_numbers() -> None:
    assert [flag(v) for v in ("true", "False", True, "yes", None)] == [
        True,
        False,
        True,
        None,
        None,
    ]
    assert [number(v) for v in ("1000", "-2.5", "1e3", "x", None)] == [
        1000.0,
        -2.5,
        1000.0,
        None,
        None,
    ]


def test_entries_in_map_and_list_form() -> None:
    diagnostics = Diagnostics()
    assert entries(
        {"Accept": "application/json", "X-Empty": None}, "h", diagnostics
    ) == [
        {"key": "Accept", "value": "application/json"},
        {"key": "X-Empty", "value": ""},
    ]
    listed = [
        {"key": "q", "value": None, "description": "d", "disabled": "true"},
        {"key": "r", "value": "1", "disabled": "false", "$type": "string"},
        {"value": "no key"},
        {"key": "nested", "value": {"a": "b"}},
        "stray",
    ]
    assert entries(listed, "q", diagnostics, keep_null=True) == [
        {"key": "q", "value": None, "description": "d", "disabled": True},
        {"key": "r", "value": "1"},
    ]
    assert [d.where for d in diagnostics.items] == ["q[2]", "q[3]", "q[4]"]
    assert entries("a=b", "x", diagnostics) == []
    assert diagnostics.items[-1].where == "x"


def test_url_is_split_like_postman() -> None:
    assert split_url("{{baseUrl}}/{{ns}}/fleets/:id.json?a=1&flag#top") == {
        "host": ["{{baseUrl}}"],
        "path": ["{{ns}}", "fleets", ":id.json"],
        "query": [{"key": "a", "value": "1"}, {"key": "flag", "value": None}],
        "hash": "top",
    }
    assert split_url("http://u:p@{{host.name}}:8080/a/") == {
        "protocol": "http",
        "auth": {"user": "u", "password": "p"},
        "host": ["{{host.name}}"],
        "port": "8080",
        "path": ["a", ""],
    }
    assert split_url("https://api.example.com") == {
        "protocol": "https",
        "host": ["api", "example", "com"],
    }


def test_query_params_are_sent_once() -> None:
    listed: list[dict[str, Any]] = [
        {"key": "limit", "value": "25", "description": "page size"},
        {"key": "status", "value": "active", "disabled": True},
    ]
    url = url_object("{{b}}/x?limit=25&extra=1", listed, [{"key": "id", "value": ""}])
    assert url["query"] == [*listed, {"key": "extra", "value": "1"}]
    assert url["raw"] == "{{b}}/x?limit=25&extra=1"
    assert url["variable"] == [{"key": "id", "value": ""}]
    # Fleetbase Storefront: the parameters live only in queryParams.
    assert url_object("{{b}}/search", listed, [])["query"] == listed
    assert "query" not in url_object("{{b}}/search", None, [])


def test_bodies() -> None:
    diagnostics = Diagnostics()
    assert convert_body({"type": "text", "content": ""}, "b", diagnostics) is None
    assert convert_body({"type": "none"}, "b", diagnostics) is None
    assert convert_body(
        {"type": "json", "content": '{"a": 1}', "$type": "{}"}, "b", diagnostics
    ) == {
        "mode": "raw",
        "raw": '{"a": 1}',
        "options": {"raw": {"language": "json"}},
    }
    assert convert_body({"type": "text", "content": "hi"}, "b", diagnostics) == {
        "mode": "raw",
        "raw": "hi",
    }
    assert convert_body(
        {"type": "urlencoded", "content": {"grant_type": "code"}}, "b", diagnostics
    ) == {"mode": "urlencoded", "urlencoded": [{"key": "grant_type", "value": "code"}]}
    form = convert_body(
        {
            "type": "formdata",
            "content": [
                {"type": "text", "key": "t", "value": None, "description": "d"},
                {"type": "file", "key": "f", "src": "", "contentType": "image/png"},
                {"type": "file"},
            ],
        },
        "b",
        diagnostics,
    )
    assert form == {
        "mode": "formdata",
        "formdata": [
            {"key": "t", "type": "text", "value": "", "description": "d"},
            {"key": "f", "type": "file", "src": "", "contentType": "image/png"},
        ],
    }
    assert convert_body({"type": "file", "content": "a.bin"}, "b", diagnostics) == {
        "mode": "file",
        "file": {"src": "a.bin"},
    }
    assert convert_body({"type": "yaml", "content": "a: 1"}, "b", diagnostics) == {
        "mode": "raw",
        "raw": "a: 1",
    }
    assert [d.where for d in diagnostics.items] == ["b.content[2]", "b.type"]


def test_auth_single_and_multi() -> None:
    diagnostics = Diagnostics()
    bearer = [
        {
            "id": "x",
            "type": "bearer",
            "name": "bearer auth",
            "credentials": {"token": "{{t}}"},
        }
    ]
    assert convert_auth(bearer, "a", diagnostics) == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{t}}", "type": "string"}],
    }
    assert convert_auth(
        [{"id": "", "type": "noauth", "name": "No Auth"}], "a", diagnostics
    ) == {"type": "noauth"}
    # The cookbook's single map with a credentials list.
    cookbook = {
        "type": "apikey",
        "credentials": [
            {"key": "key", "value": "x-api-key"},
            {"key": "in", "value": "header"},
        ],
    }
    assert convert_auth(cookbook, "a", diagnostics) == {
        "type": "apikey",
        "apikey": [
            {"key": "key", "value": "x-api-key", "type": "string"},
            {"key": "in", "value": "header", "type": "string"},
        ],
    }
    aws = {"type": "awsv4", "credentials": {"addAuthDataToQuery": "false"}}
    assert convert_auth(aws, "a", diagnostics) == {
        "type": "awsv4",
        "awsv4": [{"key": "addAuthDataToQuery", "value": False, "type": "boolean"}],
    }
    assert diagnostics.items == []
    two = [{"type": "bearer", "credentials": {"token": "a"}}, {"type": "basic"}]
    assert convert_auth(two, "a", diagnostics) == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "a", "type": "string"}],
    }
    assert convert_auth([], "a", diagnostics) is None
    assert "2 auth schemes (bearer, basic)" in diagnostics.items[0].message


def test_scripts_become_events() -> None:
    diagnostics = Diagnostics()
    scripts = [
        {"type": "http:beforeRequest", "code": "", "language": "text/javascript"},
        {"type": "afterResponse", "code": "a();\nb();", "language": "text/javascript"},
        {"type": "grpc:onIncomingMessage", "code": "c();"},
    ]
    assert convert_scripts(scripts, "s", diagnostics) == [
        {
            "listen": "test",
            "script": {"type": "text/javascript", "exec": ["a();", "b();"]},
        }
    ]
    assert [d.where for d in diagnostics.items] == ["s[2]"]


def test_settings_become_protocol_profile_behavior() -> None:
    diagnostics = Diagnostics()
    settings = {
        "disabledSystemHeaders": ["accept"],
        "followRedirects": "false",
        "maxRedirects": "5",
        "protocolVersion": "http2",
    }
    assert convert_settings(settings, "s", diagnostics) == {
        "disabledSystemHeaders": {"accept": True},
        "followRedirects": False,
        "maxRedirects": 5,
        "protocolVersion": "http2",
    }
    assert convert_settings({"disabledSystemHeaders": []}, "s", diagnostics) is None
