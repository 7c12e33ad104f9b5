"""Retry policy knobs and the server-requested delay (``Retry-After``)."""

from __future__ import annotations

import time

import httpx

# Backoff knobs. Clients copy them at construction, so a test can shrink one client's delays
# (``client._backoff_base = 0.01``) without touching other clients.
RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
RETRY_AFTER_MAX = 60.0
_RETRY_STATUSES = frozenset({408, 409, 429})


def _retry_after(headers: httpx.Headers) -> float | None:
    """Server-requested delay from ``retry-after-ms`` or ``Retry-After`` (seconds or date)."""
    try:
        ms = headers.get("retry-after-ms")
        if ms:
            return max(float(ms) / 1000, 0.0)
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            from email.utils import parsedate_to_datetime  # rare: only for HTTP dates

            when = parsedate_to_datetime(value)
            return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
