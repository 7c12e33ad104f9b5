"""Page objects over every pagination scheme, over real HTTP on 127.0.0.1 (``runtime_server``)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401


class Repo(BaseModel):
    id: int
    name: str = ""


def _kwargs(**kwargs: Any) -> dict[str, Any]:
    return {
        "package": "demo_pages",
        "version": "1.0.0",
        "errors": rt.ErrorSpec(),
        "auth": rt.BearerAuth("tok"),
        **kwargs,
    }


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str) -> None:
        super().__init__(**_kwargs(base_url=base_url))
        self._backoff_base = 0.01


class AsyncDemo(rt.AsyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str) -> None:
        super().__init__(**_kwargs(base_url=base_url))


def _repos(*ids: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"r{i}"} for i in ids]


def _queries(server: ScriptedServer) -> list[dict[str, list[str]]]:
    return [seen.query for seen in server.seen]


PAGE = rt.PageScheme("page", param="page", size_param="per_page")


def test_page_numbers_until_an_empty_page(server: ScriptedServer) -> None:
    server.script(Reply(body=_repos(1, 2)), Reply(body=_repos(3, 4)), Reply(body=[]))
    with Demo(server.url) as client:
        page = client.request_page(
            "GET",
            "/repos",
            item_type=Repo,
            scheme=PAGE,
            query={"per_page": 2, "q": "x"},
        )
        assert [r.id for r in page.data] == [1, 2] and page.has_next_page()
        assert all(isinstance(r, Repo) for r in page.data)
        assert [r.id for r in page] == [1, 2, 3, 4]
    assert _queries(server) == [
        {"per_page": ["2"], "q": ["x"]},
        {"per_page": ["2"], "q": ["x"], "page": ["2"]},
        {"per_page": ["2"], "q": ["x"], "page": ["3"]},
    ]
    assert all(s.headers["authorization"] == "Bearer tok" for s in server.seen)


def test_a_short_page_is_the_last(server: ScriptedServer) -> None:
    server.script(Reply(body=_repos(1, 2)), Reply(body=_repos(3)))
    with Demo(server.url) as client:
        page = client.request_page(
            "GET",
            "/repos",
            item_type=Repo,
            scheme=PAGE,
            query={"per_page": 2, "page": 4},
        )
        pages = list(page.iter_pages())
    assert [len(p.data) for p in pages] == [2, 1] and not pages[-1].has_next_page()
    assert _queries(server)[1]["page"] == ["5"]
    with pytest.raises(rt.APIError, match="no next page"):
        pages[-1].get_next_page()


def test_offset_advances_by_the_items_received(server: ScriptedServer) -> None:
    scheme = rt.PageScheme(
        "offset", param="offset", size_param="limit", items=("results",)
    )
    server.script(
        Reply(body={"results": _repos(1, 2, 3)}), Reply(body={"results": _repos(4)})
    )
    with Demo(server.url) as client:
        ids = [
            r.id
            for r in client.request_page(
                "GET", "/r", item_type=Repo, scheme=scheme, query={"limit": 3}
            )
        ]
    assert ids == [1, 2, 3, 4]
    assert _queries(server)[1] == {"limit": ["3"], "offset": ["3"]}


def test_cursor_from_the_body(server: ScriptedServer) -> None:
    scheme = rt.PageScheme(
        "cursor", param="pagination_token", items=("data",), next=("meta", "next_token")
    )
    server.script(
        Reply(body={"data": _repos(1), "meta": {"next_token": "t2"}}),
        Reply(body={"data": _repos(2), "meta": {"result_count": 1}}),
    )
    with Demo(server.url) as client:
        assert [
            r.id
            for r in client.request_page("GET", "/t", item_type=Repo, scheme=scheme)
        ] == [
            1,
            2,
        ]
    assert _queries(server) == [{}, {"pagination_token": ["t2"]}]


def test_starting_after_the_last_item_while_has_more(server: ScriptedServer) -> None:
    scheme = rt.PageScheme(
        "cursor",
        param="starting_after",
        size_param="limit",
        items=("data",),
        has_more=("has_more",),
        cursor_from_last_item=True,
    )
    server.script(
        Reply(body={"data": _repos(1, 2), "has_more": True}),
        Reply(body={"data": _repos(3, 4), "has_more": False}),
    )
    with Demo(server.url) as client:
        page = client.request_page(
            "GET", "/v1/customers", item_type=Any, scheme=scheme, query={"limit": 2}
        )
        assert [c["id"] for c in page] == [1, 2, 3, 4]
    assert _queries(server)[1] == {"limit": ["2"], "starting_after": ["2"]}
    assert server.count == 2  # has_more: false stops without asking again


def test_next_url_in_the_body_absolute_and_relative(server: ScriptedServer) -> None:
    odata = rt.PageScheme("next_url", items=("value",), next=("@odata.nextLink",))
    server.script(
        Reply(
            body={
                "value": _repos(1),
                "@odata.nextLink": f"{server.url}/users?$skiptoken=X",
            }
        ),
        Reply(body={"value": _repos(2)}),
    )
    links = rt.PageScheme("next_url", items=("data",), next=("links", "next"))
    with Demo(server.url) as client:
        ids = [
            u.id
            for u in client.request_page("GET", "/users", item_type=Repo, scheme=odata)
        ]
        server.script(
            Reply(body={"data": _repos(3), "links": {"next": "/things?cursor=c2"}}),
            Reply(body={"data": _repos(4), "links": {"next": None}}),
        )
        ids += [
            t.id
            for t in client.request_page(
                "GET", "/things", item_type=Repo, scheme=links, query={"size": 1}
            )
        ]
    assert ids == [1, 2, 3, 4]
    assert server.seen[1].path == "/users" and server.seen[1].query == {
        "$skiptoken": ["X"]
    }
    assert server.seen[3].query == {"cursor": ["c2"]}  # the URL carries every parameter


def test_link_header(server: ScriptedServer) -> None:
    scheme = rt.PageScheme("link_header")
    nxt = f'<{server.url}/orgs/x/repos?page=2&per_page=1>; rel="next", <{server.url}/orgs/x/repos?page=9>; rel="last"'
    server.script(
        Reply(body=_repos(1), headers={"Link": nxt}),
        Reply(
            body=_repos(2),
            headers={"Link": f'<{server.url}/orgs/x/repos?page=1>; rel="prev first"'},
        ),
    )
    with Demo(server.url) as client:
        first = client.request_page(
            "GET", "/orgs/x/repos", item_type=Repo, scheme=scheme, query={"per_page": 1}
        )
        assert first.has_next_page()
        assert [r.id for r in first] == [1, 2]
    assert server.seen[1].query == {"page": ["2"], "per_page": ["1"]}


def test_a_next_link_to_another_origin_is_refused(server: ScriptedServer) -> None:
    scheme = rt.PageScheme("link_header")
    server.script(
        Reply(
            body=_repos(1),
            headers={"Link": '<https://evil.test/steal?page=2>; rel="next"'},
        )
    )
    with Demo(server.url) as client:
        page = client.request_page("GET", "/r", item_type=Repo, scheme=scheme)
        assert [r.id for r in page.data] == [1]
        with pytest.raises(rt.APIError, match="another origin"):
            list(page)
    assert server.count == 1


def test_a_page_is_retried_and_errors_raise(server: ScriptedServer) -> None:
    server.script(
        Reply(body=_repos(1, 2)), Reply(status=503), Reply(body=[]), Reply(status=404)
    )
    with Demo(server.url) as client:
        assert [
            r.id for r in client.request_page("GET", "/r", item_type=Repo, scheme=PAGE)
        ] == [
            1,
            2,
        ]
        with pytest.raises(rt.NotFoundError):
            client.request_page("GET", "/r", item_type=Repo, scheme=PAGE)
    assert server.count == 4


def test_items_that_do_not_fit_the_model_keep_their_data(
    server: ScriptedServer,
) -> None:
    server.script(Reply(body=[{"id": "not-a-number", "name": "x"}]), Reply(body=[]))
    with Demo(server.url) as client:
        (item,) = list(client.request_page("GET", "/r", item_type=Repo, scheme=PAGE))
    assert isinstance(item, Repo) and item.id == "not-a-number"


def test_async_pages(server: ScriptedServer) -> None:
    scheme = rt.PageScheme(
        "cursor", param="cursor", items=("items",), next=("next_cursor",)
    )
    server.script(
        Reply(body={"items": _repos(1), "next_cursor": "b"}),
        Reply(body={"items": _repos(2), "next_cursor": ""}),
        Reply(body={"items": _repos(3), "next_cursor": "d"}),
        Reply(body={"items": [], "next_cursor": "e"}),
    )

    async def main() -> tuple[list[int], list[int], bool]:
        async with AsyncDemo(server.url) as client:
            ids = [
                r.id
                async for r in client.request_page(
                    "GET", "/a", item_type=Repo, scheme=scheme
                )
            ]
            page = await client.request_page("GET", "/a", item_type=Repo, scheme=scheme)
            sizes = [len(p.data) async for p in page.iter_pages()]
            return ids, sizes, page.has_next_page()

    ids, sizes, more = asyncio.run(main())
    assert ids == [1, 2] and sizes == [1, 0] and more
    assert server.seen[1].query == {"cursor": ["b"]}


def test_cursor_in_the_json_body(server: ScriptedServer) -> None:
    scheme = rt.PageScheme(
        "cursor",
        param="cursor",
        items=("added",),
        next=("next_cursor",),
        has_more=("has_more",),
        location="body",
    )
    server.script(
        Reply(body={"added": _repos(1), "next_cursor": "c2", "has_more": True}),
        Reply(body={"added": _repos(2), "next_cursor": "c3", "has_more": False}),
    )
    with Demo(server.url) as client:
        page = client.request_page(
            "POST",
            "/transactions/sync",
            item_type=Repo,
            scheme=scheme,
            json={"count": 1},
        )
        assert [r.id for r in page] == [1, 2]
    import json

    assert [json.loads(s.body) for s in server.seen] == [
        {"count": 1},
        {"count": 1, "cursor": "c2"},
    ]


def test_items_found_at_run_time_when_no_example_showed_them(
    server: ScriptedServer,
) -> None:
    scheme = rt.PageScheme(
        "cursor",
        param="starting_after",
        size_param="limit",
        items=None,
        cursor_from_last_item=True,
    )
    server.script(
        Reply(body={"object": "list", "data": _repos(1, 2), "url": "/v1/x"}),
        Reply(body={"object": "list", "data": []}),
        Reply(body=_repos(7)),
        Reply(body={"a": [1], "b": [2]}),
    )
    with Demo(server.url) as client:
        assert [
            r.id
            for r in client.request_page("GET", "/x", item_type=Repo, scheme=scheme)
        ] == [
            1,
            2,
        ]
        assert server.seen[1].query == {"starting_after": ["2"]}
        page = client.request_page("GET", "/y", item_type=Repo, scheme=scheme)
        assert [r.id for r in page.data] == [7]
        odd = client.request_page("GET", "/z", item_type=Repo, scheme=scheme)
        assert odd.data == [] and not odd.has_next_page()
