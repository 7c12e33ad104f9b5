"""Tests of the async runtime over real HTTP on 127.0.0.1 (``asyncio.run``, no plugin needed)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any, TypeVar

import httpx
import pytest
from pydantic import BaseModel, ConfigDict, Field

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401

SECRET = "async-SECRET-456"
_T = TypeVar("_T")


class Job(BaseModel):
    model_config = ConfigDict(extra="allow")
    job_id: str = Field(alias="jobId")
    count: int


class ResourceNotFoundError(rt.BadRequestError):  # type: ignore[name-defined,misc]
    pass


ERROR_SPEC = rt.ErrorSpec(by_code={(400, "RESOURCE_NOT_FOUND"): ResourceNotFoundError})


class Jobs(rt.AsyncAPIResource):  # type: ignore[name-defined,misc]
    async def get(self, *, job_id: str, **options: Any) -> Job:
        path = f"/jobs/{rt.path_param('job_id', job_id)}"
        return await self._client.request("GET", path, cast_to=Job, options=options)  # type: ignore[no-any-return]

    async def call(
        self, method: str = "GET", path: str = "/echo", **kwargs: Any
    ) -> Any:
        kwargs.setdefault("cast_to", Any)
        return await self._client.request(method, path, **kwargs)


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(
            base_url=base_url,
            package="demo_async",
            version="0.2.0",
            errors=ERROR_SPEC,
            auth=rt.BearerAuth(SECRET),
            **kwargs,
        )
        self._backoff_base = 0.01

    @cached_property
    def jobs(self) -> Jobs:
        return Jobs(self)


JOB = {"jobId": "j1", "count": 2}


def run(factory: Callable[[AsyncDemo], Awaitable[_T]], url: str, **kwargs: Any) -> _T:
    """Run one coroutine against a fresh client inside ``asyncio.run``."""

    async def main() -> _T:
        async with AsyncDemo(url, **kwargs) as client:
            return await factory(client)

    return asyncio.run(main())


def test_success_and_request_building(server: ScriptedServer) -> None:
    server.script(Reply(body=JOB))
    job = run(lambda c: c.jobs.get(job_id="a b"), server.url + "/v2")
    assert isinstance(job, Job) and job.count == 2
    echo = run(
        lambda c: c.jobs.call(
            "POST",
            query={"q": None, "l": [1, 2]},
            json={"a": 1},
            options={"extra_body": {"b": 2}},
        ),
        server.url,
    )
    assert server.seen[0].path == "/v2/jobs/a%20b"
    assert server.seen[0].headers["authorization"] == f"Bearer {SECRET}"
    assert echo["query"] == {"l": ["1", "2"]} and echo["body"] == '{"a":1,"b":2}'


def test_retries_503_then_succeeds(server: ScriptedServer) -> None:
    server.script(Reply(503), Reply(503), Reply(body=JOB))
    assert run(lambda c: c.jobs.get(job_id="j1"), server.url).job_id == "j1"
    assert server.count == 3


def test_retry_after_and_give_up(server: ScriptedServer) -> None:
    server.script(Reply(429, headers={"Retry-After": "1"}), Reply(body=JOB))
    run(lambda c: c.jobs.get(job_id="j1"), server.url)
    assert server.seen[1].at - server.seen[0].at >= 1.0
    server.script(Reply(500), Reply(502))
    with pytest.raises(rt.InternalServerError):
        run(lambda c: c.jobs.get(job_id="j1"), server.url, max_retries=1)
    assert server.count == 4


def test_documented_error_is_not_retried(server: ScriptedServer) -> None:
    server.script(Reply(400, {"code": "RESOURCE_NOT_FOUND", "message": "gone"}))
    with pytest.raises(ResourceNotFoundError) as info:
        run(lambda c: c.jobs.get(job_id="j1"), server.url)
    assert (info.value.code, info.value.message, info.value.status_code) == (
        "RESOURCE_NOT_FOUND",
        "gone",
        400,
    )
    assert str(info.value) == "400 RESOURCE_NOT_FOUND: gone"
    assert server.count == 1


def test_dropped_connection_and_timeout(server: ScriptedServer) -> None:
    server.script(Reply(drop=True), Reply(drop=True))
    with pytest.raises(rt.APIConnectionError) as conn:
        run(lambda c: c.jobs.get(job_id="j1"), server.url, max_retries=1)
    assert type(conn.value) is rt.APIConnectionError
    server.script(Reply(delay=0.5, body=JOB))
    with pytest.raises(rt.APITimeoutError):
        run(lambda c: c.jobs.get(job_id="j1", timeout=0.1), server.url, max_retries=0)
    server.script(Reply(delay=0.5, body=JOB), Reply(body=JOB))
    assert run(lambda c: c.jobs.get(job_id="j1"), server.url, timeout=0.1).count == 2
    assert server.count == 5


def test_raw_response_wrapper(server: ScriptedServer) -> None:
    server.script(Reply(body=JOB, headers={"X-Request-Id": "r9"}))

    async def call(client: AsyncDemo) -> Any:
        return await rt.async_to_raw_response_wrapper(client.jobs.get)(job_id="j1")

    raw = run(call, server.url)
    assert isinstance(raw, rt.RawResponse)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r9"
    assert raw.parse().job_id == "j1"
    assert rt._response._RAW_MARKER.lower() not in server.seen[0].headers


def test_lenient_and_strict_parsing(server: ScriptedServer) -> None:
    drifted = {"jobId": "j1", "count": "lots", "extra": [1]}
    server.script(Reply(body=drifted), Reply(body=drifted))
    job = run(lambda c: c.jobs.get(job_id="j1"), server.url)
    assert (job.job_id, job.count, job.model_extra) == ("j1", "lots", {"extra": [1]})
    with pytest.raises(rt.ResponseValidationError):
        run(lambda c: c.jobs.get(job_id="j1"), server.url, strict=True)


def test_no_credentials_in_logs(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="demo_async")
    server.script(Reply(503))
    run(lambda c: c.jobs.call(query={"api_key": SECRET}), server.url)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "demo_async")
    assert "Retrying GET" in ours and "api_key=REDACTED" in ours
    assert SECRET not in ours


def test_borrowed_async_client_stays_open(server: ScriptedServer) -> None:
    async def main() -> bool:
        async with httpx.AsyncClient() as borrowed:
            client = AsyncDemo(server.url, http_client=borrowed)
            await client.jobs.call()
            await client.aclose()
            return borrowed.is_closed

    assert asyncio.run(main()) is False
