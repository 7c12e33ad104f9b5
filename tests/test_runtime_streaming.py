"""Streamed responses and server-sent events over real HTTP on 127.0.0.1.

The stream server here writes chunked bodies piece by piece with pauses, so the tests can see
that events arrive before the stream ends and that quiet gaps do not time the read out.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401

EVENTS = [
    b": keep-alive\n\n",
    b'event: tweet\ndata: {"id": 1}\n\n',
    b"id: 7\ndata: a\ndata: b\n\n",
]
GAP = 0.4


class _StreamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for index, chunk in enumerate(EVENTS):
            if index:
                time.sleep(GAP)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")


@pytest.fixture()
def stream_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StreamHandler)
    server.daemon_threads = True
    server.hits = 0  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _kwargs(**kwargs: Any) -> dict[str, Any]:
    return {
        "package": "demo_stream",
        "version": "1.0.0",
        "errors": rt.ErrorSpec(),
        "auth": rt.BearerAuth("tok"),
        **kwargs,
    }


class Files(rt.SyncAPIResource):  # type: ignore[name-defined,misc]
    def download(self, **options: Any) -> bytes:
        return self._client.request("GET", "/file", cast_to=Any, options=options)  # type: ignore[no-any-return]

    @cached_property
    def with_streaming_response(self) -> Any:
        return SimpleNamespace(download=rt.to_streamed_response_wrapper(self.download))


class AsyncFiles(rt.AsyncAPIResource):  # type: ignore[name-defined,misc]
    async def download(self, **options: Any) -> Any:
        return await self._client.request("GET", "/file", cast_to=Any, options=options)

    @cached_property
    def with_streaming_response(self) -> Any:
        return SimpleNamespace(
            download=rt.async_to_streamed_response_wrapper(self.download)
        )


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**_kwargs(base_url=base_url, **kwargs))
        self._backoff_base = 0.01

    @cached_property
    def files(self) -> Files:
        return Files(self)


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**_kwargs(base_url=base_url, **kwargs))

    @cached_property
    def files(self) -> AsyncFiles:
        return AsyncFiles(self)


def test_events_arrive_as_they_are_sent_and_gaps_do_not_time_out(
    stream_url: str,
) -> None:
    arrived: list[tuple[float, Any]] = []
    with Demo(stream_url, timeout=GAP / 4) as client:
        start = time.monotonic()
        with client.files.with_streaming_response.download() as response:
            assert response.status_code == 200
            assert response.headers["content-type"] == "text/event-stream"
            for event in response.iter_events():
                arrived.append((time.monotonic() - start, event))
    events = [event for _, event in arrived]
    assert events == [
        rt.ServerSentEvent('{"id": 1}', event="tweet"),
        rt.ServerSentEvent("a\nb", id="7"),
    ]
    assert events[0].json() == {"id": 1}
    # The first event came a whole gap before the stream ended.
    assert arrived[1][0] - arrived[0][0] >= GAP * 0.8


def test_an_explicit_timeout_still_applies_to_a_stream(stream_url: str) -> None:
    with Demo(stream_url) as client, pytest.raises(rt.APITimeoutError, match="Stream"):
        with client.files.with_streaming_response.download(timeout=GAP / 4) as response:
            list(response.iter_lines())


def test_bytes_and_lines(server: ScriptedServer) -> None:
    server.script(Reply(body=b"line1\nline2\n"), Reply(body=b"x" * 10_000))
    with Demo(server.url) as client:
        with client.files.with_streaming_response.download() as response:
            assert list(response.iter_lines()) == ["line1", "line2"]
        with client.files.with_streaming_response.download() as response:
            chunks = list(response.iter_bytes(chunk_size=4096))
        assert b"".join(chunks) == b"x" * 10_000 and len(chunks) == 3
        assert response.http_response.is_closed
    assert server.seen[0].headers["authorization"] == "Bearer tok"
    assert "x-postgen-raw-response" not in server.seen[0].headers


def test_a_retryable_status_before_the_body_is_retried_and_errors_raise(
    server: ScriptedServer,
) -> None:
    server.script(
        Reply(status=503),
        Reply(body={"ok": True}),
        Reply(status=404, body={"message": "gone"}),
    )
    with Demo(server.url) as client:
        with client.files.with_streaming_response.download() as response:
            assert response.parse() == {"ok": True}
        with pytest.raises(rt.NotFoundError, match="gone"):
            client.files.with_streaming_response.download()
    assert server.count == 3


def test_async_streaming(stream_url: str, server: ScriptedServer) -> None:
    server.script(Reply(body=b"a\nb\n"))

    async def main() -> tuple[list[Any], list[str]]:
        async with AsyncDemo(stream_url, timeout=GAP / 4) as client:
            async with client.files.with_streaming_response.download() as response:
                events = [event async for event in response.iter_events()]
        async with AsyncDemo(server.url) as other:
            async with other.files.with_streaming_response.download() as response:
                lines = [line async for line in response.iter_lines()]
        return events, lines

    events, lines = asyncio.run(main())
    assert [e.data for e in events] == ['{"id": 1}', "a\nb"] and lines == ["a", "b"]
