"""Build every collection in ../shared/corpus and print a table: requests -> methods, success
examples -> typed responses, error examples -> error classes, warnings, build seconds.

With `--v3`, the collection folders of ../shared/corpus-v3 instead, with one more column: the
seconds that reading the YAML tree alone takes (part of the build's).

Usage: python benchmarks/corpus_report.py [--v3] [--out DIR] [NAME_SUBSTRING ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from postgen import build
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats import load_collection

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_V3 = SHARED / "corpus-v3"


def _count_examples(document: Any) -> tuple[int, int, int]:
    requests = success = errors = 0

    def visit(items: list[Any]) -> None:
        nonlocal requests, success, errors
        for item in items:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("item"), list):
                visit(item["item"])
                continue
            requests += 1
            for response in item.get("response") or []:
                code = response.get("code") if isinstance(response, dict) else None
                if isinstance(code, int) and code >= 400:
                    errors += 1
                elif code is None or (isinstance(code, int) and 200 <= code < 300):
                    success += 1

    if (
        isinstance(document, dict)
        and "collection" in document
        and "item" not in document
    ):
        document = document["collection"]
    if isinstance(document, dict) and isinstance(document.get("item"), list):
        visit(document["item"])
    elif isinstance(document, dict) and isinstance(document.get("requests"), list):
        requests = len(document["requests"])
        for request in document["requests"]:
            for response in request.get("responses") or []:
                code = (response.get("responseCode") or {}).get("code")
                if isinstance(code, int) and code >= 400:
                    errors += 1
                else:
                    success += 1
    return requests, success, errors


def _sources(v3: bool) -> list[tuple[str, Path]]:
    """(name, path) of every corpus collection: JSON files, or v3 collection folders."""
    if not v3:
        return [
            (p.name.split(".postman_")[0], p) for p in sorted(CORPUS.glob("*.json"))
        ]
    return [
        (slug.name, folder)
        for slug in sorted(CORPUS_V3.iterdir())
        if slug.is_dir()
        for folder in sorted(slug.iterdir())
        if folder.is_dir() and folder.name not in ("environments", "v2.1-json")
    ]


def _document(path: Path) -> tuple[Any, float]:
    """The collection as the parser sees it (v3: read by postgen), and the seconds that took."""
    started = time.perf_counter()
    if path.is_dir():
        document = load_collection(path, Diagnostics())
    else:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    return document, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--v3", action="store_true", help="the v3 corpus (YAML folders)"
    )
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    corpus = CORPUS_V3 if args.v3 else CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return 0
    out_root = args.out or Path(tempfile.mkdtemp(prefix="postgen-corpus-"))
    extra = " load seconds |" if args.v3 else ""
    print(
        "| collection | requests | methods | success ex. | methods with JSON success ex. | typed "
        f"| error ex. | error classes | warnings | seconds |{extra}"
    )
    print("|---|---|---|---|---|---|---|---|---|---|" + ("---|" if args.v3 else ""))
    failures = 0
    for stem, path in _sources(args.v3):
        if args.names and not any(n in stem for n in args.names):
            continue
        document, load_seconds = _document(path)
        requests, success, errors = _count_examples(document)
        started = time.perf_counter()
        try:
            report = build(path, out_root / stem)
        except CollectionError as error:
            print(f"| {stem} | rejected: {error.message} |")
            continue
        except Exception:
            failures += 1
            print(f"| {stem} | CRASH |", file=sys.stdout)
            traceback.print_exc()
            continue
        seconds = time.perf_counter() - started
        counts = report.counts
        print(
            f"| {stem} | {requests} | {counts['methods']} | {success} | "
            f"{counts['with JSON success example']} | "
            f"{counts['typed responses']} | {errors} | {counts['error classes']} | "
            f"{counts['warnings']} | {seconds:.2f} |"
            + (f" {load_seconds:.2f} |" if args.v3 else "")
        )
    print(f"\nclients in {out_root}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
