"""Same input, same bytes: two builds in fresh processes with different hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.paths import SAMPLES


def _build(collection: Path, out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "postgen", "build", str(collection), "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_two_hash_seeds_give_identical_bytes(tmp_path: Path) -> None:
    # The largest sample exercises the most sets and dicts.
    collection = max(
        SAMPLES.glob("*.postman_collection.json"), key=lambda p: p.stat().st_size
    )
    first = _build(collection, tmp_path / "a", "1")
    second = _build(collection, tmp_path / "b", "4242")
    assert first == second
