"""The sync and async clients (the send loop with retries) and the resource base classes."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, Self, TypeVar, overload

import httpx

from ._auth import Auth
from ._base_client import _BaseClient
from ._exceptions import _make_status_error
from ._idempotency import surely_not_sent
from ._oauth import aensure_token, ensure_token
from ._page_calls import async_page, sync_page
from ._pagination import AsyncPaginator, PageScheme, SyncPage
from ._request import _OPTION_NAMES, RequestOptions, _unexpected_keyword
from ._streaming import (
    AsyncStreamedResponse,
    StreamedResponse,
    asend_stream,
    is_stream,
    send_stream,
)
from ._types import NOT_GIVEN

_T = TypeVar("_T")


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base class of generated sync clients: owns (or borrows) an ``httpx.Client``.

    Lifecycle: build one client and reuse it (it keeps a connection pool); use it as a context
    manager (``with Client() as client:``) or call ``close()`` when done. A client given
    ``http_client=`` borrows it and never closes it, and neither do ``with_options`` copies,
    which share the original's pool.
    """

    _http_class = httpx.Client

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> _T: ...
    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any: ...
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any:
        """Send a request (with retries) and return the body parsed as ``cast_to``.

        Raises the mapped ``APIStatusError`` subclass for non-2xx responses and
        ``APIConnectionError``/``APITimeoutError`` when the transport fails.
        """
        if options and not _OPTION_NAMES.issuperset(options):
            raise _unexpected_keyword(options, sys._getframe(1))
        token = self._token_auth(auth)
        if token is not None:
            ensure_token(token, self._http, self.base_url, self._errors)
        renewed = False
        request, retries, raw = self._build(
            method, path, query, headers, json, content, data, files, options, auth
        )
        send = self._send_options(auth, follow_redirects)
        replayable = self._replayable(request, options)
        if raw and is_stream(options):
            streamed = send_stream(self, request, send, retries, replayable, options)
            return StreamedResponse[Any](streamed, cast_to, self.strict)
        attempt = 0
        while True:
            try:
                response = self._http.send(request, **send)
            except httpx.TransportError as exc:
                if attempt >= retries or not (replayable or surely_not_sent(exc)):
                    raise self._connection_error(exc, request) from exc
                wait = self._retry_delay(attempt, None)
                self._log_retry(request, attempt, retries, wait, type(exc).__name__)
            else:
                self._log_response(request, response)
                if response.is_success:
                    return self._finish(response, cast_to, raw)
                if response.status_code == 401 and token is not None and not renewed:
                    # The server dropped the token before its expiry: fetch one, once.
                    renewed = True
                    response.close()
                    token.invalidate()
                    ensure_token(token, self._http, self.base_url, self._errors)
                    request, retries, raw = self._build(
                        method,
                        path,
                        query,
                        headers,
                        json,
                        content,
                        data,
                        files,
                        options,
                        auth,
                    )
                    replayable = self._replayable(request, options)
                    continue
                if attempt >= retries or not self._should_retry(response, replayable):
                    raise _make_status_error(response, self._errors)
                wait = self._retry_delay(attempt, response)
                self._log_retry(
                    request, attempt, retries, wait, f"HTTP {response.status_code}"
                )
                response.close()
            time.sleep(wait)
            attempt += 1

    def request_page(
        self,
        method: str,
        path: str,
        *,
        item_type: Any,
        scheme: PageScheme,
        **kwargs: Any,
    ) -> SyncPage[Any]:
        """Send a paginated request (``request()`` keywords); return its first page.

        Iterating the page yields ``item_type`` items across all pages (see _pagination).
        """
        return sync_page(self.request, method, path, item_type, scheme, kwargs)

    def close(self) -> None:
        """Close the underlying httpx client if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Base class of generated async clients: owns (or borrows) an ``httpx.AsyncClient``.

    Lifecycle: as ``SyncAPIClient``, with ``async with AsyncClient() as client:`` or
    ``await client.close()`` (``aclose()`` is the same). Close it on the event loop that used
    it: its connections belong to that loop.
    """

    _http_class = httpx.AsyncClient
    _is_async = True

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> _T: ...
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any: ...
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any:
        """Async twin of ``SyncAPIClient.request`` (sleeps with ``asyncio.sleep``)."""
        if options and not _OPTION_NAMES.issuperset(options):
            raise _unexpected_keyword(options, sys._getframe(1))
        token = self._token_auth(auth)
        if token is not None:
            await aensure_token(token, self._http, self.base_url, self._errors)
        renewed = False
        request, retries, raw = self._build(
            method, path, query, headers, json, content, data, files, options, auth
        )
        send = self._send_options(auth, follow_redirects)
        replayable = self._replayable(request, options)
        if raw and is_stream(options):
            streamed = await asend_stream(
                self, request, send, retries, replayable, options
            )
            return AsyncStreamedResponse[Any](streamed, cast_to, self.strict)
        attempt = 0
        while True:
            try:
                response = await self._http.send(request, **send)
            except httpx.TransportError as exc:
                if attempt >= retries or not (replayable or surely_not_sent(exc)):
                    raise self._connection_error(exc, request) from exc
                wait = self._retry_delay(attempt, None)
                self._log_retry(request, attempt, retries, wait, type(exc).__name__)
            else:
                self._log_response(request, response)
                if response.is_success:
                    return self._finish(response, cast_to, raw)
                if response.status_code == 401 and token is not None and not renewed:
                    # The server dropped the token before its expiry: fetch one, once.
                    renewed = True
                    await response.aclose()
                    token.invalidate()
                    await aensure_token(token, self._http, self.base_url, self._errors)
                    request, retries, raw = self._build(
                        method,
                        path,
                        query,
                        headers,
                        json,
                        content,
                        data,
                        files,
                        options,
                        auth,
                    )
                    replayable = self._replayable(request, options)
                    continue
                if attempt >= retries or not self._should_retry(response, replayable):
                    raise _make_status_error(response, self._errors)
                wait = self._retry_delay(attempt, response)
                self._log_retry(
                    request, attempt, retries, wait, f"HTTP {response.status_code}"
                )
                await response.aclose()
            # Imported here: sync-only users should not pay asyncio's import time.
            import asyncio

            await asyncio.sleep(wait)
            attempt += 1

    def request_page(
        self,
        method: str,
        path: str,
        *,
        item_type: Any,
        scheme: PageScheme,
        **kwargs: Any,
    ) -> AsyncPaginator[Any]:
        """Async twin of ``SyncAPIClient.request_page``: await it for the first page, or
        ``async for`` over it for every item."""
        return async_page(self.request, method, path, item_type, scheme, kwargs)

    async def aclose(self) -> None:
        """Close the underlying httpx client if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:
        """Alias of ``aclose()``, so that sync and async code read alike."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class SyncAPIResource:
    """Base of generated sync resources (one per Postman folder)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of generated async resources (one per Postman folder)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
