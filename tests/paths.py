"""Where the tests find things: the repo, its samples and golden clients, and the shared corpus."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GENERATED = ROOT / "generated"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = SAMPLES / "zoho-crm-bulk-write.postman_collection.json"


def sample_stem(path: Path) -> str:
    """`samples/x.postman_collection.json` -> `x` (the folder under `generated/`)."""
    return path.name.removesuffix(".postman_collection.json")


def samples() -> list[Path]:
    """Every sample collection, sorted."""
    return sorted(SAMPLES.glob("*.postman_collection.json"))
