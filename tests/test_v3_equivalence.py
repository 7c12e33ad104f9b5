"""One API in both forms gives the same client: the v3 tree of `fleetbase-fleetbase-api-v2v3-pair`
and the v2.1 JSON it was migrated from (corpus-v3/MANIFEST.md, "The v2.1 and v3 pair").

The only differences allowed are the two that MANIFEST documents for the migration (11 examples
without a `code` became `statusCode: 200`, and empty scripts were dropped), plus one it does not
list but the files show: the 4 requests whose v2.1 `protocolProfileBehavior` is
`disableBodyPruning: true` have no `settings` in v3 (no v3 file has any), so their GET bodies are
pruned there. They are allowed by applying exactly those edits to the v2.1 side (`_as_migrated`,
which counts them), after which
the two builds must agree on every module's classes, bases, fields, method names and signatures,
and `__all__` (compared as syntax trees, not as text: docstrings quote example text).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from postgen import generate
from postgen.diagnostics import Diagnostics
from postgen.formats import load_collection
from tests.paths import CORPUS_V3

PAIR = CORPUS_V3 / "fleetbase-fleetbase-api-v2v3-pair"
V3 = PAIR / "Fleetbase API"
V2 = PAIR / "v2.1-json" / "collection.postman_collection.json"

pytestmark = pytest.mark.skipif(not PAIR.is_dir(), reason=f"no v2/v3 pair at {PAIR}")

Json = dict[str, Any]


def _is_empty(event: Json) -> bool:
    lines = event.get("script", {}).get("exec") or []
    return not "".join(lines if isinstance(lines, list) else [lines]).strip()


def _requests(
    items: list[Json], prefix: tuple[str, ...] = ()
) -> dict[tuple[str, ...], Json]:
    found: dict[tuple[str, ...], Json] = {}
    for item in items:
        if "item" in item:
            found.update(_requests(item["item"], (*prefix, item["name"])))
        else:
            found[(*prefix, item["name"])] = item
    return found


def _as_migrated(document: Json) -> tuple[Json, dict[str, int]]:
    """The v2.1 document with MANIFEST's two migration changes applied, and how often each."""
    counts = {"example without code": 0, "empty script": 0, "dropped setting": 0}
    for node in [document, *_requests(document["item"]).values()]:
        if node.pop("protocolProfileBehavior", None):
            counts["dropped setting"] += 1
        events = node.get("event", [])
        kept = [event for event in events if not _is_empty(event)]
        counts["empty script"] += len(events) - len(kept)
        node["event"] = kept
        for response in node.get("response", []):
            if "code" not in response:
                response.update(code=200, status="OK")
                counts["example without code"] += 1
    return document, counts


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    decorators = "".join(f"@{ast.unparse(d)} " for d in node.decorator_list)
    prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{decorators}{prefix} {node.name}({ast.unparse(node.args)}){returns}"


def _shape(body: list[ast.stmt]) -> list[str]:
    """Classes, bases, annotated fields, function signatures and assignments' targets."""
    shape: list[str] = []
    for node in body:
        if isinstance(node, ast.ClassDef):
            bases = ", ".join(ast.unparse(base) for base in node.bases)
            shape.append(f"class {node.name}({bases})")
            shape += [f"  {line}" for line in _shape(node.body)]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            shape.append(_signature(node))
        elif isinstance(node, ast.AnnAssign):
            shape.append(f"{ast.unparse(node.target)}: {ast.unparse(node.annotation)}")
        elif isinstance(node, ast.Assign) and any(
            ast.unparse(target) == "__all__" for target in node.targets
        ):
            shape.append(ast.unparse(node))
    return shape


def _client_shape(files: dict[Any, str]) -> dict[str, list[str]]:
    return {
        str(path): _shape(ast.parse(text).body)
        for path, text in sorted(files.items(), key=lambda pair: str(pair[0]))
        if str(path).endswith(".py") and not str(path).endswith("_runtime.py")
    }


def test_documents_match_request_by_request() -> None:
    migrated, counts = _as_migrated(json.loads(V2.read_text(encoding="utf-8")))
    assert counts == {
        "example without code": 11,
        "empty script": 24,
        "dropped setting": 4,
    }
    v2 = migrated  # v2.1 JSON is the parser's shape already
    v3 = load_collection(V3, Diagnostics())
    assert v3["variable"] == v2["variable"] and v3["auth"] == v2["auth"]
    assert [e["listen"] for e in v3["event"]] == [e["listen"] for e in v2["event"]]
    left, right = _requests(v2["item"]), _requests(v3["item"])
    assert list(left) == list(right)  # same folders, names and order
    for key, item in left.items():
        ours, theirs = right[key]["request"], item["request"]
        assert ours["method"] == theirs["method"], key
        for part in ("host", "path", "query", "variable"):
            assert _plain(ours["url"].get(part)) == _plain(theirs["url"].get(part)), (
                key,
                part,
            )
        assert _plain(ours["header"]) == _plain(theirs["header"]), key
        assert ours.get("auth") == theirs.get("auth"), key
        body, their_body = ours.get("body") or {}, theirs.get("body") or {}
        assert body.get("mode") == their_body.get("mode"), key
        assert [(r["name"], r["code"]) for r in right[key]["response"]] == [
            (r["name"], r["code"]) for r in item["response"]
        ], key
        assert [e["script"]["exec"] for e in right[key].get("event", [])] == [
            e["script"]["exec"] for e in item["event"]
        ], key


def _plain(entries: Any) -> Any:
    # Descriptions and Postman's optional `type` do not reach a client's signature.
    if isinstance(entries, list) and all(isinstance(e, dict) for e in entries):
        return [
            {k: v for k, v in e.items() if k in ("key", "value", "disabled")}
            for e in entries
        ]
    return entries


def test_builds_have_the_same_client(tmp_path: Path) -> None:
    migrated, _ = _as_migrated(json.loads(V2.read_text(encoding="utf-8")))
    migrated_path = tmp_path / "migrated.postman_collection.json"
    migrated_path.write_text(json.dumps(migrated), encoding="utf-8")
    v3 = _client_shape(generate(V3).files)
    assert v3 == _client_shape(generate(migrated_path).files)
    assert sum(len(shape) for shape in v3.values()) > 1000  # not vacuous: 83 methods
    assert sum(1 for path in v3 if "/resources/" in path) == 17
