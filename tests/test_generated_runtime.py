"""The committed seed client, driven over real HTTP against the collection's saved examples."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.paths import GENERATED, SEED
from tests.replay_server import Served, replay

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def zoho() -> Iterator[ModuleType]:
    sys.path.insert(0, str(GENERATED / "zoho-crm-bulk-write"))
    try:
        yield importlib.import_module("zoho_crm_bulk_write")
    finally:
        sys.path.remove(str(GENERATED / "zoho-crm-bulk-write"))


@pytest.fixture()
def server() -> Iterator[tuple[str, Served]]:
    with replay(SEED) as running:
        yield running


def test_success_parses_into_typed_models_and_sends_bearer(
    zoho: ModuleType, server: tuple[str, Served]
) -> None:
    base_url, served = server
    served.next_example = "SUCCESS RESPONSE"
    with zoho.Client(base_url=base_url, access_token=TOKEN) as client:
        job = client.bulk_write.job_details(job_id="4150868000005392002")
    models = importlib.import_module("zoho_crm_bulk_write.models.bulk_write")
    assert isinstance(job, models.JobDetailsResponse)
    assert job.resource[0].field_mappings[1].format == "yyyy/MM/dd"
    assert job.created_by.name == "Patricia Boyle"
    request = served.requests[-1]
    assert request["path"] == "/crm/bulk/v2/write/4150868000005392002"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"


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
    server: tuple[str, Served],
    example: str,
    class_name: str,
    status: int,
    base: str,
) -> None:
    base_url, served = server
    served.next_example = example
    client = zoho.Client(base_url=base_url, access_token=TOKEN, max_retries=0)
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
    zoho: ModuleType, server: tuple[str, Served]
) -> None:
    base_url, served = server

    async def run() -> Any:
        async with zoho.AsyncClient(base_url=base_url, access_token=TOKEN) as client:
            served.next_example = "SUCCESS RESPONSE"
            job = await client.bulk_write.job_details(job_id="42")
            served.next_example = "RESOURCE_NOT_FOUND"
            with pytest.raises(zoho.ResourceNotFoundError):
                await client.bulk_write.job_details(job_id="42")
            return job

    job = asyncio.run(run())
    assert job.id == "4150868000005392002"


def test_raw_response(zoho: ModuleType, server: tuple[str, Served]) -> None:
    base_url, served = server
    served.next_example = "SUCCESS RESPONSE"
    client = zoho.Client(base_url=base_url, access_token=TOKEN)
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
    zoho: ModuleType, server: tuple[str, Served]
) -> None:
    base_url, served = server
    served.next_example = "SUCCESS RESPONSE"
    client = zoho.Client(base_url=base_url, access_token=TOKEN)
    client.bulk_write.job_details(job_id="../admin?x=1")
    assert served.requests[-1]["path"] == "/crm/bulk/v2/write/..%2Fadmin%3Fx%3D1"
    client.bulk_write.job_details(job_id=4150868000005392002)  # ids may be ints
    assert served.requests[-1]["path"] == "/crm/bulk/v2/write/4150868000005392002"
    with pytest.raises(ValueError, match="job_id"):
        client.bulk_write.job_details(job_id="")


def test_drifted_response_still_returns_its_data(
    zoho: ModuleType, server: tuple[str, Served]
) -> None:
    base_url, served = server
    drifted = dict(served.examples["SUCCESS RESPONSE"])
    drifted["body"] = (
        '{"status": null, "id": 7, "resource": [{"module": "Leads"}], "new": 1}'
    )
    served.examples["DRIFTED"] = drifted
    served.next_example = "DRIFTED"
    job = zoho.Client(base_url=base_url, access_token=TOKEN).bulk_write.job_details(
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
