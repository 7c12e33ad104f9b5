"""Token flows: the client fetches, caches and renews its OAuth2 token itself.

Over real HTTP on 127.0.0.1 (see ``runtime_server``): the scripted server plays both the token
endpoint and the API.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401

SECRET = "cs-SECRET-789"


def _token(value: str = "tok1", **extra: Any) -> Reply:
    return Reply(body={"access_token": value, "token_type": "Bearer", **extra})


def _kwargs(auth: Any, **kwargs: Any) -> dict[str, Any]:
    return {
        "package": "demo_oauth",
        "version": "1.0.0",
        "errors": rt.ErrorSpec(),
        "auth": auth,
        **kwargs,
    }


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, auth: Any, **kwargs: Any) -> None:
        super().__init__(**_kwargs(auth, base_url=base_url, **kwargs))
        self._backoff_base = 0.01

    def get(self) -> Any:
        return self.request("GET", "/me", cast_to=Any)


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, auth: Any, **kwargs: Any) -> None:
        super().__init__(**_kwargs(auth, base_url=base_url, **kwargs))

    async def get(self) -> Any:
        return await self.request("GET", "/me", cast_to=Any)


def _credentials(**kwargs: Any) -> Any:
    return rt.TokenAuth("/oauth/token", "cid", SECRET, scope="read write", **kwargs)


def _form(server: ScriptedServer, index: int) -> dict[str, list[str]]:
    return parse_qs(server.seen[index].body.decode())


def test_client_credentials_token_is_fetched_once_and_cached(
    server: ScriptedServer,
) -> None:
    server.script(_token(expires_in=3600))
    with Demo(server.url, _credentials()) as client:
        first = client.get()
        second = client.get()
    token_call = server.seen[0]
    assert token_call.method == "POST" and token_call.path == "/oauth/token"
    basic = base64.b64encode(f"cid:{SECRET}".encode()).decode()
    assert token_call.headers["authorization"] == f"Basic {basic}"
    assert _form(server, 0) == {
        "grant_type": ["client_credentials"],
        "scope": ["read write"],
    }
    assert first["headers"]["authorization"] == "Bearer tok1"
    assert second["headers"]["authorization"] == "Bearer tok1"
    assert server.count == 3  # one token request for two calls


def test_a_stale_token_is_renewed_before_the_call(server: ScriptedServer) -> None:
    auth = _credentials()
    server.script(_token("old", expires_in="3600"))  # a string, as some servers send
    with Demo(server.url, auth) as client:
        client.get()
        assert not auth.stale
        auth._expires_at = 0.0  # as if expires_in minus the margin had passed
        server.script(_token("new"))
        assert client.get()["headers"]["authorization"] == "Bearer new"
    assert [seen.path for seen in server.seen] == ["/oauth/token", "/me"] * 2


def test_expiry_margin_is_taken_off_expires_in(server: ScriptedServer) -> None:
    auth = _credentials(margin=60.0)
    server.script(_token(expires_in=30))  # shorter than the margin: renewed after 1 s
    with Demo(server.url, auth) as client:
        client.get()
    assert not auth.stale
    assert auth._expires_at - __import__("time").monotonic() <= 1.0


def test_a_rejected_token_is_renewed_once(server: ScriptedServer) -> None:
    server.script(_token("revoked"), Reply(status=401), _token("fresh"))
    with Demo(server.url, _credentials()) as client:
        assert client.get()["headers"]["authorization"] == "Bearer fresh"
        server.script(Reply(status=401), _token("again"), Reply(status=401))
        with pytest.raises(rt.AuthenticationError):
            client.get()
    assert [s.path for s in server.seen].count("/oauth/token") == 3


def test_token_endpoint_errors_raise_before_the_call(server: ScriptedServer) -> None:
    server.script(Reply(status=401, body={"error": "invalid_client"}))
    with Demo(server.url, _credentials()) as client:
        with pytest.raises(rt.AuthenticationError, match="invalid_client"):
            client.get()
        server.script(Reply(body={"token_type": "Bearer"}))
        with pytest.raises(rt.TokenError, match="no access_token"):
            client.get()
    assert server.count == 2  # the API itself was never called


def test_refresh_token_grant_sends_the_secret_in_the_body_and_rotates(
    server: ScriptedServer,
) -> None:
    auth = rt.TokenAuth(
        "/oauth/token",
        "cid",
        SECRET,
        grant_type="refresh_token",
        refresh_token="r1",
        client_auth="body",
    )
    server.script(_token("a", refresh_token="r2"))
    with Demo(server.url, auth) as client:
        client.get()
        auth.invalidate()
        server.script(_token("b"))
        assert client.get()["headers"]["authorization"] == "Bearer b"
    assert _form(server, 0) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["r1"],
        "client_id": ["cid"],
        "client_secret": [SECRET],
    }
    assert "authorization" not in server.seen[0].headers
    assert _form(server, 2)["refresh_token"] == ["r2"]


def test_absolute_token_url_and_missing_credentials() -> None:
    with pytest.raises(ValueError, match="client_id and client_secret"):
        rt.TokenAuth("https://login.test/token", "cid", None)
    with pytest.raises(ValueError, match="refresh_token"):
        rt.TokenAuth("/t", "cid", None, grant_type="refresh_token")
    auth = rt.TokenAuth("https://login.test/token", "cid", SECRET)
    assert SECRET not in repr(auth)


def test_threads_share_one_token_fetch(server: ScriptedServer) -> None:
    server.script(Reply(body={"access_token": "shared"}, delay=0.3))
    results: list[str] = []
    with Demo(server.url, _credentials()) as client:

        def call() -> None:
            results.append(client.get()["headers"]["authorization"])

        threads = [threading.Thread(target=call) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert results == ["Bearer shared"] * 8
    assert [s.path for s in server.seen].count("/oauth/token") == 1


def test_tasks_share_one_token_fetch(server: ScriptedServer) -> None:
    server.script(Reply(body={"access_token": "async", "expires_in": 60}, delay=0.3))

    async def main() -> list[Any]:
        async with AsyncDemo(server.url, _credentials()) as client:
            return await asyncio.gather(*(client.get() for _ in range(6)))

    answers = asyncio.run(main())
    assert {a["headers"]["authorization"] for a in answers} == {"Bearer async"}
    assert [s.path for s in server.seen].count("/oauth/token") == 1


def test_async_rejected_token_is_renewed(server: ScriptedServer) -> None:
    server.script(_token("one"), Reply(status=401), _token("two"))

    async def main() -> Any:
        async with AsyncDemo(server.url, _credentials()) as client:
            return await client.get()

    assert asyncio.run(main())["headers"]["authorization"] == "Bearer two"
