"""Runtime (issue 10): return types that hold what the response is, body fields, error text.

Over real HTTP on 127.0.0.1 (see ``runtime_server``), with hand-written stand-ins for generated
code.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ConfigDict

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00binary\x00"


class Thing(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int


SPEC = rt.ErrorSpec(code_paths=(("code",),), by_code={})


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(
            base_url=base_url,
            package="demo",
            version="0",
            errors=SPEC,
            auth=rt.NO_AUTH,
            max_retries=0,
            **kwargs,
        )

    def call(self, cast_to: Any, **kwargs: Any) -> Any:
        return self.request("POST", "/x", cast_to=cast_to, **kwargs)


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(
            base_url=base_url,
            package="demo",
            version="0",
            errors=SPEC,
            auth=rt.NO_AUTH,
            max_retries=0,
            **kwargs,
        )


def _typed(media: str, body: bytes | str) -> Reply:
    data = body.encode() if isinstance(body, str) else body
    return Reply(body=data, headers={"Content-Type": media})


# --- binary bodies -----------------------------------------------------------------------------


def test_binary_body_round_trips_bytes(server: ScriptedServer, tmp_path: Path) -> None:
    disposition = 'attachment; filename="avatar.png"'
    server.script(
        Reply(
            body=PNG,
            headers={"Content-Type": "image/jpg", "Content-Disposition": disposition},
        ),
        Reply(
            body=PNG, headers={"Content-Type": "text/plain"}
        ),  # a download mislabelled
    )
    with Demo(server.url) as client:
        avatar = client.call(rt.BinaryResponse)
        mislabelled = client.call(rt.BinaryResponse)
    assert isinstance(avatar, rt.BinaryResponse) and avatar.content == PNG
    assert b"".join(avatar.iter_bytes(chunk_size=5)) == PNG
    assert max(len(c) for c in avatar.iter_bytes(chunk_size=5)) == 5
    assert (avatar.filename, avatar.content_type, len(avatar)) == (
        "avatar.png",
        "image/jpg",
        len(PNG),
    )
    avatar.write_to_file(tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == PNG
    assert mislabelled.content == PNG  # the declared type wins over a wrong media type


def test_async_binary_body(server: ScriptedServer, tmp_path: Path) -> None:
    server.script(_typed("application/pdf", PNG), _typed("image/png", PNG))

    async def main() -> tuple[Any, Any, list[bytes]]:
        async with AsyncDemo(server.url) as client:
            typed = await client.request("GET", "/f", cast_to=rt.AsyncBinaryResponse)
            untyped = await client.request("GET", "/f", cast_to=Any)
            chunks = [c async for c in typed.iter_bytes(chunk_size=4)]
            await typed.write_to_file(tmp_path / "f.pdf")
            return typed, untyped, chunks

    typed, untyped, chunks = asyncio.run(main())
    assert isinstance(typed, rt.AsyncBinaryResponse)
    assert b"".join(chunks) == PNG and (tmp_path / "f.pdf").read_bytes() == PNG
    assert isinstance(untyped, rt.AsyncBinaryResponse) and untyped.content == PNG


def test_untyped_method_returns_binary_for_binary_media(server: ScriptedServer) -> None:
    server.script(_typed("image/png", PNG), _typed("application/octet-stream", b""))
    with Demo(server.url) as client:
        image = client.call(Any)
        empty = client.call(Any)
    assert isinstance(image, rt.BinaryResponse) and image.content == PNG
    assert isinstance(empty, rt.BinaryResponse) and empty.content == b""


# --- unions: the media type picks the part ----------------------------------------------------


def test_union_of_model_text_and_binary_follows_the_media_type(
    server: ScriptedServer,
) -> None:
    cast = Thing | str | rt.BinaryResponse
    server.script(
        Reply(body={"id": 1}),
        _typed("application/xml", "<id>1</id>"),
        _typed("text/plain", '{"id": 2}'),  # text declared as text stays text
        _typed("image/png", PNG),
        _typed("", '{"id": 3}'),  # no media type: JSON if it decodes
        _typed("", "plain words"),
    )
    with Demo(server.url) as client:
        got = [client.call(cast) for _ in range(6)]
    assert isinstance(got[0], Thing) and got[0].id == 1
    assert got[1] == "<id>1</id>" and got[2] == '{"id": 2}'
    assert isinstance(got[3], rt.BinaryResponse) and got[3].content == PNG
    assert isinstance(got[4], Thing) and got[4].id == 3
    assert got[5] == "plain words"


def test_text_type_gets_text_and_an_empty_string(server: ScriptedServer) -> None:
    server.script(_typed("text/csv", "a,b\n1,2\n"), _typed("text/plain", ""))
    with Demo(server.url) as client:
        assert client.call(str) == "a,b\n1,2\n"
        assert client.call(str) == ""


def test_model_type_receiving_xml_raises_not_returns_text(
    server: ScriptedServer,
) -> None:
    server.script(_typed("application/xml", "<error>down</error>"))
    with Demo(server.url) as client, pytest.raises(rt.ResponseValidationError) as info:
        client.call(list[Thing])
    assert info.value.status_code == 200 and "b'<error>down</error>'" in str(info.value)


# --- JSON that does not decode ------------------------------------------------------------------


@pytest.mark.parametrize("cast_to", [Any, Thing, dict[str, int]])
def test_declared_json_that_does_not_decode_raises(
    server: ScriptedServer, cast_to: Any
) -> None:
    garbled = b"\xff\xfe\x00{not json"
    server.script(_typed("application/json; charset=x-unknown", garbled))
    with Demo(server.url) as client, pytest.raises(rt.ResponseValidationError) as info:
        client.call(cast_to)
    message = str(info.value)
    assert "HTTP 200" in message and "not valid JSON" in message
    assert repr(garbled[:10])[:-1] in message  # the first bytes, as bytes
    assert info.value.response.content == garbled


def test_json_in_a_declared_charset_decodes(server: ScriptedServer) -> None:
    text = json.dumps({"id": 7, "name": "ünï"})
    server.script(
        _typed("application/json; charset=utf-16", text.encode("utf-16")),
        _typed("application/json; charset=latin-1", text.encode("latin-1")),
    )
    with Demo(server.url) as client:
        first = client.call(Thing)
        second = client.call(Any)
    assert first.id == 7 and first.model_extra == {"name": "ünï"}
    assert second == {"id": 7, "name": "ünï"}


# --- body fields ----------------------------------------------------------------------------------


def test_json_body_sends_only_the_given_fields(server: ScriptedServer) -> None:
    not_given = rt.NOT_GIVEN
    with Demo(server.url) as client:
        sent = client.call(
            Any,
            json=rt.json_body(not_given, {"fullText": {"en": "x"}, "limit": not_given}),
        )
        null = client.call(Any, json=rt.json_body(not_given, {"note": None}))
        empty = client.call(Any, json=rt.json_body(not_given, {"a": not_given}))
        whole = client.call(Any, json=rt.json_body(["raw"], {"a": not_given}))
        merged = client.call(
            Any,
            json=rt.json_body(not_given, {"a": 1}),
            options={"extra_body": {"b": 2}},
        )
    assert json.loads(sent["body"]) == {"fullText": {"en": "x"}}
    assert json.loads(null["body"]) == {"note": None}
    assert json.loads(empty["body"]) == {}
    assert json.loads(whole["body"]) == ["raw"]
    assert json.loads(merged["body"]) == {"a": 1, "b": 2}


def test_body_and_fields_together_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not both"):
        rt.json_body({"a": 1}, {"a": 2})


# --- errors -----------------------------------------------------------------------------------------


def _error(status: int, body: Any, headers: dict[str, str] | None = None) -> Any:
    response = httpx.Response(
        status,
        json=body,
        headers=headers or {},
        request=httpx.Request("POST", "https://api.test/v1/x"),
    )
    return rt._exceptions._make_status_error(response, SPEC)


def test_str_error_shows_paypal_details_and_debug_id() -> None:
    body = {
        "name": "UNPROCESSABLE_ENTITY",
        "message": "The requested action could not be performed.",
        "debug_id": "b1d1f06c7246c",
        "details": [
            {
                "field": "/purchase_units/0/amount/value",
                "issue": "DECIMAL_PRECISION",
                "description": "Only two decimal places are supported.",
            }
        ],
    }
    error = _error(422, body, {"PayPal-Debug-Id": "b1d1f06c7246c"})
    assert error.request_id == "b1d1f06c7246c"
    assert error.details == (
        "/purchase_units/0/amount/value: DECIMAL_PRECISION - Only two decimal places are "
        "supported.",
    )
    assert str(error) == (
        "422: The requested action could not be performed. (/purchase_units/0/amount/value: "
        "DECIMAL_PRECISION - Only two decimal places are supported.) "
        "[request id b1d1f06c7246c]"
    )


def test_github_errors_list_and_request_id_header() -> None:
    body = {
        "message": "Validation Failed",
        "errors": [
            {"resource": "Issue", "field": "title", "code": "missing_field"},
            {"resource": "Issue", "field": "body", "code": "missing_field"},
        ],
    }
    error = _error(422, body, {"X-GitHub-Request-Id": "C0DE:1234"})
    assert error.code == "missing_field"  # every entry agrees on it
    assert error.details == ("Issue.title: missing_field", "Issue.body: missing_field")
    assert str(error).startswith("422 missing_field: Validation Failed (Issue.title")
    assert str(error).endswith("[request id C0DE:1234]")


def test_codes_in_a_list_count_only_when_the_entries_agree() -> None:
    agree = _error(
        400, {"errors": [{"code": "NOT_UNIQUE", "message": "taken", "path": "email"}]}
    )
    assert (agree.code, agree.details) == ("NOT_UNIQUE", ("email: NOT_UNIQUE - taken",))
    differ = _error(400, {"errors": [{"code": "A"}, {"code": "B"}]})
    assert differ.code is None and differ.details == ("A", "B")


def test_undocumented_codes_come_from_the_usual_shapes() -> None:
    stripe = {
        "error": {
            "code": "resource_missing",
            "message": "No such customer: 'cus_1'",
            "param": "id",
            "type": "invalid_request_error",
        }
    }
    assert _error(404, stripe).code == "resource_missing"
    assert (
        _error(404, {"code": 404, "message": "gone"}).code is None
    )  # the status again
    assert _error(400, {"error": True, "status": 400}).code is None
    assert _error(400, {"errorCode": "E1", "message": "m"}).code == "E1"


def test_request_id_from_the_body_and_bounded_text() -> None:
    body = {
        "code": "c",
        "message": "m " * 400,
        "request_id": "r-1",
        "errors": ["x" * 300] * 9,
    }
    error = _error(500, body)
    assert error.request_id == "r-1"
    text = str(error)
    assert "\n" not in text and len(text) <= 700 and text.startswith("500 c: m m")
    assert len(error.details) == 1  # identical entries once; each entry clipped


def test_json_strings_and_objects_in_a_union_with_str(server: ScriptedServer) -> None:
    server.script(
        _typed("application/json", '"hello"'),
        _typed("application/json", '{"id": 5}'),
        _typed("application/json", '{"id": 6}'),
        _typed("application/json", '"plain"'),
    )
    with Demo(server.url, strict=True) as client:
        assert client.call(Thing | str) == "hello"
        assert client.call(Thing | str) == Thing(id=5)
        assert client.call(str) == '{"id": 6}'  # text declared: the text, never a dict
        assert client.call(str) == "plain"  # a JSON string decodes
