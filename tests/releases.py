"""Another release of a collection, made up, and the surfaces of two releases side by side.

`mutate_collection` reorders, removes, changes and adds requests the way an API update does;
`build_surfaces` parses a release and says which requests a clash named (their names depend on
their siblings by design). Used by tests/test_name_stability.py and
`benchmarks/naming_report.py --mutations`.
"""

from __future__ import annotations

import copy
import json
import random
import re
from typing import Any

from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.parse.walk import parse_collection
from tests.surface import Fingerprint, Surface, request_fingerprints, surfaces

__all__ = ["build_surfaces", "mutate_collection"]

_WHERE = re.compile(r"(?:item\[\d+\]\.?)+")


def build_surfaces(
    document: dict[str, Any],
) -> tuple[dict[Fingerprint, Surface], set[Fingerprint]]:
    """Surfaces by request fingerprint, and the requests whose name a clash decided (the
    request told apart and the siblings it was told apart from)."""
    diagnostics = Diagnostics()
    api = parse_collection(copy.deepcopy(document), Config(), {}, diagnostics)
    prints = request_fingerprints(document)
    contested_paths: set[str] = set()
    for warning in diagnostics.warnings:
        if warning.category == "naming" and "told apart" in warning.message:
            contested_paths.add(warning.where)
            contested_paths.update(
                w.rstrip(".") for w in _WHERE.findall(warning.message)
            )
    found: dict[Fingerprint, Surface] = {}
    for location, surface in surfaces(api).items():
        where = location.split(" (")[0]
        if where in prints:
            found[prints[where]] = surface
    return found, {prints[w] for w in contested_paths if w in prints}


Parent = dict[str, Any]


def _requests(
    node: dict[str, Any], names: tuple[str, ...] = ()
) -> list[tuple[Parent, dict[str, Any], str]]:
    """Every request with the folder that holds it and its path of names."""
    found: list[tuple[Parent, dict[str, Any], str]] = []
    for item in node.get("item") or []:
        if isinstance(item, dict):
            path = (*names, str(item.get("name") or ""))
            if isinstance(item.get("item"), list):
                found.extend(_requests(item, path))
            else:
                found.append((node, item, " / ".join(path)))
    return found


def mutate_collection(
    document: dict[str, Any], seed: int, quiet: set[str] | None = None, added: int = 20
) -> dict[str, Any]:
    """A new release of `document`: every folder reordered; a tenth of the requests (of
    `quiet` ones, by path of names, when given) removed and another tenth with one example
    fewer (or one example more); `added` new requests in random folders."""
    rng = random.Random(seed)
    document = copy.deepcopy(document)

    def shuffle(node: dict[str, Any]) -> None:
        items = node.get("item")
        if isinstance(items, list):
            rng.shuffle(items)
            for item in items:
                if isinstance(item, dict):
                    shuffle(item)

    shuffle(document)
    candidates = [
        (p, i) for p, i, path in _requests(document) if quiet is None or path in quiet
    ]
    rng.shuffle(candidates)
    cut = len(candidates) // 10
    for parent, item in candidates[:cut]:
        parent["item"].remove(item)
    for _, item in candidates[cut : 2 * cut]:
        examples = item.get("response") or []
        if examples:
            examples.pop()
        else:
            item["response"] = [_example({"changed": True})]
    parents = [parent for parent, _, _ in _requests(document)]
    for number in range(added):
        parent = rng.choice(parents)
        parent["item"].insert(
            rng.randrange(len(parent["item"]) + 1),
            {
                "name": f"Added request {number}",
                "request": {
                    "method": "GET",
                    "url": f"https://added.example/added/{number}",
                },
                "response": [
                    _example({f"added_{number}": {f"value_{number}": number}})
                ],
            },
        )
    return document


def _example(body: Any) -> dict[str, Any]:
    return {
        "name": "ok",
        "code": 200,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
    }
