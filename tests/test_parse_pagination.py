"""Pagination schemes detected from one request item (`postgen/parse/pagination.py`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from postgen.diagnostics import Diagnostics
from postgen.ir_pagination import Pagination
from postgen.load import load_collection
from postgen.parse.items import iter_requests
from postgen.parse.pagination import detect_pagination
from tests.factories import example, request_item
from tests.paths import CORPUS


def _get(url: str, *responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return request_item("List", url, response=list(responses), **extra)


def _detect(item: dict[str, Any]) -> tuple[Pagination | None, Diagnostics]:
    diagnostics = Diagnostics()
    return detect_pagination(item, "item[0]", diagnostics), diagnostics


def _with_link(body: Any) -> dict[str, Any]:
    response = example(200, body)
    response["header"].append(
        {"key": "Link", "value": '<https://h/x?page=2>; rel="next"'}
    )
    return response


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            _get("https://h/repos?page=1&per_page=30", example(200, [{"id": 1}])),
            Pagination("page", param="page", size_param="per_page"),
        ),
        (
            _get("https://h/repos?page=1&per_page=30", _with_link([{"id": 1}])),
            Pagination("link_header", param="page", size_param="per_page"),
        ),
        (
            _get(
                "https://h/files?offset=0&limit=10",
                example(200, {"entries": [], "total": 0}),
            ),
            Pagination(
                "offset", param="offset", size_param="limit", items=("entries",)
            ),
        ),
        (
            _get(
                "https://h/tweets?next_token=&max_results=10",
                example(200, {"data": [{"id": "1"}], "meta": {"next_token": "b"}}),
            ),
            Pagination(
                "cursor",
                param="next_token",
                items=("data",),
                next=("meta", "next_token"),
            ),
        ),
        (
            _get(
                "https://h/c?limit=3&starting_after=x",
                example(200, {"data": [{"id": "a"}], "has_more": True}),
            ),
            Pagination(
                "cursor",
                param="starting_after",
                size_param="limit",
                items=("data",),
                has_more=("has_more",),
                cursor_from_last_item=True,
            ),
        ),
        (
            _get(
                "https://h/users?$top=5",
                example(
                    200,
                    {
                        "value": [{"id": 1}],
                        "@odata.nextLink": "https://h/users?$skiptoken=x",
                    },
                ),
            ),
            Pagination(
                "next_url",
                size_param="$top",
                items=("value",),
                next=("@odata.nextLink",),
            ),
        ),
        (
            _get(
                "https://h/rules",
                example(200, {"data": [], "links": {"next": "https://h/rules?page=2"}}),
            ),
            Pagination("next_url", items=("data",), next=("links", "next")),
        ),
        (
            _get("https://h/things?page=2"),
            Pagination("page", param="page", items=None),
        ),
        (_get("https://h/thing/1", example(200, {"id": 1})), None),
    ],
    ids=[
        "page",
        "link",
        "offset",
        "cursor",
        "last-id",
        "odata",
        "links-next",
        "no-example",
        "none",
    ],
)
def test_schemes(item: dict[str, Any], expected: Pagination | None) -> None:
    found, diagnostics = _detect(item)
    assert found == expected and not diagnostics.items


def test_last_item_cursor_from_the_parameter_description() -> None:
    item = _get("https://h/c?limit=10&starting_after=")
    item["request"]["url"] = {
        "raw": "https://h/c",
        "host": ["h"],
        "path": ["c"],
        "query": [
            {"key": "limit", "value": "10"},
            {
                "key": "starting_after",
                "description": "A cursor for use in pagination. `starting_after` is an object ID.",
            },
        ],
    }
    found, _ = _detect(item)
    assert found == Pagination(
        "cursor",
        param="starting_after",
        size_param="limit",
        items=None,
        cursor_from_last_item=True,
    )


def test_cursor_in_a_json_body_is_inferred_from_next_cursor_with_a_warning() -> None:
    item = request_item(
        "Sync",
        "https://h/transactions/sync",
        "POST",
        body={"mode": "raw", "raw": json.dumps({"count": 5})},
        response=[
            example(
                200, {"accounts": [{"id": 1}], "next_cursor": "c", "has_more": True}
            )
        ],
    )
    found, diagnostics = _detect(item)
    assert found is not None and found.location == "body"
    assert (found.param, found.next, found.has_more) == (
        "cursor",
        ("next_cursor",),
        ("has_more",),
    )
    (warning,) = diagnostics.warnings
    assert "inferred" in warning.message


def test_ambiguous_items_and_unsourced_cursors_are_warned_and_not_paginated() -> None:
    two_lists = _get("https://h/x?page=1", example(200, {"users": [], "teams": []}))
    found, diagnostics = _detect(two_lists)
    assert found is None and "several lists" in diagnostics.warnings[0].message
    no_source = _get("https://h/x?starting_after=a", example(200, {"data": []}))
    found, diagnostics = _detect(no_source)
    assert found is None and "no source" in diagnostics.warnings[0].message


def test_cursor_and_offset_side_by_side_is_a_warning() -> None:
    item = _get(
        "https://h/items?marker=&offset=0&limit=10",
        example(200, {"entries": [{"id": 1}], "next_marker": "m"}),
    )
    found, diagnostics = _detect(item)
    assert found is not None and found.kind == "cursor" and found.param == "marker"
    assert "disagrees" in diagnostics.warnings[0].message


def _corpus_item(stem: str, name: str) -> dict[str, Any]:
    path = CORPUS / f"{stem}.postman_collection.json"
    if not path.is_file():
        pytest.skip(f"corpus collection {stem} is absent")
    document = load_collection(path, Diagnostics())
    for _, item in iter_requests(document):
        if item.get("name") == name:
            return item
    raise AssertionError(f"{name!r} not in {stem}")


@pytest.mark.parametrize(
    ("stem", "name", "kind", "param"),
    [
        ("github-rest-api", "List organization repositories", "link_header", "page"),
        ("stripe-api", "List all customers", "cursor", "starting_after"),
        ("stripe-api", "Search charges", "cursor", "page"),
        ("twitter-api-v2", "Recent Search", "cursor", "next_token"),
        ("box-platform-api", "List all file versions", "offset", "offset"),
        ("plaid-api", "List Payments", "cursor", "cursor"),
    ],
)
def test_corpus_requests(stem: str, name: str, kind: str, param: str | None) -> None:
    found, _ = _detect(_corpus_item(stem, name))
    assert found is not None and (found.kind, found.param) == (kind, param)
