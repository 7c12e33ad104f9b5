"""Which collections the suite runs: the samples always, the shared corpus when it is there.

A corpus environment file belongs to the collection whose name shares the longest run of leading
dash-separated words with it (`plaid-sandbox` -> `plaid-api`, `microsoft-graph-v1.0` ->
`microsoft-graph-v1.0-legacy-v1format`); a tie pairs it with nothing.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CORPUS",
    "SAMPLES",
    "Target",
    "corpus_targets",
    "default_targets",
    "sample_targets",
    "targets_for",
]

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"

Target = tuple[Path, Path | None]


def _stem(path: Path) -> str:
    return path.name.split(".postman_")[0]


def _shared_words(a: str, b: str) -> int:
    count = 0
    for left, right in zip(a.split("-"), b.split("-"), strict=False):
        if left != right:
            break
        count += 1
    return count


def pair_environments(
    collections: list[Path], environments: list[Path]
) -> dict[Path, Path]:
    """collection -> its environment file."""
    pairs: dict[Path, Path] = {}
    for environment in environments:
        scores = [(_shared_words(_stem(environment), _stem(c)), c) for c in collections]
        best = max((score for score, _ in scores), default=0)
        winners = [c for score, c in scores if score == best]
        if best > 0 and len(winners) == 1:
            pairs[winners[0]] = environment
    return pairs


def targets_for(folder: Path) -> list[Target]:
    """Every collection in a folder, each with its environment (if one pairs with it)."""
    collections = sorted(folder.glob("*.postman_collection.json"))
    pairs = pair_environments(
        collections, sorted(folder.glob("*.postman_environment.json"))
    )
    return [(collection, pairs.get(collection)) for collection in collections]


def sample_targets() -> list[Target]:
    """The samples (they have no environment files)."""
    return targets_for(SAMPLES)


def corpus_targets() -> list[Target]:
    """The shared corpus, or nothing when it is absent."""
    return targets_for(CORPUS) if CORPUS.is_dir() else []


def default_targets() -> list[Target]:
    """The samples, then the corpus less the files that are byte-for-byte a sample."""
    samples = sample_targets()
    seen = {path.read_bytes() for path, _ in samples}
    return samples + [t for t in corpus_targets() if t[0].read_bytes() not in seen]
