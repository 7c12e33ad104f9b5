"""Corpus collections with pagination evidence get paginated methods (issue 11).

Skipped when the shared corpus is absent. The counts are lower bounds: detection may grow.
"""

from __future__ import annotations

from collections import Counter

import pytest

from postgen.bounds import bound_document
from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.load import load_collection
from postgen.parse.walk import parse_collection
from tests.paths import CORPUS

EXPECTED = {
    "github-rest-api": {"link_header": 100},
    "stripe-api": {"cursor (last item id)": 50},
    "box-platform-api": {"cursor": 5, "offset": 5},
    "plaid-api": {"cursor (in body)": 5},
    "fastly-api": {"page": 5},
    "twitter-api-v2": {"cursor": 1},
}


@pytest.mark.parametrize("name", EXPECTED)
def test_corpus_methods_become_paginated(name: str) -> None:
    path = CORPUS / f"{name}.postman_collection.json"
    if not path.is_file():
        pytest.skip(f"corpus collection {name} not found under {CORPUS}")
    diagnostics = Diagnostics()
    document = bound_document(load_collection(path, diagnostics), diagnostics)
    api = parse_collection(document, Config(), {}, diagnostics)
    schemes: Counter[str] = Counter()
    for op in api.operations:
        if op.page is not None:
            label = op.page.kind
            label += " (last item id)" if op.page.cursor_from_last_item else ""
            label += " (in body)" if op.page.location == "body" else ""
            schemes[label] += 1
    for scheme, at_least in EXPECTED[name].items():
        assert schemes[scheme] >= at_least, (scheme, dict(schemes))
