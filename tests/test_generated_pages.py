"""The golden `paged-lists` client pages across 3 pages for every scheme, over real HTTP.

Each list request of `samples/paged-lists.postman_collection.json` shows one scheme that
`postgen.parse.pagination` detects; its method returns a `SyncPage` (an `AsyncPaginator` on the
async client). The loopback server (`tests/runtime_server.py`) answers three pages per test.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.paths import GENERATED
from tests.runtime_server import Reply, ScriptedServer, server_fixture  # noqa: F401

TOKEN = "tok"


@pytest.fixture(scope="module")
def paged() -> Iterator[ModuleType]:
    sys.path.insert(0, str(GENERATED / "paged-lists"))
    try:
        yield importlib.import_module("paged_lists")
    finally:
        sys.path.remove(str(GENERATED / "paged-lists"))


@dataclass(frozen=True)
class Case:
    """One scheme: the method, the three replies (given the server's URL), and what the
    server must see in the query of each request."""

    resource: str
    method: str
    kwargs: dict[str, Any]
    replies: Callable[[str], list[Reply]]
    queries: list[dict[str, list[str]]]
    ids: list[Any]


def _link(url: str, path: str, page: int) -> dict[str, str]:
    return {"Link": f'<{url}{path}?per_page=2&page={page}>; rel="next"'}


def _repos(url: str) -> list[Reply]:
    path = "/orgs/acme/repos"
    return [
        Reply(body=[{"id": 1}, {"id": 2}], headers=_link(url, path, 2)),
        Reply(body=[{"id": 3}, {"id": 4}], headers=_link(url, path, 3)),
        Reply(body=[{"id": 5}]),
    ]


def _users(url: str) -> list[Reply]:
    return [
        Reply(body={"users": [{"id": 1}, {"id": 2}], "total": 5}),
        Reply(body={"users": [{"id": 3}, {"id": 4}], "total": 5}),
        Reply(body={"users": [{"id": 5}], "total": 5}),
    ]


def _events(url: str) -> list[Reply]:
    return [
        Reply(body={"data": [{"id": "e1"}, {"id": "e2"}]}),
        Reply(body={"data": [{"id": "e3"}, {"id": "e4"}]}),
        Reply(body={"data": [{"id": "e5"}]}),
    ]


def _customers(url: str) -> list[Reply]:
    def page(ids: list[str], more: bool) -> Reply:
        return Reply(body={"has_more": more, "data": [{"id": i} for i in ids]})

    return [page(["c1", "c2"], True), page(["c3", "c4"], True), page(["c5"], False)]


def _tweets(url: str) -> list[Reply]:
    def page(ids: list[str], token: str | None) -> Reply:
        meta = {"result_count": len(ids), **({"next_token": token} if token else {})}
        return Reply(body={"data": [{"id": i} for i in ids], "meta": meta})

    return [page(["t1", "t2"], "n2"), page(["t3", "t4"], "n3"), page(["t5"], None)]


def _files(url: str) -> list[Reply]:
    def page(ids: list[str], skip: str | None) -> Reply:
        body: dict[str, Any] = {"value": [{"id": i} for i in ids]}
        if skip:
            body["@odata.nextLink"] = (
                f"{url}/me/drive/children?$top=2&$skiptoken={skip}"
            )
        return Reply(body=body)

    return [page(["f1", "f2"], "s2"), page(["f3", "f4"], "s3"), page(["f5"], None)]


def _tags(url: str) -> list[Reply]:
    return [Reply(body=["a", "b", "c"]), Reply(body=["d", "e", "f"]), Reply(body=[])]


CASES = {
    "link_header": Case(
        "repos",
        "list_organization_repositories",
        {"org": "acme"},
        _repos,
        [
            {"per_page": ["2"], "page": ["1"]},
            {"per_page": ["2"], "page": ["2"]},
            {"per_page": ["2"], "page": ["3"]},
        ],
        [1, 2, 3, 4, 5],
    ),
    "page": Case(
        "users",
        "list_users",
        {},
        _users,
        [{"page": [p], "page_size": ["2"]} for p in ("1", "2", "3")],
        [1, 2, 3, 4, 5],
    ),
    "offset": Case(
        "events",
        "list_events",
        {},
        _events,
        [{"offset": [o], "limit": ["2"]} for o in ("0", "2", "4")],
        ["e1", "e2", "e3", "e4", "e5"],
    ),
    "cursor_last_item": Case(
        "customers",
        "list_all_customers",
        {},
        _customers,
        [{"limit": ["2"], "starting_after": [c]} for c in ("", "c2", "c4")],
        ["c1", "c2", "c3", "c4", "c5"],
    ),
    "cursor": Case(
        "tweets",
        "search_recent_tweets",
        {"max_results": 2},
        _tweets,
        [
            {"query": ["postgen"], "max_results": ["2"], "next_token": [t]}
            for t in ("", "n2", "n3")
        ],
        ["t1", "t2", "t3", "t4", "t5"],
    ),
    "next_url": Case(
        "files",
        "list_drive_items",
        {},
        _files,
        [
            {"$top": ["2"]},
            {"$top": ["2"], "$skiptoken": ["s2"]},
            {"$top": ["2"], "$skiptoken": ["s3"]},
        ],
        ["f1", "f2", "f3", "f4", "f5"],
    ),
    "page_of_strings": Case(
        "tags",
        "list_tags",
        {},
        _tags,
        [{"page": [p], "per_page": ["3"]} for p in ("1", "2", "3")],
        ["a", "b", "c", "d", "e", "f"],
    ),
}


def _key(item: Any) -> Any:
    return item if isinstance(item, str) else item.id


def _queries(server: ScriptedServer) -> list[dict[str, list[str]]]:
    return [seen.query for seen in server.seen]


@pytest.mark.parametrize("name", CASES)
def test_sync_pages_across_three_pages(
    paged: ModuleType, server: ScriptedServer, name: str
) -> None:
    case = CASES[name]
    server.script(*case.replies(server.url))
    with paged.Client(base_url=server.url, token=TOKEN) as client:
        page = getattr(getattr(client, case.resource), case.method)(**case.kwargs)
        assert (
            len(server.seen) == 1
        )  # the first page only, until iteration asks for more
        assert page.has_next_page()
        assert [_key(i) for i in page] == case.ids
    assert _queries(server) == case.queries
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in server.seen)


@pytest.mark.parametrize("name", CASES)
def test_async_pages_across_three_pages(
    paged: ModuleType, server: ScriptedServer, name: str
) -> None:
    case = CASES[name]
    server.script(*case.replies(server.url))

    async def main() -> list[Any]:
        async with paged.AsyncClient(base_url=server.url, token=TOKEN) as client:
            method = getattr(getattr(client, case.resource), case.method)
            return [_key(item) async for item in method(**case.kwargs)]

    assert asyncio.run(main()) == case.ids
    assert _queries(server) == case.queries


def test_pages_are_typed_and_iterate_page_by_page(
    paged: ModuleType, server: ScriptedServer
) -> None:
    server.script(*_customers(server.url))
    models = importlib.import_module("paged_lists.models.customers")
    client = paged.Client(base_url=server.url, token=TOKEN)
    first = client.customers.list_all_customers(limit=2)
    assert isinstance(first, paged.SyncPage)
    assert all(isinstance(c, models.ListAllCustomersData) for c in first.data)
    pages = list(first.iter_pages())
    assert [[c.id for c in p.data] for p in pages] == [
        ["c1", "c2"],
        ["c3", "c4"],
        ["c5"],
    ]
    assert not pages[-1].has_next_page()


def test_await_gives_the_first_page_and_its_pages_follow(
    paged: ModuleType, server: ScriptedServer
) -> None:
    server.script(*_users(server.url))

    async def main() -> list[list[int]]:
        async with paged.AsyncClient(base_url=server.url, token=TOKEN) as client:
            first = await client.users.list_users()
            assert isinstance(first, paged.AsyncPage) and first.has_next_page()
            return [[u.id for u in p.data] async for p in first.iter_pages()]

    assert asyncio.run(main()) == [[1, 2], [3, 4], [5]]


def test_non_paginated_method_is_unchanged(
    paged: ModuleType, server: ScriptedServer
) -> None:
    server.script(Reply(body={"id": 7, "name": "r", "private": True, "stars": 1}))
    models = importlib.import_module("paged_lists.models.repos")
    client = paged.Client(base_url=server.url, token=TOKEN)
    repo = client.repos.get_repository(owner="acme", repo="r")
    assert isinstance(repo, models.GetRepositoryResponse) and repo.id == 7
    assert server.seen[-1].path == "/repos/acme/r"


def test_raw_response_is_the_first_pages(
    paged: ModuleType, server: ScriptedServer
) -> None:
    server.script(*_repos(server.url))
    client = paged.Client(base_url=server.url, token=TOKEN)
    raw = client.repos.with_raw_response.list_organization_repositories(org="acme")
    assert isinstance(raw, paged.RawResponse)
    assert raw.status_code == 200 and 'rel="next"' in raw.headers["link"]
    page = raw.parse()
    assert isinstance(page, paged.SyncPage)
    assert [r.id for r in page] == [1, 2, 3, 4, 5]
    assert len(server.seen) == 3


def test_streaming_response_streams_the_first_page(
    paged: ModuleType, server: ScriptedServer
) -> None:
    server.script(*_events(server.url))
    client = paged.Client(base_url=server.url, token=TOKEN)
    with client.with_streaming_response.events.list_events() as response:
        assert response.status_code == 200
        page = response.parse()
    assert [e.id for e in page.data] == ["e1", "e2"]
    assert [e.id for e in page] == ["e1", "e2", "e3", "e4", "e5"]


def test_async_raw_and_streaming(paged: ModuleType, server: ScriptedServer) -> None:
    server.script(*_tags(server.url), *_tags(server.url))

    async def main() -> tuple[list[str], list[str]]:
        async with paged.AsyncClient(base_url=server.url, token=TOKEN) as client:
            raw = await client.tags.with_raw_response.list_tags()
            assert raw.status_code == 200
            first = raw.parse()
            raw_items = [tag async for tag in first]
            wrapped = client.with_streaming_response.tags.list_tags
            async with wrapped() as response:
                lines = [line async for line in response.iter_lines()]
            return raw_items, lines

    raw_items, lines = asyncio.run(main())
    assert raw_items == ["a", "b", "c", "d", "e", "f"]
    assert "".join(lines).replace(" ", "") == '["a","b","c"]'


USER_SCRIPT = """
from __future__ import annotations

import asyncio

from paged_lists import AsyncClient, AsyncPage, Client, RawResponse, SyncPage
from paged_lists.models.repos import ListOrganizationRepositoriesItem as Repo

client = Client(base_url="http://127.0.0.1:1", token="t")
page: SyncPage[Repo] = client.repos.list_organization_repositories(org="x", per_page=5)
names: list[str] = [repo.name for repo in page]
first: list[Repo] = page.data
more: bool = page.has_next_page()
tags: list[str] = [tag for p in client.tags.list_tags().iter_pages() for tag in p.data]
raw: RawResponse[SyncPage[Repo]] = (
    client.repos.with_raw_response.list_organization_repositories(org="x")
)
with client.with_streaming_response.tags.list_tags() as streamed:
    again: SyncPage[str] = streamed.parse()


async def main() -> None:
    aclient = AsyncClient(base_url="http://127.0.0.1:1", token="t")
    ids: list[int] = [r.id async for r in aclient.repos.list_organization_repositories(org="x")]
    one: AsyncPage[Repo] = await aclient.repos.list_organization_repositories(org="x")
    araw = await aclient.repos.with_raw_response.list_organization_repositories(org="x")
    parsed: AsyncPage[Repo] = araw.parse()
    wrong: int = one.data[0].name  # E: the item is typed


asyncio.run(main())
"""


def test_pages_are_typed_for_a_user(tmp_path: Path) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-incremental"),
            *("--cache-dir", os.devnull, str(script)),
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(GENERATED / "paged-lists")},
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # The one deliberate mistake is caught, and nothing else is reported.
    assert len(errors) == 1 and "user_script.py:28:" in errors[0], result.stdout
