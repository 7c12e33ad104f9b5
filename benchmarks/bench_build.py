"""Time `postgen build`: the seed, and the largest corpus collections when ../shared is there.

Prints, per collection, the median wall time and peak memory (RSS) of a cold CLI build (a fresh
process and an empty output folder each round, so imports count), the in-process phase split of
one build, and the generated line count.

Usage: python benchmarks/bench_build.py [--rounds 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.load import load_collection
from postgen.parse.walk import parse_collection
from postgen.render.format import format_files
from postgen.render.package import render_package

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULTS = [
    ROOT / "samples" / "zoho-crm-bulk-write.postman_collection.json",
    CORPUS / "github-rest-api.postman_collection.json",
    CORPUS / "commercetools-platform-api.postman_collection.json",
]


# Peak RSS is read from a small launcher process: a child's ru_maxrss also counts the pages of
# the process it was forked from, and this script grows to over 100 MB while it builds in-process.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _cold(path: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Wall seconds and peak RSS (MB) of each cold CLI build."""
    times, peaks = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as out:
            command = [sys.executable, "-m", "postgen", "build", str(path)]
            launched = subprocess.run(
                [sys.executable, "-c", _LAUNCHER, *command, "-o", f"{out}/c"],
                check=True,
                capture_output=True,
                text=True,
            )
            seconds, code, peak_kib = launched.stdout.split()
            if code != "0":
                raise SystemExit(f"build of {path.name} failed ({code})")
            times.append(float(seconds))
            peaks.append(int(peak_kib) / 1024)  # Linux reports KiB
    return times, peaks


def _phases(path: Path) -> tuple[dict[str, float], int]:
    marks = [time.perf_counter()]
    diagnostics = Diagnostics()
    document = load_collection(path, diagnostics)
    marks.append(time.perf_counter())
    api = parse_collection(document, Config(), {}, diagnostics)
    marks.append(time.perf_counter())
    files = render_package(api)
    marks.append(time.perf_counter())
    formatted, _ = format_files(files)
    marks.append(time.perf_counter())
    names = ["load", "parse", "render+models", "format"]
    lines = sum(text.count("\n") for text in formatted.values())
    return {n: marks[i + 1] - marks[i] for i, n in enumerate(names)}, lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.paths or [p for p in DEFAULTS if p.exists()]
    for path in paths:
        cold, peaks = _cold(path, args.rounds)
        phases, lines = _phases(path)
        split = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in phases.items())
        print(
            f"{path.name}: cold build median {statistics.median(cold):.2f}s "
            f"(min {min(cold):.2f}s, {args.rounds} rounds), peak RSS median "
            f"{statistics.median(peaks):.0f} MB; {lines} lines; {split}"
        )


if __name__ == "__main__":
    main()
