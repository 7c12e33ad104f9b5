"""`Operation.page`: the pagination the parser attaches to a method, and its item type."""

from __future__ import annotations

import ast
from typing import Any

from postgen.ir_pagination import Pagination
from postgen.render.layout import Group, one_line
from postgen.render.pages import page_arguments
from tests.factories import collection, example, operations, parse, request_item


def _op(item: dict[str, Any]) -> Any:
    api, diagnostics = parse(collection({"name": "Things", "item": [item]}))
    (op,) = operations(api).values()
    return op, diagnostics


def test_items_in_a_field_are_typed_as_their_model() -> None:
    body = {"data": [{"id": 1, "name": "a"}], "meta": {"next_token": "x"}}
    op, _ = _op(
        request_item(
            "List things",
            "https://h/things?next_token=",
            response=[example(200, body)],
        )
    )
    assert op.page == Pagination(
        "cursor",
        item_type="_models.ListThingsData",
        item_names=("ListThingsData",),
        param="next_token",
        items=("data",),
        next=("meta", "next_token"),
    )
    assert op.returns(False) == "SyncPage[_models.ListThingsData]"
    assert op.returns(True) == "AsyncPaginator[_models.ListThingsData]"


def test_a_list_body_of_scalars_pages_scalars() -> None:
    op, _ = _op(
        request_item(
            "List tags", "https://h/tags?page=1", response=[example(200, ["a", "b"])]
        )
    )
    assert op.page is not None and op.page.item_type == "str"
    assert op.page.items == () and op.page.item_names == ()


def test_without_a_saved_list_the_items_are_untyped() -> None:
    op, _ = _op(request_item("List tags", "https://h/tags?page=2&per_page=5"))
    assert op.page is not None
    assert (op.page.kind, op.page.item_type, op.page.items) == ("page", "Any", None)


def test_no_evidence_no_page() -> None:
    op, _ = _op(
        request_item(
            "Get thing", "https://h/things/1?fields=a", response=[example(200, [1])]
        )
    )
    assert op.page is None and op.return_type == "list[int]"


def test_ambiguous_evidence_is_a_build_warning() -> None:
    body = {"users": [{"id": 1}], "teams": [{"id": 2}]}
    op, diagnostics = _op(
        request_item(
            "List members", "https://h/members?page=1", response=[example(200, body)]
        )
    )
    assert op.page is None
    found = [d for d in diagnostics.items if d.category == "pagination"]
    assert len(found) == 1 and "several lists" in found[0].message
    assert found[0].where.startswith("item[0].item[0]")


def test_a_text_response_is_no_page_and_says_so() -> None:
    text = {
        "name": "vcl",
        "code": 200,
        "header": [{"key": "Content-Type", "value": "text/plain"}],
        "body": "sub vcl_recv { }",
    }
    op, diagnostics = _op(
        request_item("List rules", "https://h/rules?page[number]=1", response=[text])
    )
    assert op.page is None and op.return_type == "str"
    (warning,) = [d for d in diagnostics.items if d.category == "pagination"]
    assert "saved responses are text" in warning.message


def test_collection_text_in_a_scheme_stays_data() -> None:
    # A hostile key is a wire name: it reaches the generated code only as a string literal.
    key = 'x")\nimport os\n("'
    body = {key: [{"id": 1}]}
    op, _ = _op(
        request_item("List odd", "https://h/odd?page=1", response=[example(200, body)])
    )
    assert op.page is not None and op.page.items == (key,)
    call = one_line(Group("f(", tuple(page_arguments(op.page)), ")"))
    tree = ast.parse(call, mode="eval").body
    assert isinstance(tree, ast.Call)
    (scheme,) = [k.value for k in tree.keywords if k.arg == "scheme"]
    assert isinstance(scheme, ast.Call)
    fields = {k.arg: ast.literal_eval(k.value) for k in scheme.keywords}
    assert fields == {"param": "page", "items": (key,)}
