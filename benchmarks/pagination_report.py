"""Per collection: how many methods postgen makes paginated, and by which scheme.

Usage: python benchmarks/pagination_report.py [NAME_SUBSTRING ...]
(default: the collections issue 11 names; `--all` for every corpus collection)

Parses each corpus collection to the IR (as `postgen build` does, without rendering) and
prints a Markdown table: methods, methods whose `Operation.page` is set (they return a page
object), per scheme, and the build's pagination warnings (ambiguous or incomplete evidence)
with the first few of them.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from postgen.bounds import bound_document
from postgen.config import Config
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.load import load_collection
from postgen.parse.walk import parse_collection

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


def report(path: Path) -> tuple[int, Counter[str], list[str]]:
    """(methods, paginated methods per scheme, pagination warning lines) for one collection."""
    diagnostics = Diagnostics()
    document = bound_document(load_collection(path, diagnostics), diagnostics)
    api = parse_collection(document, Config(), {}, diagnostics)
    schemes: Counter[str] = Counter()
    for operation in api.operations:
        page = operation.page
        if page is None:
            continue
        label = page.kind
        if page.cursor_from_last_item:
            label += " (last item id)"
        if page.location == "body":
            label += " (in body)"
        schemes[label] += 1
    warnings = [str(d) for d in diagnostics.items if d.category == "pagination"]
    return len(api.operations), schemes, warnings


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
    print("| collection | methods | paginated | by scheme | warnings |")
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
