"""Shapes repeated across requests are defined once, without renaming any request's models."""

from __future__ import annotations

from typing import Any

from postgen.parse.models import SHARED_MODULE
from tests.factories import collection, example, parse, request_item

OWNER = {"login": "octocat", "id": 1}


def _names(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    api, _ = parse(document)
    return {str(module.name): dict(module.defs) for module in api.models}


def test_shared_shape_moves_to_shared_module_and_requests_keep_their_names() -> None:
    repo = request_item(
        "Get repo", "https://h/r", response=[example(200, {"owner": OWNER})]
    )
    gist = request_item(
        "Get gist", "https://h/g", response=[example(200, {"owner": OWNER, "n": 1})]
    )
    both = _names(
        collection({"name": "Repos", "item": [repo]}, {"name": "Gists", "item": [gist]})
    )
    alone = _names(collection({"name": "Repos", "item": [repo]}))
    assert (
        set(both["repos"]) == set(alone["repos"]) == {"GetRepoOwner", "GetRepoResponse"}
    )
    (shared_name,) = both[SHARED_MODULE]
    assert shared_name == "Owner"  # named after its field, never a content hash
    assert both["repos"]["GetRepoOwner"] == {
        "allOf": [{"$ref": f"#/$defs/shared.{shared_name}"}]
    }
    assert both["gists"]["GetGistOwner"] == both["repos"]["GetRepoOwner"]
    # The request-level models still reference their own classes.
    assert both["repos"]["GetRepoResponse"]["properties"]["owner"] == {
        "$ref": "#/$defs/repos.GetRepoOwner"
    }
    assert alone["repos"]["GetRepoOwner"]["properties"]["login"] == {"type": "string"}
