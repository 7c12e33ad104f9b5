"""``with_options`` copies, logging that never breaks a call, and the clients' lifecycle.

Over real HTTP on 127.0.0.1 (see ``runtime_server``), except where ``httpx.MockTransport`` is the
point of the test (its in-memory responses have no ``elapsed``).
"""

from __future__ import annotations

import asyncio
import logging
from functools import cached_property
from typing import Any

import httpx
import pytest

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401


class Echo(rt.SyncAPIResource):  # type: ignore[name-defined,misc]
    def call(self, **kwargs: Any) -> Any:
        return self._client.request("GET", "/echo", cast_to=Any, **kwargs)


class AsyncEcho(rt.AsyncAPIResource):  # type: ignore[name-defined,misc]
    async def call(self, **kwargs: Any) -> Any:
        return await self._client.request("GET", "/echo", cast_to=Any, **kwargs)


def _base(**kwargs: Any) -> dict[str, Any]:
    return {
        "package": "demo_options",
        "version": "1.0.0",
        "errors": rt.ErrorSpec(),
        "auth": rt.BearerAuth("tok"),
        **kwargs,
    }


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**_base(base_url=base_url, **kwargs))
        self._backoff_base = 0.01

    @cached_property
    def echo(self) -> Echo:
        return Echo(self)


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**_base(base_url=base_url, **kwargs))
        self._backoff_base = 0.01

    @cached_property
    def echo(self) -> AsyncEcho:
        return AsyncEcho(self)


def test_with_options_changes_the_copy_only_and_shares_the_pool(
    server: ScriptedServer,
) -> None:
    with Demo(server.url, default_headers={"X-Team": "core"}) as client:
        client.echo.call()  # cache the resource on the original
        copy = client.with_options(
            timeout=1.5, max_retries=0, default_headers={"X-Team": "edge", "X-New": "1"}
        )
        assert copy._http is client._http and copy.echo is not client.echo
        assert copy.echo._client is copy
        server.script(Reply(status=503))
        with pytest.raises(rt.InternalServerError):
            copy.echo.call()  # max_retries=0: one attempt only
        assert server.count == 2
        seen = copy.echo.call()["headers"]
        assert seen["x-team"] == "edge" and seen["x-new"] == "1"
        assert seen["authorization"] == "Bearer tok"
        original = client.echo.call()["headers"]
        assert original["x-team"] == "core" and "x-new" not in original
        assert client.timeout != 1.5 and client.max_retries == 2
        copy.close()  # a copy never closes the shared pool
        assert client.echo.call()["path"] == "/echo"
    assert client._http.is_closed


def test_with_options_base_url_and_timeout_apply_per_call(
    server: ScriptedServer,
) -> None:
    with Demo("http://127.0.0.1:9/unused") as client:
        moved = client.with_options(base_url=server.url + "/v2/")
        assert moved.base_url == server.url + "/v2"
        assert moved.echo.call()["path"] == "/v2/echo"
        server.script(Reply(delay=0.5, body={}))
        hurried = moved.with_options(timeout=0.1, max_retries=0)
        with pytest.raises(rt.APITimeoutError):
            hurried.echo.call()
    with pytest.raises(ValueError, match="base_url"):
        client.with_options(base_url="")


def test_with_options_updates_generated_settings(server: ScriptedServer) -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Settings:
        base_url: str
        token: str

    with Demo(server.url) as client:
        client.settings = Settings(
            base_url=server.url, token="t"
        )  # as generated clients do
        moved = client.with_options(base_url="http://127.0.0.1:1")
        assert moved.settings.base_url == "http://127.0.0.1:1"
        assert client.settings.base_url == server.url and moved.settings.token == "t"


def test_debug_logging_never_breaks_a_mock_transport_call(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DEMO_OPTIONS_LOG", "debug")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"ok": True})

    logging.getLogger("demo_options").handlers.clear()
    http = httpx.Client(transport=httpx.MockTransport(answer))
    with caplog.at_level(logging.DEBUG, logger="demo_options"):
        client = Demo("http://mock.invalid", http_client=http)
        assert client.echo.call() == {"ok": True}
    (line,) = [r.getMessage() for r in caplog.records if r.name == "demo_options"]
    assert "-> 200 (elapsed unknown)" in line and "tok" not in line
    logging.getLogger("demo_options").handlers.clear()


def test_debug_logging_shows_elapsed_over_http(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="demo_options"), Demo(server.url) as c:
        c.echo.call()
    (line,) = [r.getMessage() for r in caplog.records if r.name == "demo_options"]
    assert " ms) headers=" in line


def test_async_close_is_an_awaitable_alias_of_aclose(server: ScriptedServer) -> None:
    async def main() -> None:
        client = AsyncDemo(server.url)
        copy = client.with_options(max_retries=0)
        assert (await copy.echo.call())["path"] == "/echo"
        await copy.close()
        assert not client._http.is_closed
        await client.close()
        assert client._http.is_closed
        borrowed = httpx.AsyncClient()
        other = AsyncDemo(server.url, http_client=borrowed)
        await other.close()  # a borrowed client belongs to the caller
        assert not borrowed.is_closed
        await borrowed.aclose()

    asyncio.run(main())


def test_headers_worked_out_once_still_follow_each_call(server: ScriptedServer) -> None:
    # A call with no headers of its own reuses headers worked out once per client; calls with
    # their own headers, another auth or an api key in the query must not see that copy.
    key = rt.ApiKeyAuth("api_key", "k1", location="query")
    with Demo(server.url, auth=key, http_client=httpx.Client()) as client:
        for _ in range(2):
            first = client.echo.call()
            assert (
                first["query"] == {"api_key": ["k1"]}
                and "authorization" not in first["headers"]
            )
        own = client.request(
            "GET", "/echo", cast_to=Any, query={"q": "1"}, headers={"X-A": " b "}
        )
        assert (
            own["query"] == {"q": ["1"], "api_key": ["k1"]}
            and own["headers"]["x-a"] == "b"
        )
        other = client.request("GET", "/echo", cast_to=Any, auth=rt.BearerAuth("t2"))
        assert other["query"] == {} and other["headers"]["authorization"] == "Bearer t2"
        again = client.echo.call()
        assert (
            again["query"] == {"api_key": ["k1"]}
            and "authorization" not in again["headers"]
        )


def _sent(request: httpx.Request) -> tuple[Any, ...]:
    return (
        request.method,
        str(request.url),
        request.headers.raw,
        request.extensions,
        request.content,
    )


def test_a_plain_request_is_the_one_httpx_would_build() -> None:
    # Calls with nothing of their own skip httpx's build_request: the request must be the one
    # it makes, follow the httpx client's headers as they change, and leave cookies, client
    # query parameters and relative URLs to httpx.
    http = httpx.Client(headers={"X-Client": "1"}, timeout=7.0)
    plain = rt._plain_request.PlainRequests(http)
    fixed = httpx.Headers({"Authorization": "Bearer t"})
    url = "https://api.example/v1/items/7"

    def expected(timeout: Any) -> httpx.Request:
        return http.build_request("GET", url, headers=fixed, timeout=timeout)

    built = plain.build("GET", url, fixed, 7.0)
    assert built is not None and _sent(built) == _sent(expected(7.0))
    http.headers["X-Client"] = "2"  # changed in place, after the first call
    built = plain.build("GET", url, fixed, httpx.Timeout(3.0, connect=1.0))
    assert built is not None
    assert _sent(built) == _sent(expected(httpx.Timeout(3.0, connect=1.0)))
    built.headers["Idempotency-Key"] = "k"  # a call's own change stays on its request
    unlimited = plain.build("GET", url, fixed, None)  # None is a timeout too: no limit
    assert unlimited is not None and _sent(unlimited) == _sent(expected(None))
    again = plain.build("GET", url, fixed, 7.0)
    assert again is not None and "idempotency-key" not in again.headers
    assert plain.build("GET", "/relative", fixed, 7.0) is None
    http.cookies.set("session", "s")
    assert plain.build("GET", url, fixed, 7.0) is None
    with_params = rt._plain_request.PlainRequests(httpx.Client(params={"a": "1"}))
    assert with_params.build("GET", url, fixed, 7.0) is None

    class Custom(httpx.Client):
        def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
            return super().build_request(*args, **kwargs)

    assert (
        rt._plain_request.PlainRequests(Custom()).build("GET", url, fixed, 7.0) is None
    )
