"""Request bodies (issue 10): keyword arguments for JSON object bodies, TypedDicts for nested
objects, one typed `body` for arrays and maps, and the rendered signature and call."""

from __future__ import annotations

import json
from typing import Any

import black

from postgen.ir import Operation
from postgen.render.calls import method_signature, request_call
from postgen.render.typed_dicts import render_params
from tests.factories import collection, example, operations, parse, request_item


def _raw(value: Any, text: str | None = None) -> dict[str, Any]:
    return {
        "mode": "raw",
        "raw": json.dumps(value) if text is None else text,
        "options": {"raw": {"language": "json"}},
    }


def _op(
    body: dict[str, Any], url: str = "https://h/v1/orders", **extra: Any
) -> Operation:
    api, _ = parse(
        collection(request_item("Create order", url, "POST", body=body, **extra))
    )
    return operations(api)["root.create_order"]


def test_object_body_fields_are_optional_keyword_arguments_by_wire_name() -> None:
    op = _op(
        _raw({"fullText": {"en": "x"}, "purchase_units": [{"amount": {"value": "1"}}]})
    )
    assert op.body is not None and op.body.is_object
    fields = {e.wire_name: str(e.param) for e in op.body.json_fields}
    assert fields == {"fullText": "full_text", "purchase_units": "purchase_units"}
    assert (
        op.param("full_text").annotation == "_params.CreateOrderBodyFullText | NotGiven"
    )
    assert op.param("purchase_units").annotation == (
        "Sequence[_params.CreateOrderBodyPurchaseUnit] | NotGiven"
    )
    assert not op.param("full_text").required
    assert op.body.param_names == (
        "CreateOrderBodyFullText",
        "CreateOrderBodyPurchaseUnit",
    )


def test_nested_types_are_typed_dicts_keyed_by_wire_names_all_not_required() -> None:
    document = collection(
        request_item(
            "Create order",
            "https://h/v1/orders",
            "POST",
            body=_raw(
                {
                    "unit": {"fullText": "a", "from": 1, "amount": {"value": "1"}},
                    "x": {"ﬁeld": 1},
                }
            ),
        )
    )
    api, _ = parse(document)
    (module,) = api.params
    source = black.format_str(render_params(module, "# header"), mode=black.Mode())
    assert (
        "class CreateOrderBodyAmount(TypedDict):\n    value: NotRequired[str]\n"
        in source
    )
    # `from` is a keyword: the functional syntax, after the class it refers to.
    assert source.index("class CreateOrderBodyAmount") < source.index(
        "CreateOrderBodyUnit ="
    )
    assert (
        '"fullText": NotRequired[str]' in source
        and '"from": NotRequired[int]' in source
    )
    namespace: dict[str, Any] = {}
    # dont_inherit: this test module's own `from __future__ import annotations` must not apply.
    exec(compile(source, "params", "exec", dont_inherit=True), namespace)
    unit = namespace["CreateOrderBodyUnit"]
    assert unit.__required_keys__ == frozenset()
    # The class syntax too: its annotations are evaluated, so NotRequired is seen at run time.
    assert namespace["CreateOrderBodyAmount"].__required_keys__ == frozenset()
    assert unit.__optional_keys__ == {"fullText", "from", "amount"}


def test_samples_of_saved_examples_widen_the_fields() -> None:
    saved = example(201, {"id": 1})
    saved["originalRequest"] = {
        "method": "POST",
        "body": _raw({"name": "a", "extra": 2}),
    }
    failed = example(400, {"code": "BAD"})
    failed["originalRequest"] = {"method": "POST", "body": _raw({"broken": True})}
    op = _op(_raw({"name": "a"}), response=[saved, failed])
    assert [e.wire_name for e in op.body.json_fields] == ["name", "extra"]  # type: ignore[union-attr]


def test_placeholders_give_their_type_and_bare_tokens_any() -> None:
    text = (
        '{"count": "<integer>", "on": "<boolean>", "rate": "<number>", "age": {{age}}}'
    )
    op = _op(_raw(None, text))
    types = {p.wire_name: p.type_hint for p in op.params}
    assert types == {"count": "int", "on": "bool", "rate": "float", "age": "Any"}


def test_a_field_named_like_a_query_argument_or_reserved_name_is_renamed() -> None:
    api, diagnostics = parse(
        collection(
            request_item(
                "Create order",
                {
                    "raw": "https://h/v1?limit=1",
                    "query": [{"key": "limit", "value": "1"}],
                },
                "POST",
                body=_raw({"limit": 5, "timeout": 3, "options": {}}),
            )
        )
    )
    op = operations(api)["root.create_order"]
    fields = {e.wire_name: str(e.param) for e in op.body.json_fields}  # type: ignore[union-attr]
    assert fields == {
        "limit": "body_limit",
        "timeout": "body_timeout",
        "options": "body_options",
    }
    assert op.param("limit").location == "query"
    messages = [d.message for d in diagnostics.warnings]
    assert any("'limit' is the argument `body_limit`" in m for m in messages)


def test_array_map_and_untyped_bodies_keep_one_body_argument() -> None:
    array = _op(_raw([{"sku": "a", "qty": 1}]))
    assert array.body is not None and not array.body.is_object
    assert array.body.annotation == "Sequence[_params.CreateOrderBodyItem]"
    mapping = _op(_raw({"1001": {"qty": 1}, "1002": {"qty": 2}}))
    assert mapping.body is not None
    assert mapping.body.annotation == "Mapping[str, _params.CreateOrderBodyValue]"
    broken = _op(_raw(None, "{not json"))
    assert broken.body is not None and broken.body.annotation == "Any"
    empty = _op(_raw({}))
    assert (
        empty.body is not None and empty.body.is_object and not empty.body.json_fields
    )


def test_signature_and_call_send_only_the_fields() -> None:
    api, _ = parse(
        collection(
            request_item(
                "Create order",
                "https://h/v1/orders",
                "POST",
                header=[{"key": "Content-Type", "value": "application/json"}],
                body=_raw({"intent": "CAPTURE", "fullText": {"en": "x"}}),
            )
        )
    )
    op = operations(api)["root.create_order"]
    signature = method_signature(op, is_async=False)
    assert "intent: str | NotGiven = NOT_GIVEN," in signature
    assert (
        "full_text: _params.CreateOrderBodyFullText | NotGiven = NOT_GIVEN,"
        in signature
    )
    assert signature.index("full_text") < signature.index(
        "body: Mapping[str, Any] | NotGiven"
    )
    call = request_call(op, api, "self", is_async=False)
    assert 'json=json_body(body, {"intent": intent, "fullText": full_text}),' in call
    module = f"class C:\n    def f(self):\n{call}\n"
    assert black.format_str(module, mode=black.Mode()) == module


def test_a_body_key_of_its_own_is_the_body_argument() -> None:
    api, diagnostics = parse(
        collection(
            request_item(
                "Create order",
                "https://h/v1/orders",
                "POST",
                body=_raw({"title": "t", "body": "b"}),
            )
        )
    )
    op = operations(api)["root.create_order"]
    assert op.body is not None and not op.body.whole
    assert {e.wire_name: str(e.param) for e in op.body.json_fields} == {
        "title": "title",
        "body": "body",
    }
    signature = method_signature(op, is_async=False)
    assert (
        "body: str | NotGiven = NOT_GIVEN," in signature and "Mapping" not in signature
    )
    call = request_call(op, api, "self", is_async=False)
    assert 'json_body(NOT_GIVEN, {"title": title, "body": body})' in call
    assert not diagnostics.warnings
