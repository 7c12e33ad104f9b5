"""Where the tests find things: the repo, its samples and golden clients, and the shared corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GENERATED = ROOT / "generated"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_V3 = ROOT.parent / "shared" / "corpus-v3"
SAMPLES_V3 = SAMPLES / "v3"
SEED = SAMPLES / "zoho-crm-bulk-write.postman_collection.json"


def sample_stem(path: Path) -> str:
    """`samples/x.postman_collection.json` -> `x` (the folder under `generated/`)."""
    return path.name.removesuffix(".postman_collection.json")


def samples() -> list[Path]:
    """Every sample collection, sorted."""
    return sorted(SAMPLES.glob("*.postman_collection.json"))


def v3_collections() -> list[Path]:
    """The collection folder in each `corpus-v3/<slug>/` (the one subfolder that is neither
    `environments/` nor `v2.1-json/`), sorted; empty when the corpus is absent."""
    if not CORPUS_V3.is_dir():
        return []
    return sorted(
        child
        for slug in CORPUS_V3.iterdir()
        if slug.is_dir()
        for child in slug.iterdir()
        if child.is_dir() and child.name not in ("environments", "v2.1-json")
    )


def mypy_strict(client: Path) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` over the package(s) of a generated client folder, without a cache."""
    packages = sorted(p.name for p in client.iterdir() if (p / "__init__.py").exists())
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            *packages,
        ],
        cwd=client,
        capture_output=True,
        text=True,
        check=False,
    )


def ruff_imports(*paths: Path) -> subprocess.CompletedProcess[str]:
    """ruff's unused, redefined and undefined name checks (F401, F811, F821) over `paths`."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F401,F811,F821",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
