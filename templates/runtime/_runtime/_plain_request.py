"""Requests with nothing of their own (no body, query or call headers), built without httpx's
per-call merge of the client's headers, cookies and query.

Most calls of a generated client are such requests (``client.jobs.get(job_id=...)``): only the
URL changes. ``httpx.Client.build_request`` merges the client's defaults into every request and
parses a timeout again each time, a third of the cost of building one. Here the merged headers
are worked out once, and again whenever the httpx client's headers or the call's fixed headers
change; the request itself is the same one ``build_request`` makes.
"""

from __future__ import annotations

from typing import Any

import httpx

_BUILDERS = (httpx.Client.build_request, httpx.AsyncClient.build_request)
_UNSET = object()  # no timeout seen yet (None is a timeout: no limit)


class PlainRequests:
    """Builds plain requests for one httpx client (see the module docstring)."""

    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        self._http = http
        # A subclass of httpx's client may build its requests its own way: then it always does.
        self._usable = type(http).build_request in _BUILDERS
        self._for: tuple[httpx.Headers, list[tuple[bytes, bytes]]] | None = None
        self._headers = httpx.Headers()
        self._timeout_for: object = _UNSET
        self._timeout: dict[str, Any] = {}

    def build(
        self,
        method: str,
        url: str,
        headers: httpx.Headers,
        timeout: float | httpx.Timeout | None,
    ) -> httpx.Request | None:
        """The request ``build_request`` would make, or None where it must make it itself: the
        client keeps cookies or query parameters to add, or ``url`` is not absolute (a
        ``base_url`` on the httpx client would apply)."""
        http = self._http
        if not self._usable or http.cookies or http.params:
            return None
        if not url.startswith(("https://", "http://")):
            return None
        raw = http.headers.raw
        cached = self._for
        if cached is None or cached[0] is not headers or cached[1] != raw:
            merged = httpx.Headers(http.headers)
            merged.update(headers)
            self._headers, self._for = merged, (headers, raw)
        if timeout is not self._timeout_for:
            self._timeout = httpx.Timeout(timeout).as_dict()
            self._timeout_for = timeout
        # Request copies the headers: the cached ones are never changed by a call.
        return httpx.Request(
            method, url, headers=self._headers, extensions={"timeout": self._timeout}
        )
