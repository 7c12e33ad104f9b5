"""The committed seed client, driven over real HTTP against the collection's saved examples.

Each test says which saved example the server answers with, by name: an error example's
`originalRequest` often differs from the request (INVALID_REQUEST_METHOD was sent as COPY), so
matching requests to examples would pick the wrong one. The server is the runtime tests' scripted
loopback server.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.paths import GENERATED, SEED
from tests.runtime_server import Reply, ScriptedServer, server_fixture  # noqa: F401

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def zoho() -> Iterator[ModuleType]:
    sys.path.insert(0, str(GENERATED / "zoho-crm-bulk-write"))
    try:
        yield importlib.import_module("zoho_crm_bulk_write")
    finally:
        sys.path.remove(str(GENERATED / "zoho-crm-bulk-write"))


def _examples() -> dict[str, dict[str, Any]]:
    """The seed's saved examples by name."""
    (folder,) = json.loads(SEED.read_text(encoding="utf-8"))["item"]
    (request,) = folder["item"]
    return {example["name"]: example for example in request["response"]}


EXAMPLES = _examples()


def serve(server: ScriptedServer, name: str, times: int = 1) -> None:
    """Queue the saved example `name` as the server's next answer(s)."""
    example = EXAMPLES[name]
    reply = Reply(
        status=int(example["code"]),
        body=str(example["body"]),
        headers={"Content-Type": "application/json"},
    )
    server.script(*([reply] * times))


def test_success_parses_into_typed_models_and_sends_bearer(
    zoho: ModuleType, server: ScriptedServer
) -> None:
    serve(server, "SUCCESS RESPONSE")
    with zoho.Client(base_url=server.url, access_token=TOKEN) as client:
        job = client.bulk_write.job_details(job_id="4150868000005392002")
    models = importlib.import_module("zoho_crm_bulk_write.models.bulk_write")
    assert isinstance(job, models.JobDetailsResponse)
    assert job.resource[0].field_mappings[1].format == "yyyy/MM/dd"
    assert job.created_by.name == "Patricia Boyle"
    request = server.seen[-1]
    assert request.path == "/crm/bulk/v2/write/4150868000005392002"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("example", "class_name", "status", "base"),
    [
        ("INVALID_URL_PATTERN", "InvalidUrlPatternError", 404, "NotFoundError"),
        ("INVALID_REQUEST_METHOD", "InvalidRequestMethodError", 400, "BadRequestError"),
        (
            "AUTHENTICATION_FAILURE",
            "AuthenticationFailureError",
            401,
            "AuthenticationError",
        ),
        ("RESOURCE_NOT_FOUND", "ResourceNotFoundError", 400, "BadRequestError"),
    ],
)
def test_each_documented_error_raises_its_own_class(
    zoho: ModuleType,
    server: ScriptedServer,
    example: str,
    class_name: str,
    status: int,
    base: str,
) -> None:
    serve(server, example)
    client = zoho.Client(base_url=server.url, access_token=TOKEN, max_retries=0)
    with pytest.raises(getattr(zoho, class_name)) as caught:
        client.bulk_write.job_details(job_id="1")
    error: Any = caught.value
    assert type(error).__name__ == class_name
    assert isinstance(error, getattr(zoho, base))
    assert isinstance(error, zoho.ZohoCrmBulkWriteError)
    assert error.status_code == status and error.code == example
    assert error.body.code == example  # the shared ErrorBody model
    assert error.response.status_code == status


def test_async_client_has_the_same_methods(
    zoho: ModuleType, server: ScriptedServer
) -> None:
    serve(server, "SUCCESS RESPONSE")
    serve(server, "RESOURCE_NOT_FOUND")

    async def run() -> Any:
        async with zoho.AsyncClient(base_url=server.url, access_token=TOKEN) as client:
            job = await client.bulk_write.job_details(job_id="42")
            with pytest.raises(zoho.ResourceNotFoundError):
                await client.bulk_write.job_details(job_id="42")
            return job

    job = asyncio.run(run())
    assert job.id == "4150868000005392002"


def test_raw_response(zoho: ModuleType, server: ScriptedServer) -> None:
    serve(server, "SUCCESS RESPONSE")
    client = zoho.Client(base_url=server.url, access_token=TOKEN)
    raw = client.with_raw_response.bulk_write.job_details(job_id="1")
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert raw.parse().status == "INPROGRESS"


def test_missing_credential_is_a_clear_error(
    zoho: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN", raising=False)
    with pytest.raises(
        zoho.MissingSettingError, match="ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN"
    ):
        zoho.Client()
    monkeypatch.setenv("ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN", "from-env")
    assert zoho.Client().settings.access_token == "from-env"
    assert "from-env" not in repr(zoho.Client().settings)


def test_path_parameters_are_quoted_and_required(
    zoho: ModuleType, server: ScriptedServer
) -> None:
    serve(server, "SUCCESS RESPONSE", times=2)
    client = zoho.Client(base_url=server.url, access_token=TOKEN)
    client.bulk_write.job_details(job_id="../admin?x=1")
    assert server.seen[-1].path == "/crm/bulk/v2/write/..%2Fadmin%3Fx%3D1"
    client.bulk_write.job_details(job_id=4150868000005392002)  # ids may be ints
    assert server.seen[-1].path == "/crm/bulk/v2/write/4150868000005392002"
    with pytest.raises(ValueError, match="job_id"):
        client.bulk_write.job_details(job_id="")


def test_drifted_response_still_returns_its_data(
    zoho: ModuleType, server: ScriptedServer
) -> None:
    drifted = {"status": None, "id": 7, "resource": [{"module": "Leads"}], "new": 1}
    server.script(Reply(body=drifted))
    job = zoho.Client(base_url=server.url, access_token=TOKEN).bulk_write.job_details(
        job_id="1"
    )
    assert job.id == 7 and job.status is None
    assert job.resource[0].module == "Leads"
    assert job.model_extra == {"new": 1}


def test_exports_are_sorted_and_importable(zoho: ModuleType) -> None:
    assert list(zoho.__all__) == sorted(zoho.__all__)
    for name in zoho.__all__:
        assert getattr(zoho, name) is not None
    for expected in (
        "Client",
        "AsyncClient",
        "APIStatusError",
        "ResourceNotFoundError",
        "ZohoCrmBulkWriteError",
        "RawResponse",
    ):
        assert expected in zoho.__all__
    assert (
        zoho.models.__name__ == "zoho_crm_bulk_write.models"
    )  # loaded lazily (PEP 562)


def test_with_streaming_response_streams_and_parses(
    zoho: ModuleType, server: ScriptedServer
) -> None:
    serve(server, "SUCCESS RESPONSE", times=2)
    with zoho.Client(base_url=server.url, access_token=TOKEN) as client:
        streaming = client.with_streaming_response.bulk_write
        with streaming.job_details(job_id="4150868000005392002") as response:
            assert response.status_code == 200
            body = b"".join(response.iter_bytes())
        assert body == str(EXAMPLES["SUCCESS RESPONSE"]["body"]).encode()
        with client.bulk_write.with_streaming_response.job_details(
            job_id="1"
        ) as response:
            job = response.parse()
    models = importlib.import_module("zoho_crm_bulk_write.models.bulk_write")
    assert isinstance(job, models.JobDetailsResponse)
    assert server.seen[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_async_with_streaming_response(
    zoho: ModuleType, server: ScriptedServer
) -> None:
    serve(server, "SUCCESS RESPONSE")

    async def main() -> list[str]:
        async with zoho.AsyncClient(base_url=server.url, access_token=TOKEN) as client:
            wrapped = client.with_streaming_response.bulk_write.job_details
            async with wrapped(job_id="1") as response:
                return [line async for line in response.iter_lines()]

    lines = asyncio.run(main())
    assert json.loads("\n".join(lines))["status"] == "INPROGRESS"
