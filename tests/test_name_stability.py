"""Names stay put when the collection changes (issue 9): regenerating after an API update must
not rename what user code of an unchanged request relies on (tests/surface.py).

Two checks, each skipped with its reason when the shared corpus is absent:

- a corpus collection with requests reordered, added and removed and examples changed: every
  request that did not change, and whose name no clash decided, keeps its surface;
- the real Stripe releases in ../shared/corpus-history: the same, between each two releases.

`python benchmarks/naming_report.py --history` prints the figures including contested names.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from postgen.diagnostics import Diagnostics
from postgen.formats import load_collection
from tests.paths import CORPUS, ROOT
from tests.releases import build_surfaces, mutate_collection
from tests.surface import Fingerprint, Surface

HISTORY = ROOT.parent / "shared" / "corpus-history"
GITHUB = CORPUS / "github-rest-api.postman_collection.json"


def _differences(
    old: tuple[dict[Fingerprint, Surface], set[Fingerprint]],
    new: tuple[dict[Fingerprint, Surface], set[Fingerprint]],
) -> tuple[int, list[str]]:
    (before, contested_before), (after, contested_after) = old, new
    compared = [
        key
        for key in before
        if key in after and key not in contested_before | contested_after
    ]
    moved = [
        f"{before[key].method} -> {after[key].method}: {before[key]} / {after[key]}"
        for key in compared
        if not before[key].same_as(after[key])
    ]
    return len(compared), moved


@pytest.mark.skipif(not GITHUB.is_file(), reason=f"no corpus collection at {GITHUB}")
def test_unrelated_changes_rename_nothing_in_unchanged_requests() -> None:
    document = load_collection(GITHUB, Diagnostics())
    base = build_surfaces(document)
    # Requests that share no model with another and whose name no clash decided: removing or
    # changing them is unrelated to every other request.
    paths = [path for path, _ in base[0]]
    quiet = {
        path
        for (path, _), surface in base[0].items()
        if not surface.shared and paths.count(path) == 1
    } - {path for path, _ in base[1]}
    assert len(quiet) > 50
    for seed in (1, 2):
        compared, moved = _differences(
            base, build_surfaces(mutate_collection(document, seed, quiet))
        )
        assert compared > 400
        assert not moved, "\n".join(moved[:5])


def _history() -> list[Path]:
    if not HISTORY.is_dir():
        return []
    releases = sorted(HISTORY.glob("*.postman_collection.json"))
    latest = CORPUS / "stripe-api.postman_collection.json"
    return releases + ([latest] if latest.is_file() else [])


@pytest.mark.skipif(len(_history()) < 2, reason=f"no release history at {HISTORY}")
def test_unchanged_requests_keep_their_surface_across_real_releases() -> None:
    releases = [
        build_surfaces(load_collection(path, Diagnostics())) for path in _history()
    ]
    total = 0
    for old, new in itertools.pairwise(releases):
        compared, moved = _differences(old, new)
        total += compared
        assert not moved, "\n".join(moved[:5])
    assert total > 800
