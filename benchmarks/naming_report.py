"""Count, over every corpus collection, the naming problems of issue 9 (parse to IR only).

Each item is detected from the IR and the Postman names it came from, independently of how
`postgen/naming.py` builds names, so the same command measures any version of the generator.

Usage:
    python benchmarks/naming_report.py [--examples N] [--per-collection] [NAME_SUBSTRING ...]
    python benchmarks/naming_report.py --history    # surface stability over corpus-history releases
    python benchmarks/naming_report.py --mutations  # ... against a mutated copy of each collection
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from naming_detect import ITEMS, measure, model_names  # noqa: E402

from postgen.config import Config  # noqa: E402
from postgen.diagnostics import CollectionError, Diagnostics  # noqa: E402
from postgen.formats import load_collection  # noqa: E402
from postgen.ir import Api  # noqa: E402
from postgen.parse.walk import parse_collection  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
HISTORY = SHARED / "corpus-history"


def _totals(api: Api) -> Counter[str]:
    resources = api.root.walk()
    return Counter(
        methods=sum(len(r.operations) for r in resources),
        resources=len(resources) - 1,
        models=len(model_names(api)),
        errors=len(api.errors),
    )


def _parse(path: Path) -> Api:
    diagnostics = Diagnostics()
    document = load_collection(path, diagnostics)
    return parse_collection(document, Config(), {}, diagnostics)


def report(names: list[str], examples: int, per_collection: bool) -> int:
    """Print the table of counts (and examples) over the corpus."""
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    totals: Counter[str] = Counter()
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(CORPUS.glob("*.postman_collection.json")):
        stem = path.name.split(".postman_")[0]
        if names and not any(n in stem for n in names):
            continue
        try:
            api = _parse(path)
        except CollectionError as error:
            print(f"{stem}: rejected: {error.message}")
            continue
        totals += _totals(api)
        items = measure(api)
        for key, values in items.items():
            found[key].extend(f"{stem}: {v}" for v in values)
        if per_collection and items:
            print(
                f"{stem}: "
                + ", ".join(f"{k} {len(v)}" for k, v in sorted(items.items()))
            )
    print(
        f"\ncorpus: {totals['methods']} methods, {totals['resources']} resources, "
        f"{totals['models']} model classes, {totals['errors']} error classes\n"
    )
    print("| item | count |\n|---|---|")
    for key, text in ITEMS:
        print(f"| {text} | {len(found[key])} |")
    if examples:
        for key, text in ITEMS:
            if found[key]:
                print(f"\n{text}:")
                for value in found[key][:examples]:
                    print(f"  {value}")
    return 0


def history(examples: int) -> int:
    """Requests unchanged between consecutive releases: how many keep their Python surface."""
    from tests.surface import request_fingerprints, surfaces

    if not HISTORY.is_dir():
        print(f"no release history at {HISTORY}")
        return 0
    releases = sorted(HISTORY.glob("*.postman_collection.json"))
    latest = CORPUS / "stripe-api.postman_collection.json"
    if latest.is_file():
        releases.append(latest)
    built: list[tuple[str, dict[str, tuple[str, str]], dict[str, Any]]] = []
    for path in releases:
        diagnostics = Diagnostics()
        document = load_collection(path, diagnostics)
        api = parse_collection(document, Config(), {}, diagnostics)
        by_path = {
            location.split(" (")[0]: surface
            for location, surface in surfaces(api).items()
        }
        prints = request_fingerprints(document)
        by_print = {
            prints[where]: by_path[where] for where in by_path if where in prints
        }
        built.append((path.name[:21], prints, by_print))
    print(
        "| from | to | unchanged requests | same surface | method | signature | own models "
        "| shared models kept | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for (old_name, _, old), (new_name, _, new) in itertools.pairwise(built):
        same = [key for key in old if key in new]
        counts: Counter[str] = Counter()
        for key in same:
            a, b = old[key], new[key]
            counts["method"] += a.method == b.method
            counts["signature"] += a.signature == b.signature
            counts["models"] += a.models == b.models
            counts["shared"] += not a.renamed_shared(b)
            counts["errors"] += a.errors == b.errors
            counts["all"] += a.same_as(b)
            if not a.same_as(b) and examples:
                print(f"    {a.method} -> {b.method}")
        print(
            f"| {old_name} | {new_name} | {len(same)} | {counts['all']} | {counts['method']} "
            f"| {counts['signature']} | {counts['models']} | {counts['shared']} "
            f"| {counts['errors']} |"
        )
    return 0


def mutations(names: list[str]) -> int:
    """Each corpus collection against a mutated release of itself (`mutate_collection`): how
    many unchanged requests keep their surface, all of them and those no clash decided.
    """
    from tests.releases import build_surfaces, mutate_collection

    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    totals: Counter[str] = Counter()
    for path in sorted(CORPUS.glob("*.postman_collection.json")):
        if names and not any(n in path.name for n in names):
            continue
        try:
            document = load_collection(path, Diagnostics())
        except CollectionError:
            continue
        old, old_contested = build_surfaces(document)
        new, new_contested = build_surfaces(mutate_collection(document, 1, added=10))
        for key in (k for k in old if k in new):
            a, b = old[key], new[key]
            quiet = key not in old_contested | new_contested
            totals["unchanged"] += 1
            totals["kept"] += a.same_as(b)
            totals["quiet"] += quiet
            totals["quiet kept"] += quiet and a.same_as(b)
            for part in ("method", "signature", "models", "errors"):
                totals[part] += getattr(a, part) != getattr(b, part)
            totals["shared renamed"] += a.renamed_shared(b)
    print(
        "| unchanged requests | same surface | not contested | of those, same surface |"
    )
    print("|---|---|---|---|")
    print(
        f"| {totals['unchanged']} | {totals['kept']} | {totals['quiet']} "
        f"| {totals['quiet kept']} |"
    )
    print(
        "\nchanged: "
        + ", ".join(
            f"{part} {totals[part]}"
            for part in ("method", "signature", "models", "errors", "shared renamed")
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--examples", type=int, default=0, help="show N examples per item"
    )
    parser.add_argument("--per-collection", action="store_true")
    parser.add_argument(
        "--history", action="store_true", help="stability over releases"
    )
    parser.add_argument(
        "--mutations", action="store_true", help="stability against a mutated release"
    )
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    if args.history:
        return history(args.examples)
    if args.mutations:
        return mutations(args.names)
    return report(args.names, args.examples, args.per_collection)


if __name__ == "__main__":
    sys.exit(main())
