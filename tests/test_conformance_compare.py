"""The conformance comparator and recorder (tests/conformance/), without newman: what counts as
the same request, part by part.
"""

from __future__ import annotations

import http.client
import uuid

from tests.conformance.compare import compare_recorded, mask
from tests.conformance.normalize import query_pairs
from tests.conformance.recorder import Recorded, recording
from tests.conformance.rewrite import MARKER
from tests.conformance.run import CollectionResult, ItemResult, _excuse_stand_ins


def _rec(
    target: str = "/a",
    headers: tuple[tuple[str, str], ...] = (),
    body: bytes = b"",
    method: str = "GET",
) -> Recorded:
    return Recorded(method, target, headers, body)


def _parts(newman: Recorded, client: Recorded, dynamic: bool = False) -> list[str]:
    return [
        d.category for d in compare_recorded(newman, client, MARKER, dynamic=dynamic)
    ]


def test_recorder_keeps_the_request_as_sent() -> None:
    with recording() as recorder:
        connection = http.client.HTTPConnection(recorder.netloc, timeout=5)
        connection.putrequest(
            "PROPFIND", "/a%20b/c?x=1&x=2&flag", skip_accept_encoding=True
        )
        for key, value in (
            ("X-Dup", "1"),
            ("x-dup", "2"),
            ("Transfer-Encoding", "chunked"),
        ):
            connection.putheader(key, value)
        connection.endheaders()
        connection.send(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b"{}")
        connection.close()
        seen = recorder.take()
    assert len(seen) == 1 and recorder.take() == []
    (request,) = seen
    assert (request.method, request.target, request.body) == (
        "PROPFIND",
        "/a%20b/c?x=1&x=2&flag",
        b"abcde",
    )
    assert [h for h in request.headers if h[0].lower() == "x-dup"] == [
        ("X-Dup", "1"),
        ("x-dup", "2"),
    ]


def test_identical_requests_and_ignored_headers() -> None:
    newman = _rec(
        headers=(
            ("User-Agent", "PostmanRuntime"),
            ("Postman-Token", "t"),
            ("X-A", "1"),
            (MARKER, "1"),
        )
    )
    client = _rec(
        headers=(("user-agent", "python-httpx"), ("x-a", "1"), ("Content-Length", "0"))
    )
    assert _parts(newman, client) == []


def test_headers_are_a_case_insensitive_multiset() -> None:
    newman = _rec(headers=(("X-A", "1"), ("X-A", "2"), ("Authorization", "Bearer t")))
    assert (
        _parts(
            newman,
            _rec(headers=(("x-a", "2"), ("x-a", "1"), ("authorization", "Bearer t"))),
        )
        == []
    )
    client = _rec(headers=(("x-a", "1"), ("X-B", "3")))
    assert _parts(newman, client) == [
        "header x-a: value",
        "header authorization: missing",
        "header x-b: extra",
    ]


def test_path_and_query_normalised_as_a_server_reads_them() -> None:
    assert (
        _parts(_rec("/a%20b/%7Bx%7D?q=a%20b&k=1&k=2"), _rec("/a b/{x}?k=2&k=1&q=a+b"))
        == []
    )
    assert _parts(_rec("/a%2Fb"), _rec("/a/b")) == ["path: value"]
    assert _parts(_rec("/a?flag"), _rec("/a?flag=")) == ["query: value"]
    assert query_pairs("a=1&flag&&b=") == (("a", "1"), ("flag", None), ("b", ""))


def test_bodies_json_form_multipart_bytes() -> None:
    json_type = (("Content-Type", "application/json"),)
    assert (
        _parts(
            _rec(headers=json_type, body=b'{"a": 1, "b": [1]}'),
            _rec(headers=json_type, body=b'{"b":[1],"a":1}'),
        )
        == []
    )
    assert _parts(
        _rec(headers=json_type, body=b'{"a": 1}'),
        _rec(headers=json_type, body=b'{"a": 2}'),
    ) == ["body: json value"]
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    assert (
        _parts(
            _rec(headers=form, body=b"a=1&b=x%20y"),
            _rec(headers=form, body=b"b=x+y&a=1"),
        )
        == []
    )
    assert _parts(_rec(headers=form, body=b"a=1"), _rec(headers=form, body=b"a=2")) == [
        "body: form value"
    ]
    assert _parts(_rec(body=b"abc"), _rec(body=b"abd")) == ["body: bytes"]
    assert _parts(_rec(body=b"abc"), _rec()) == ["body: kind"]


def _multipart(boundary: str, parts: list[tuple[str, str | None, bytes]]) -> Recorded:
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (
            f'; filename="{filename}"' if filename else ""
        )
        body += (
            f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return _rec(
        headers=(("Content-Type", f"multipart/form-data; boundary={boundary}"),),
        body=body,
    )


def test_multipart_ignores_the_boundary_but_not_the_parts() -> None:
    parts = [("t", None, b"v"), ("f", "up.txt", b"data")]
    assert _parts(_multipart("xyz", parts), _multipart("abc123", parts)) == []
    assert _parts(_multipart("x", parts), _multipart("y", parts[::-1])) == [
        "body: order"
    ]
    assert _parts(_multipart("x", parts), _multipart("y", parts[:1])) == [
        "body: part missing"
    ]
    assert _parts(_multipart("x", parts), _rec()) == [
        "content-type: missing",
        "body: kind",
    ]


def test_dynamic_values_match_by_shape_only_when_the_item_uses_them() -> None:
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    newman = _rec(
        f"/a?t=1700000000&id={one}", (("X-Time", "2024-01-02T03:04:05.678Z"),)
    )
    client = _rec(
        f"/a?t=1700000999&id={two}", (("X-Time", "2025-06-07T08:09:10.111Z"),)
    )
    assert _parts(newman, client, dynamic=True) == []
    assert _parts(newman, client) == [
        "query: value",
        "query: value",
        "header x-time: value",
    ]
    assert mask("n-1700000000123") == "n-<timestamp>" and mask("12345") == "12345"


def test_an_empty_path_value_is_judged_by_the_rest() -> None:
    item = ItemResult(1, "x", "item[0]", stand_ins=[":merchantId"])
    newman, client = _rec("/m//x?a=1"), _rec("/m/:merchantId/x?a=2")
    item.differences = compare_recorded(newman, client, MARKER)
    _excuse_stand_ins(item, newman, client)
    assert [d.category for d in item.differences] == ["query: value"]
    other = ItemResult(2, "y", "item[1]", stand_ins=[":merchantId"])
    newman, client = _rec("/m//x"), _rec("/n/:merchantId/x")
    other.differences = compare_recorded(newman, client, MARKER)
    _excuse_stand_ins(other, newman, client)
    assert [d.category for d in other.differences] == ["path: value"]


def test_a_difference_counts_as_warned_only_by_a_warning_that_can_explain_it() -> None:
    newman = _rec(headers=(("Content-Type", "text/plain"),), body=b"x", method="POST")
    item = ItemResult(1, "upload", "item[2].item[0]", status="different")
    item.differences = compare_recorded(newman, _rec(method="POST"), MARKER)
    assert {d.part for d in item.differences} == {"content-type", "body"}
    result = CollectionResult("c", items=[item])
    # A collection-wide auth warning and the item's own error-class warning explain no body.
    result.warned = [("auth", "auth"), ("item[2].item[0] (POST upload)", "errors")]
    assert result.unwarned() == [item]
    result.warned.append(("item[2].item[0].request.body", "body"))
    assert result.unwarned() == []
    # A warning on another request covers nothing here; one on its folder does.
    result.warned = [("item[3].request.body", "body")]
    assert result.unwarned() == [item]
    result.warned = [("item[2].request.body", "body")]
    assert result.unwarned() == []
