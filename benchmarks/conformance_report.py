"""Request fidelity against newman: `S/N requests sent as newman sends them`, per collection.

    python benchmarks/conformance_report.py [--details] [PATHS...]

PATHS are collection files or folders (an environment file beside a collection pairs with it
by name); the default is `samples/` plus `../shared/corpus` when it is there. Each collection runs
through newman (pinned, installed by `.ci/run` into `.ci/node`, or by this script when npm is
there) and through the client postgen builds from the same copy; see `tests/conformance/`.
`--details` lists every differing request with its parts; the closing table counts differing
requests by category (part and kind), which is the order to fix things in.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conformance.newman import ensure_newman
from tests.conformance.run import CollectionResult, run_collection
from tests.conformance.summary import (
    categories,
    collection_line,
    details,
    note_kinds,
    only_causes,
    statuses,
    totals,
)
from tests.conformance.targets import (
    Target,
    default_targets,
    targets_for,
)


def _targets(paths: list[str]) -> list[Target]:
    if not paths:
        return default_targets()
    found: list[Target] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found += targets_for(path)
        else:
            pairs = dict(targets_for(path.parent))
            found.append((path, pairs.get(path)))
    return found


def main() -> int:
    """Run the report; exit 2 when newman cannot be had."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="collection files or folders")
    parser.add_argument(
        "--details", action="store_true", help="list every differing request"
    )
    args = parser.parse_args()
    newman = ensure_newman()
    if isinstance(newman, str):
        print(f"conformance_report: {newman}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results: list[CollectionResult] = []
    for collection, environment in _targets(args.paths):
        with tempfile.TemporaryDirectory(prefix="postgen-conformance-") as workdir:
            result = run_collection(collection, environment, newman, Path(workdir))
        results.append(result)
        if args.details:
            print("\n".join(details(result)), flush=True)
        else:
            print(collection_line(result), flush=True)
    same, total = totals(results)
    elapsed = time.perf_counter() - started
    print(f"\nall: {same}/{total} requests sent as newman sends them ({elapsed:.0f} s)")
    print(
        "requests by status: "
        + ", ".join(f"{k} {v}" for k, v in statuses(results).most_common())
    )
    print("differing requests by category:")
    for category, count in categories(results).most_common():
        print(f"  {count:5d}  {category}")
    print("differing requests that differ in that category only:")
    for category, count in only_causes(results).most_common():
        print(f"  {count:5d}  {category}")
    unwarned = [(r.name, i) for r in results for i in r.unwarned()]
    print(
        f"sent differently with no build warning saying why: {len(unwarned)}"
        + "".join(f"\n  {name} #{i.number} {i.label}" for name, i in unwarned)
    )
    print("notes on requests, by kind:")
    for kind, count in note_kinds(results).most_common():
        print(f"  {count:5d}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
