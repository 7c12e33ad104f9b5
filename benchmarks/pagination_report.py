"""Per collection: how many requests postgen detects as paginated, and by which scheme.

Usage: python benchmarks/pagination_report.py [NAME_SUBSTRING ...]
(default: the collections issue 11 names; `--all` for every corpus collection)

Runs `postgen.parse.pagination.detect_pagination` on each request of the loaded (v1 converted)
collection and prints a Markdown table: requests, paginated requests per scheme, and the
pagination warnings (ambiguous or incomplete evidence) with the first few of them.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from postgen.diagnostics import CollectionError, Diagnostics
from postgen.load import load_collection
from postgen.parse.items import iter_requests
from postgen.parse.pagination import detect_pagination

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
NAMED = (
    "github-rest-api",
    "stripe-api",
    "box-platform-api",
    "plaid-api",
    "twitter-api-v2",
    "microsoft-graph",
    "fastly-api",
)
KINDS = ("page", "offset", "cursor", "next_url", "link_header")


def report(path: Path) -> tuple[int, Counter[str], list[str]]:
    """(requests, paginated requests per scheme, warning lines) for one collection."""
    diagnostics = Diagnostics()
    document = load_collection(path, diagnostics)
    schemes: Counter[str] = Counter()
    total = 0
    found = Diagnostics()
    for where, item in iter_requests(document):
        total += 1
        evidence = detect_pagination(item, where, found)
        if evidence is not None:
            label = evidence.kind
            if evidence.cursor_from_last_item:
                label += " (last item id)"
            if evidence.location == "body":
                label += " (in body)"
            schemes[label] += 1
    return total, schemes, [str(d) for d in found.items]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--all", action="store_true")
    parser.add_argument(
        "--warnings", type=int, default=2, help="warnings shown per collection"
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    names = () if args.all else tuple(args.names) or NAMED
    print("| collection | requests | paginated | by scheme | warnings |")
    print("|---|---|---|---|---|")
    shown: list[str] = []
    for path in sorted(CORPUS.glob("*.postman_collection.json")):
        if names and not any(name in path.name for name in names):
            continue
        try:
            total, schemes, warnings = report(path)
        except CollectionError as exc:
            print(f"| {path.name} | unreadable: {exc} | | | |")
            continue
        by_scheme = ", ".join(f"{k} {v}" for k, v in sorted(schemes.items())) or "-"
        stem = path.name.removesuffix(".postman_collection.json")
        print(
            f"| {stem} | {total} | {sum(schemes.values())} | {by_scheme} | {len(warnings)} |"
        )
        shown += [f"{stem}: {w}" for w in warnings[: args.warnings]]
    if shown:
        print()
        for line in shown:
            print(f"- {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
