"""Request fidelity (issue 8): every generated method sends the request newman sends.

(a) The harness's own parts, without newman: tests/test_conformance_harness.py and _compare.py.
(b) The samples through newman and the client: every request of every sample is sent
    identically; a difference fails with the differing parts of each request.
(c) The shared corpus (skipped when absent): it reports `S/N` per collection, checks that the
    harness ran every request (each one compared or its failure explained), and that every
    request the client sends differently has a build warning on record (at the request, one of
    its folders, or the collection) saying why it cannot be sent identically.

newman (pinned) comes from `.ci/run`, or is installed here into `.ci/node` when npm is there;
without node/npm the newman tests skip with the reason (tests/conformance/newman.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conformance.newman import Newman, ensure_newman
from tests.conformance.run import STATUSES, CollectionResult, run_collection
from tests.conformance.summary import details
from tests.conformance.targets import (
    corpus_targets,
    default_targets,
    sample_targets,
)
from tests.factories import collection, request_item


@pytest.fixture(scope="module")
def newman() -> Newman:
    found = ensure_newman()
    if isinstance(found, str):
        pytest.skip(found)
    return found


def _stem(target: tuple[Path, Path | None]) -> str:
    return target[0].name.split(".postman_")[0]


def _explained(result: CollectionResult) -> list[str]:
    """Requests the harness left unexplained (it must explain every one)."""
    wrong = []
    for item in result.items:
        explained = {
            "same": not item.differences,
            "different": bool(item.differences),
            "not sent by newman": any(
                n.startswith("newman") or "URL" in n for n in item.notes
            ),
            "not sent by client": any(
                n.startswith("client raised") for n in item.notes
            ),
            "no method": bool(item.notes),
        }
        if item.status not in STATUSES or not explained[item.status]:
            wrong.append(f"#{item.number} {item.label}: {item.status} {item.notes}")
    return wrong


class DifferentFromNewman(AssertionError):
    """Some request is not sent as newman sends it."""


_SAMPLES = [pytest.param(t, id=_stem(t)) for t in sample_targets()]


@pytest.mark.parametrize("target", _SAMPLES)
def test_sample_requests_are_sent_as_newman_sends_them(
    target: tuple[Path, Path | None], newman: Newman, tmp_path: Path
) -> None:
    result = run_collection(target[0], target[1], newman, tmp_path)
    assert result.error is None and _explained(result) == []
    if result.same != result.total:
        raise DifferentFromNewman("\n".join(details(result)))


_CORPUS = default_targets()[len(sample_targets()) :]


@pytest.mark.skipif(not corpus_targets(), reason="no corpus at ../shared/corpus")
@pytest.mark.parametrize("target", _CORPUS, ids=_stem)
def test_corpus_requests_are_sent_as_newman_sends_them_or_warned(
    target: tuple[Path, Path | None],
    newman: Newman,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_collection(target[0], target[1], newman, tmp_path)
    with capsys.disabled():
        print(f"\n  conformance: {result.name}: {result.summary}")
    assert result.total > 0
    assert _explained(result) == []
    # Every request is sent as newman sends it, or the build warned why it cannot be.
    unwarned = [
        f"#{i.number} {i.label}: {i.differences} {i.notes}" for i in result.unwarned()
    ]
    assert unwarned == [], "\n".join(unwarned)


def test_requests_the_generator_gets_right_are_judged_same(
    newman: Newman, tmp_path: Path
) -> None:
    # The harness must be able to say "same": requests that set their own Accept (the runtimes'
    # defaults differ) and use features both send alike.
    accept = {"key": "Accept", "value": "*/*"}
    document = collection(
        request_item(
            "Get user",
            "{{baseUrl}}/users/:id?active=true&tag=a&tag=b",
            header=[accept, {"key": "X-Trace", "value": "{{trace}}"}],
        ),
        request_item(
            "Create user",
            "{{baseUrl}}/users",
            "POST",
            header=[accept, {"key": "Content-Type", "value": "application/json"}],
            body={"mode": "raw", "raw": '{"name": "{{name}}", "n": 1}'},
        ),
        variable=[
            {"key": "baseUrl", "value": "https://api.example.com/v1"},
            {"key": "trace", "value": "t-1"},
            {"key": "name", "value": "Ada"},
        ],
    )
    document["item"][0]["request"]["url"] = {
        "raw": "{{baseUrl}}/users/:id?active=true&tag=a&tag=b",
        "host": ["{{baseUrl}}"],
        "path": ["users", ":id"],
        "query": [
            {"key": "active", "value": "true"},
            {"key": "tag", "value": "a"},
            {"key": "tag", "value": "b"},
        ],
        "variable": [{"key": "id", "value": "42"}],
    }
    path = tmp_path / "inline.postman_collection.json"
    path.write_text(json.dumps(document), "utf-8")
    result = run_collection(path, None, newman, tmp_path / "run")
    assert result.same == result.total == 2, "\n".join(details(result))
