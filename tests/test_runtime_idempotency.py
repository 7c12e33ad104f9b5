"""Retries without duplicate side effects: idempotency keys and the safe-retry policy.

Over real HTTP on 127.0.0.1 (see ``runtime_server``).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import uuid
from typing import Any

import pytest

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401


def _kwargs(**kwargs: Any) -> dict[str, Any]:
    return {
        "package": "demo_idem",
        "version": "1.0.0",
        "errors": rt.ErrorSpec(),
        "auth": rt.NoAuth(),
        **kwargs,
    }


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**_kwargs(base_url=base_url, **kwargs))
        self._backoff_base = 0.01

    def call(self, method: str = "POST", **kwargs: Any) -> Any:
        return self.request(method, "/things", cast_to=Any, json={"a": 1}, **kwargs)


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**_kwargs(base_url=base_url, **kwargs))
        self._backoff_base = 0.01


def _keys(server: ScriptedServer, header: str = "idempotency-key") -> list[str | None]:
    return [seen.headers.get(header) for seen in server.seen]


def test_post_with_an_idempotency_header_is_retried_with_one_key(
    server: ScriptedServer,
) -> None:
    server.script(Reply(status=500), Reply(status=502))
    with Demo(server.url, idempotency_header="Idempotency-Key") as client:
        assert client.call()["method"] == "POST"
        second = client.call()
    first_call = _keys(server)[:3]
    assert len(set(first_call)) == 1 and first_call[0] is not None
    uuid.UUID(first_call[0])  # a fresh UUID, not a constant
    assert second["headers"]["idempotency-key"] != first_call[0]  # one key per call


def test_per_call_key_and_a_method_parameter_are_kept(server: ScriptedServer) -> None:
    server.script(Reply(status=500))
    with Demo(server.url, idempotency_header="PayPal-Request-Id") as client:
        client.call(options={"idempotency_key": "order-42"})
        client.call(headers={"paypal-request-id": "from-param"})
    assert _keys(server, "paypal-request-id") == ["order-42", "order-42", "from-param"]


def test_post_without_a_key_is_not_retried_after_a_500(server: ScriptedServer) -> None:
    server.script(Reply(status=500))
    with Demo(server.url) as client, pytest.raises(rt.InternalServerError):
        client.call()
    assert server.count == 1 and _keys(server) == [None]


def test_post_without_a_key_is_not_retried_after_a_read_timeout(
    server: ScriptedServer,
) -> None:
    server.script(Reply(delay=0.4), Reply(delay=0.4))
    with Demo(server.url, timeout=0.1) as client, pytest.raises(rt.APITimeoutError):
        client.call()
    assert server.count == 1


@pytest.mark.parametrize(
    ("reply", "sent"),
    [
        (Reply(status=429), 2),
        (Reply(status=408), 2),
        (Reply(status=503, headers={"Retry-After": "0"}), 2),
        (Reply(status=503), 1),
        (Reply(status=409), 1),
    ],
    ids=["429", "408", "503-retry-after", "503-bare", "409"],
)
def test_post_without_a_key_is_retried_only_when_the_server_did_not_process_it(
    server: ScriptedServer, reply: Reply, sent: int
) -> None:
    server.script(reply)
    with Demo(server.url) as client:
        try:
            client.call()
        except rt.APIStatusError:
            assert sent == 1
    assert server.count == sent


def test_post_without_a_key_is_retried_when_the_connection_was_refused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        caplog.at_level(logging.INFO, logger="demo_idem"),
        Demo(f"http://127.0.0.1:{port}") as client,
        pytest.raises(rt.APIConnectionError),
    ):
        client.call()
    retries = [r for r in caplog.records if r.getMessage().startswith("Retrying POST")]
    assert len(retries) == 2


def test_idempotent_methods_keep_retrying_and_get_no_key(
    server: ScriptedServer,
) -> None:
    server.script(Reply(status=500), Reply(status=503))
    with Demo(server.url, idempotency_header="Idempotency-Key") as client:
        assert client.call("PUT")["method"] == "PUT"
    assert server.count == 3 and _keys(server) == [None, None, None]


def test_a_key_without_a_header_is_a_clear_error(server: ScriptedServer) -> None:
    with Demo(server.url) as client, pytest.raises(ValueError, match="idempotency"):
        client.call(options={"idempotency_key": "k"})
    assert server.count == 0


def test_with_options_switches_the_header(server: ScriptedServer) -> None:
    with Demo(server.url) as client:
        keyed = client.with_options(idempotency_header="X-Idempotency-Key")
        server.script(Reply(status=500))
        keyed.call()
        server.script(Reply(status=500))
        with pytest.raises(rt.InternalServerError):
            keyed.with_options(idempotency_header=None).call()
    keys = _keys(server, "x-idempotency-key")
    assert keys[0] == keys[1] is not None and keys[2] is None
    assert server.count == 3


def test_async_post_is_retried_with_one_key(server: ScriptedServer) -> None:
    server.script(Reply(status=500), Reply(status=500))

    async def main() -> Any:
        async with AsyncDemo(server.url, idempotency_header="Idempotency-Key") as c:
            return await c.request("POST", "/x", cast_to=Any, json={})

    assert asyncio.run(main())["method"] == "POST"
    keys = _keys(server)
    assert len(keys) == 3 and len(set(keys)) == 1 and keys[0]


def test_async_post_without_a_key_is_not_retried(server: ScriptedServer) -> None:
    server.script(Reply(status=500))

    async def main() -> None:
        async with AsyncDemo(server.url) as c:
            await c.request("POST", "/x", cast_to=Any, json={})

    with pytest.raises(rt.InternalServerError):
        asyncio.run(main())
    assert server.count == 1
