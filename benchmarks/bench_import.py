"""Import time of a generated client against `import httpx, pydantic`, in fresh processes.

Usage: python benchmarks/bench_import.py CLIENT_DIR [--rounds 15]
(CLIENT_DIR is a `postgen build` output folder; its package is found inside it.)
Prints medians of interleaved rounds, with and without the bare interpreter's start-up. The client
is byte-compiled first, as an installed package would be.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _seconds(code: str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=cwd, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("client", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    package = next(
        p.name for p in args.client.iterdir() if (p / "_client.py").is_file()
    )
    codes = {
        "python -c pass": "pass",
        "import httpx, pydantic": "import httpx, pydantic",
        f"import {package}": f"import {package}",
    }
    times: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(args.rounds):
        for name, code in codes.items():
            times[name].append(_seconds(code, args.client))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["python -c pass"]
    for name, median in medians.items():
        print(
            f"{name:45s} median {median * 1000:7.1f} ms  (minus start-up {1000 * (median - base):7.1f} ms)"
        )
    ours, theirs = medians[f"import {package}"], medians["import httpx, pydantic"]
    print(
        f"ratio {package} / (httpx + pydantic): {ours / theirs:.2f} "
        f"(start-up excluded: {(ours - base) / (theirs - base):.2f})"
    )


if __name__ == "__main__":
    main()
