"""Build every collection in ../shared/corpus and print a table: requests -> methods, success
examples -> typed responses, error examples -> error classes, warnings, build seconds.

Usage: python benchmarks/corpus_report.py [--out DIR] [NAME_SUBSTRING ...]
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
from postgen.diagnostics import CollectionError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    out_root = args.out or Path(tempfile.mkdtemp(prefix="postgen-corpus-"))
    print(
        "| collection | requests | methods | success ex. | methods with JSON success ex. | typed "
        "| error ex. | error classes | warnings | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    failures = 0
    for path in sorted(CORPUS.glob("*.json")):
        if args.names and not any(n in path.name for n in args.names):
            continue
        stem = path.name.split(".postman_")[0]
        document = json.loads(path.read_text(encoding="utf-8-sig"))
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
        )
    print(f"\nclients in {out_root}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
