"""Which header, if any, the API deduplicates non-idempotent requests by.

The evidence is the collection's own request headers: a name that says so (``Idempotency-Key``,
``X-Idempotency-Key``, Wise's ``X-idempotence-uuid``), a vendor name documented as one
(PayPal's ``PayPal-Request-Id``), or any header whose description calls it an idempotency key.
A tracing id such as ``X-Request-Id`` is not one: resending it would not stop a duplicate.
Nothing is guessed: without evidence the client has no header and falls back to the safe retry
policy of its runtime (``_runtime/_idempotency.py``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.parse.access import string_at
from postgen.parse.items import iter_requests, request_headers
from postgen.parse.url import text_of

__all__ = ["idempotency_header"]

# Vendor headers whose documentation calls them idempotency keys, though the name does not.
_KNOWN = frozenset({"paypal-request-id"})
_HEADER_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz")


def _is_idempotency_header(header: dict[str, Any]) -> bool:
    name = string_at(header, "key").strip().lower()
    if not name or not set(name) <= _HEADER_CHARS:
        return False
    if "idempot" in name or name in _KNOWN:
        return True
    return "idempoten" in text_of(header.get("description")).lower()


def idempotency_header(
    collection: dict[str, Any], diagnostics: Diagnostics
) -> str | None:
    """The header name as the collection spells it (its most common spelling), or None.

    When the requests use more than one such header, the most used one wins and a warning
    names the others (the user can pass ``idempotency_header=`` to choose).
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    first_seen: dict[str, str] = {}
    order: dict[str, int] = {}
    for where, item in iter_requests(collection):
        for header in request_headers(item):
            if _is_idempotency_header(header):
                spelled = string_at(header, "key").strip()
                lower = spelled.lower()
                counts[lower] += 1
                spellings.setdefault(lower, Counter())[spelled] += 1
                first_seen.setdefault(lower, f"{where}.request.header")
                order.setdefault(lower, len(order))
    if not counts:
        return None
    ranked = sorted(counts, key=lambda name: (-counts[name], order[name]))
    chosen = spellings[ranked[0]].most_common(1)[0][0]
    if len(ranked) > 1:
        others = ", ".join(
            f"{spellings[n].most_common(1)[0][0]} ({counts[n]})" for n in ranked[1:]
        )
        diagnostics.warn(
            first_seen[ranked[1]],
            f"several idempotency headers: the client sends {chosen} ({counts[ranked[0]]} "
            f"requests), not {others}; pass idempotency_header= to choose",
            "retries",
        )
    return chosen
