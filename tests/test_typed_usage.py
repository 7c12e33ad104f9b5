"""The generated types are useful, not only valid: `mypy --strict` on a small user script.

The script builds nested bodies from dict literals and reads typed responses of the committed
`generated/bodies-and-responses` client (sample `samples/bodies-and-responses...json`); a second
script makes the mistakes the types exist to catch, and mypy must report each one. The same
client is then driven over HTTP to show what is sent and returned.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.paths import GENERATED
from tests.runtime_server import Reply, ScriptedServer, server_fixture  # noqa: F401

CLIENT = GENERATED / "bodies-and-responses"

GOOD = """
from __future__ import annotations

import asyncio
from datetime import datetime

from bodies_and_responses import AsyncClient, BinaryResponse, Client, NotUniqueError
from bodies_and_responses.params.orders import CreateOrderBodyPurchaseUnit

client = Client(base_url="http://127.0.0.1:1")
unit: CreateOrderBodyPurchaseUnit = {"reference_id": "r1", "amount": {"value": "1.00"}}
order = client.orders.create_order(
    intent="CAPTURE",
    purchase_units=[
        unit,
        {"amount": {"currency_code": "EUR"}, "items": [{"name": "x", "tags": ["a", None]}]},
    ],
    body_limit=5,
    from_="web",
    limit=10,
)
created: datetime = order.create_time
href: str = order.links[0].href
client.orders.create_order(body={"intent": "CAPTURE", "anything": [1, 2]})
client.orders.replace_order_items(order_id="o1", body=[{"sku": "a", "quantity": 2}])
client.orders.comment_on_order(order_id="o1", body="Looks good", internal=True)
found = client.orders.search_orders(
    query={"and": [{"fullText": {"language": "en", "value": "shirt"}}]},
    sort=[{"field": "createdAt", "order": "desc"}],
    limit=3,
    mark_matching_variants=True,
)
total: int = found.count
tags: list[str | None] = client.orders.list_order_tags()
languages: dict[str, int] = client.reports.list_repository_languages(owner="o", repo="r")
estimate = client.reports.get_billing_estimate()
cost: float = estimate.regions["usa"].cost
avatar: BinaryResponse = client.accounts.get_user_avatar(user_id="u")
data: bytes = avatar.content
avatar.write_to_file("avatar.jpg")
chunks: list[bytes] = list(client.accounts.download_file(file_id="f").iter_bytes())
status: str = client.reports.get_status()
report = client.reports.get_report(report_id=1)
title: str = report if isinstance(report, str) else report.title
try:
    client.accounts.create_account(email="ada@example.com", name="Ada")
except NotUniqueError as error:
    code: str | None = error.code
    details: tuple[str, ...] = error.details
    request_id: str | None = error.request_id


async def main() -> None:
    async with AsyncClient(base_url="http://127.0.0.1:1") as aclient:
        file = await aclient.accounts.download_file(file_id="f")
        await file.write_to_file("file.bin")
        async for chunk in file.iter_bytes():
            print(len(chunk))


asyncio.run(main())
"""

BAD = """
from __future__ import annotations

from bodies_and_responses import Client

client = Client(base_url="http://127.0.0.1:1")
client.orders.create_order(purchase_units=[{"amount": {"value": 100}}])
client.orders.create_order(purchase_units=[{"amount": {"valeu": "1.00"}}])
client.orders.create_order(limit_=5)
client.orders.replace_order_items(order_id="o1", body={"sku": "a"})
size: int = client.accounts.get_user_avatar(user_id="u").content
count: str = client.orders.search_orders().count
"""

pytestmark = pytest.mark.skipif(not CLIENT.is_dir(), reason=f"no client at {CLIENT}")


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user_script.py"
    script.write_text(source, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            str(script),
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(CLIENT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_user_script_with_dict_literal_bodies_type_checks(tmp_path: Path) -> None:
    result = _mypy(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout


def test_mistakes_are_caught_by_the_types(tmp_path: Path) -> None:
    result = _mypy(tmp_path, BAD)
    lines = [line for line in result.stdout.splitlines() if "user_script.py:" in line]
    errors = {int(line.split(":")[1]) for line in lines if ": error:" in line}
    # One error per line 7-12 of BAD: a wrong value type, an unknown key, a misspelled
    # argument, a dict where the array body goes, bytes as int, int as str.
    assert errors == set(range(7, 13)), result.stdout


@pytest.fixture(scope="module")
def package() -> Iterator[ModuleType]:
    sys.path.insert(0, str(CLIENT))
    try:
        yield importlib.import_module("bodies_and_responses")
    finally:
        sys.path.remove(str(CLIENT))


def test_only_the_fields_passed_are_sent_by_wire_name(
    package: ModuleType, server: ScriptedServer
) -> None:
    order = {
        "id": "o1",
        "status": "CREATED",
        "create_time": "2018-02-21T21:32:51Z",
        "links": [],
    }
    server.script(Reply(status=201, body=order), Reply(status=201, body=order))
    with package.Client(base_url=server.url) as client:
        created = client.orders.create_order(
            purchase_units=[{"amount": {"value": "1.00"}}], body_limit=5, from_=None
        )
        client.orders.create_order(body={"raw": True})
    assert created.create_time.year == 2018
    first, second = (json.loads(seen.body) for seen in server.seen)
    assert first == {
        "purchase_units": [{"amount": {"value": "1.00"}}],
        "limit": 5,
        "from": None,
    }
    assert server.seen[0].query == {
        "limit": ["10"]
    }  # the query default, not the body field
    assert second == {"raw": True}


def test_binary_and_error_responses_of_the_generated_client(
    package: ModuleType, server: ScriptedServer, tmp_path: Path
) -> None:
    image = bytes(range(256))
    server.script(
        Reply(body=image, headers={"Content-Type": "image/jpg"}),
        Reply(
            status=400,
            body={
                "errors": [
                    {"code": "NOT_UNIQUE", "message": "Email taken", "path": "email"}
                ]
            },
            headers={"X-Request-Id": "req-42"},
        ),
    )
    with package.Client(base_url=server.url) as client:
        avatar = client.accounts.get_user_avatar(user_id="u")
        with pytest.raises(package.NotUniqueError) as info:
            client.accounts.create_account(email="ada@example.com")
    avatar.write_to_file(tmp_path / "a.jpg")
    assert (tmp_path / "a.jpg").read_bytes() == image
    assert str(info.value) == (
        "400 NOT_UNIQUE: Email taken (email: NOT_UNIQUE - Email taken) [request id req-42]"
    )
