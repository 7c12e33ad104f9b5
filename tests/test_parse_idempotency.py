"""Which idempotency header a collection shows (`postgen/parse/idempotency.py`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from postgen.diagnostics import Diagnostics
from postgen.parse.idempotency import idempotency_header
from postgen.render.package import render_package
from tests.factories import collection, parse, request_item
from tests.paths import CORPUS


def _post(name: str, *headers: dict[str, Any]) -> dict[str, Any]:
    return request_item(name, "https://api.test/x", "POST", header=list(headers))


def _detect(document: dict[str, Any]) -> tuple[str | None, Diagnostics]:
    diagnostics = Diagnostics()
    return idempotency_header(document, diagnostics), diagnostics


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"key": "Idempotency-Key", "value": "{{$guid}}"}, "Idempotency-Key"),
        ({"key": "X-Idempotency-Key", "value": "k"}, "X-Idempotency-Key"),
        ({"key": "X-idempotence-uuid", "value": "{{$guid}}"}, "X-idempotence-uuid"),
        ({"key": "PayPal-Request-Id", "value": "{{$guid}}"}, "PayPal-Request-Id"),
        (
            {"key": "X-Dedupe", "value": "1", "description": "An idempotency token."},
            "X-Dedupe",
        ),
        ({"key": "X-Request-Id", "value": "{{x-request-id}}"}, None),
        ({"key": "Idempotency Key", "value": "not a header name"}, None),
        ({"key": "Content-Type", "value": "application/json"}, None),
    ],
)
def test_header_evidence(header: dict[str, Any], expected: str | None) -> None:
    found, diagnostics = _detect(collection(_post("Create", header)))
    assert found == expected and not diagnostics.items


def test_most_used_header_wins_with_a_warning() -> None:
    document = collection(
        _post("A", {"key": "X-Idempotency-Key", "value": "1"}),
        {
            "name": "Folder",
            "item": [
                _post("B", {"key": "Idempotency-Key", "value": "1"}),
                _post("C", {"key": "idempotency-key", "value": "1"}),
                _post("D", {"key": "Idempotency-Key", "value": "1"}),
            ],
        },
    )
    found, diagnostics = _detect(document)
    assert found == "Idempotency-Key"
    (warning,) = diagnostics.warnings
    assert warning.where == "item[0].request.header"
    assert "X-Idempotency-Key (1)" in warning.message


def test_client_constructor_defaults_to_the_detected_header() -> None:
    api, _ = parse(
        collection(_post("Create", {"key": "Idempotency-Key", "value": "1"}))
    )
    assert api.idempotency_header == "Idempotency-Key"
    client = next(
        text
        for path, text in render_package(api).items()
        if path.name == "_client.py" and path.parent.name != "_runtime"
    )
    assert 'idempotency_header: str | None = "Idempotency-Key"' in client
    assert "idempotency_header=idempotency_header" in client


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("paypal-partner-apis", "PayPal-Request-Id"),
        ("wise-platform-building-blocks", "X-idempotence-uuid"),
        ("adobe-experience-platform", None),  # x-request-id is a tracing id
        ("stripe-api", None),  # the collection never shows Stripe's Idempotency-Key
        ("github-rest-api", None),
    ],
)
def test_corpus_collections(stem: str, expected: str | None) -> None:
    path = CORPUS / f"{stem}.postman_collection.json"
    if not path.is_file():
        pytest.skip(f"corpus collection {stem} is absent")
    found, _ = _detect(json.loads(path.read_text(encoding="utf-8")))
    assert found == expected
