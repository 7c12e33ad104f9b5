"""Text summaries of conformance results: one line per collection, and what to fix first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tests.conformance.run import CollectionResult, ItemResult

__all__ = [
    "categories",
    "collection_line",
    "details",
    "note_kinds",
    "only_causes",
    "statuses",
    "totals",
]

_SPECIFIC = re.compile(r"\([^)]*\)|'[^']*'|\"[^\"]*\"|b'[^']*'|\d+")


def collection_line(result: CollectionResult) -> str:
    """`stripe-api.postman_collection.json: 12/457 requests sent as newman sends them`."""
    error = f"  ({result.error})" if result.error else ""
    seconds = result.seconds.get("total")
    took = f" [{seconds:.1f} s]" if seconds is not None else ""
    return f"{result.name}: {result.summary}{took}{error}"


def categories(results: Iterable[CollectionResult]) -> Counter[str]:
    """Differing requests per difference category (a request counts once per category)."""
    found: Counter[str] = Counter()
    for result in results:
        for item in result.items:
            found.update({difference.category for difference in item.differences})
    return found


def only_causes(results: Iterable[CollectionResult]) -> Counter[str]:
    """Differing requests whose differences all fall in one category: fixing that category
    alone would make them identical."""
    found: Counter[str] = Counter()
    for result in results:
        for item in result.items:
            kinds = {difference.category for difference in item.differences}
            if len(kinds) == 1:
                found.update(kinds)
    return found


def statuses(results: Iterable[CollectionResult]) -> Counter[str]:
    """Requests per status (same, different, not sent by newman, ...)."""
    return Counter(item.status for result in results for item in result.items)


def note_kinds(results: Iterable[CollectionResult]) -> Counter[str]:
    """Notes on requests with names and numbers blanked out, counted (a request once a kind)."""
    found: Counter[str] = Counter()
    for result in results:
        for item in result.items:
            found.update({_SPECIFIC.sub("…", note)[:100] for note in item.notes})
    return found


def totals(results: Iterable[CollectionResult]) -> tuple[int, int]:
    """(same, total) over all collections."""
    listed = list(results)
    return sum(r.same for r in listed), sum(r.total for r in listed)


def _item_lines(item: ItemResult) -> list[str]:
    lines = [
        f"  #{item.number} {item.label or '(unnamed)'} [{item.where}]: {item.status}"
    ]
    lines += [f"      {difference}" for difference in item.differences]
    lines += [f"      note: {note}" for note in item.notes]
    return lines


def details(result: CollectionResult) -> list[str]:
    """Every request that is not sent as newman sends it, with its differing parts, then the
    collection's difference categories by count."""
    lines = [collection_line(result)]
    lines += [f"  note: {note}" for note in result.notes]
    for item in result.items:
        if item.status != "same":
            lines += _item_lines(item)
    for category, count in categories([result]).most_common():
        lines.append(f"  {count:5d}  {category}")
    return lines
