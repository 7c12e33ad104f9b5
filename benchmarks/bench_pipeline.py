"""postgen against the free pipeline, side by side: PyPI `postman2openapi`, then
`openapi-python-client generate --meta setup`.

The two pipeline tools are installed into a venv of their own (cached under
`~/.cache/postgen-bench/`, or `--venv`), never into postgen's environment. Every build is cold: a
fresh process and an empty output folder. Rounds are interleaved (each round builds every
collection with both tools, rotating which goes first), so a busy machine slows both alike:
read the ratios, not the seconds. The pipeline's time is its two steps added; its peak RSS is the
larger of the two. A pipeline that exits non-zero is still timed (it may have written most of its
output): its exit code is shown. The closing lines give the worst and median ratio over every
row, then over the rows where the pipeline wrote a client (exit 0, lines written).

Usage:
  python benchmarks/bench_pipeline.py [--rounds 5] [--synthetic] [--corpus] [--baseline DIR] [PATH ...]

`--baseline DIR` also times the postgen in source tree DIR (say, an export of an older commit)
in the same rounds, for a before/after column.

`--synthetic` adds the SYNTHETIC deep-folder, large-body collection made by
`benchmarks/synthetic_collection.py` (a stand-in for a private one); `--corpus` adds every
collection in ../shared/corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULTS = [
    CORPUS / "github-rest-api.postman_collection.json",
    CORPUS / "commercetools-platform-api.postman_collection.json",
]
PIPELINE = ("postman2openapi==1.0.1", "openapi-python-client==0.29.1")
CACHE = Path.home() / ".cache" / "postgen-bench"

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_collection import count_requests, make_collection  # noqa: E402

# Wall time, exit code and peak RSS of one command, read in a small launcher process (a child's
# ru_maxrss would also count the pages of a big parent).
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""
_CONVERT = """
import json, sys
from postman2openapi import PostmanToOpenAPIConverter, read_postman_collection
spec = PostmanToOpenAPIConverter().parse_postman_collection(read_postman_collection(sys.argv[1]))
with open(sys.argv[2], "w", encoding="utf-8") as stream:
    json.dump(spec, stream, indent=2)
"""


@dataclass
class Runs:
    """Timings of one tool on one collection."""

    seconds: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)
    lines: int = 0


def _venv(path: Path) -> Path:
    """The pipeline venv's bin folder, created and filled on first use."""
    bin_dir = path / "bin"
    stamp = path / "installed.txt"
    if stamp.is_file() and stamp.read_text() == "\n".join(PIPELINE):
        return bin_dir
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", *PIPELINE], check=True
    )
    stamp.write_text("\n".join(PIPELINE))
    return bin_dir


def _launch(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, int, float]:
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    seconds, code, peak_kib = done.stdout.split()
    return float(seconds), int(code), int(peak_kib) / 1024


def _python_lines(folder: Path) -> int:
    return sum(
        path.read_bytes().count(b"\n")
        for path in folder.rglob("*.py")
        if path.is_file()
    )


def _postgen(
    collection: Path, work: Path, runs: Runs, source: Path | None = None
) -> None:
    out = work / ("baseline" if source else "postgen")
    command = [
        sys.executable,
        "-m",
        "postgen",
        "build",
        str(collection.resolve()),
        "-o",
        str(out),
    ]
    # Compiled templates stay cached, as `.pyc` files do; the rebuild records are removed
    # after every build (and each goes to a new folder anyway), so every build is cold.
    env = {**os.environ, "POSTGEN_CACHE_DIR": str(CACHE / "postgen-cache")}
    if source is not None:
        env["PYTHONPATH"] = str(source)
    # Run from the temp folder: `-m` puts the working folder first on sys.path, and from a
    # checkout that would shadow the `--baseline` tree.
    seconds, code, peak = _launch(command, env, cwd=work)
    shutil.rmtree(CACHE / "postgen-cache" / "builds", ignore_errors=True)
    runs.seconds.append(seconds)
    runs.peaks_mb.append(peak)
    runs.codes.add(code)
    runs.lines = _python_lines(out) if out.is_dir() else 0


def _compile(tree: Path) -> None:
    """Write the `.pyc` files of postgen's source tree: an installed postgen has them (pip
    compiles at install time), as the pipeline's venv does, but a checkout run with
    PYTHONDONTWRITEBYTECODE set would compile every module on every build (about 0.1 s).
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(tree / "postgen")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _pipeline(collection: Path, work: Path, bin_dir: Path, runs: Runs) -> None:
    spec = work / "openapi.json"
    out = work / "pipeline"
    first = _launch(
        [str(bin_dir / "python"), "-c", _CONVERT, str(collection), str(spec)]
    )
    # Its post-generation hooks run `ruff` from PATH, as in an activated venv.
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    second = (0.0, 0, 0.0)
    if first[1] == 0:
        generate = [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--meta",
            "setup",
        ]
        second = _launch(
            [*generate, "--path", str(spec), "--output-path", str(out)], env
        )
    runs.seconds.append(first[0] + second[0])
    runs.peaks_mb.append(max(first[2], second[2]))
    runs.codes.add(first[1] or second[1])
    runs.lines = _python_lines(out) if out.is_dir() else 0


def _requests(path: Path) -> int:
    document = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(document.get("collection"), dict):
        document = document["collection"]
    if isinstance(document.get("requests"), list):  # legacy v1
        return len(document["requests"])
    return count_requests(document.get("item") or [])


def _code(codes: set[int]) -> str:
    return "" if codes == {0} else f" (exit {','.join(map(str, sorted(codes)))})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--venv", type=Path, default=CACHE / "pipeline")
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--corpus", action="store_true")
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    bin_dir = _venv(args.venv)
    for tree in (ROOT, *([args.baseline] if args.baseline else [])):
        _compile(tree)
    paths: list[Path] = list(args.paths)
    if args.corpus:
        paths += sorted(p for p in CORPUS.glob("*.postman_collection.json"))
    if args.synthetic:
        synthetic = CACHE / "synthetic-deep-bodies.postman_collection.json"
        synthetic.parent.mkdir(parents=True, exist_ok=True)
        synthetic.write_text(json.dumps(make_collection(), indent=1), encoding="utf-8")
        paths.append(synthetic)
    if not paths:
        paths = [p for p in DEFAULTS if p.exists()]
    results = {path: (Runs(), Runs(), Runs()) for path in paths}
    kinds = ["postgen", "pipeline", *(["baseline"] if args.baseline else [])]
    for round_ in range(args.rounds):
        order = kinds[round_ % len(kinds) :] + kinds[: round_ % len(kinds)]
        for path, (ours, theirs, before) in results.items():
            for kind in order:  # who goes first rotates from round to round
                with tempfile.TemporaryDirectory() as work:
                    if kind == "postgen":
                        _postgen(path, Path(work), ours)
                    elif kind == "pipeline":
                        _pipeline(path, Path(work), bin_dir, theirs)
                    else:
                        _postgen(path, Path(work), before, args.baseline)
        print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    print(
        f"{args.rounds} interleaved rounds, cold builds; pipeline = {' + '.join(PIPELINE)}"
    )
    extra = " baseline median | baseline ratio |" if args.baseline else ""
    print(
        "| collection | requests | postgen median | pipeline median | ratio "
        f"| postgen peak RSS | pipeline peak RSS | postgen lines | pipeline lines |{extra}"
    )
    print(
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * (2 if extra else 0)
    )
    ratios = []
    # Ratios against a pipeline run that wrote a client, by collection: against one that
    # failed, the pipeline's time is only how long it took to give up.
    against_client: dict[str, float] = {}
    for path, (ours, theirs, before) in results.items():
        mine, other = statistics.median(ours.seconds), statistics.median(theirs.seconds)
        ratios.append(mine / other)
        name = path.name.removesuffix(".postman_collection.json")
        if path.parent == CACHE:
            name += " (SYNTHETIC)"
        if theirs.codes == {0} and theirs.lines:
            against_client[name] = mine / other
        print(
            f"| {name} | {_requests(path):,} | {mine:.2f} s{_code(ours.codes)} "
            f"| {other:.2f} s{_code(theirs.codes)} | {mine / other:.2f} "
            f"| {statistics.median(ours.peaks_mb):.0f} MB "
            f"| {statistics.median(theirs.peaks_mb):.0f} MB "
            f"| {ours.lines:,} | {theirs.lines:,} |"
            + (
                f" {statistics.median(before.seconds):.2f} s{_code(before.codes)} "
                f"| {statistics.median(before.seconds) / other:.2f} |"
                if args.baseline
                else ""
            )
        )
    print(
        f"worst ratio {max(ratios):.2f}, median ratio {statistics.median(ratios):.2f}"
    )
    print(_against_client(against_client, len(ratios)))


def _against_client(ratios: dict[str, float], rows: int) -> str:
    """The summary over the collections for which the pipeline wrote a client."""
    failed = rows - len(ratios)
    if not ratios:
        return f"the pipeline wrote no client for any of the {rows} collections"
    worst = max(ratios, key=ratios.__getitem__)
    return (
        f"where the pipeline wrote a client ({len(ratios)} of {rows}; it failed on "
        f"{failed}): worst ratio {ratios[worst]:.2f} ({worst}), "
        f"median ratio {statistics.median(ratios.values()):.2f}"
    )


if __name__ == "__main__":
    main()
