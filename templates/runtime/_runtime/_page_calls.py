"""How a paginated method is sent: its first page, and its raw and streamed forms.

A generated paginated method calls ``request_page``, which lands here. The plain call returns
the first page (``SyncPage``; async: an ``AsyncPaginator``). Through ``with_raw_response`` it
returns the first page's ``RawResponse``, whose ``parse()`` is that page; through
``with_streaming_response`` the first page's ``StreamedResponse``, whose ``parse()`` reads the
body and returns the page. Later pages are always fetched whole: they are asked for by
iterating the page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from ._pagination import (
    AsyncPage,
    AsyncPaginator,
    PageRequest,
    PageScheme,
    SyncPage,
)
from ._response import _RAW_MARKER, RawResponse, _with_raw_marker
from ._streaming import _STREAM, AsyncStreamedResponse, StreamedResponse


def _mode(kwargs: Mapping[str, Any]) -> str | None:
    """``"1"`` through ``with_raw_response``, ``"stream"`` through ``with_streaming_response``."""
    options = kwargs.get("options") or {}
    headers = options.get("extra_headers") or {}
    mode = headers.get(_RAW_MARKER)
    return mode if isinstance(mode, str) else None


def _page_call(
    path: str, kwargs: Mapping[str, Any], next_: PageRequest | None, location: str
) -> tuple[str, dict[str, Any]]:
    """The path and keywords of ``request()`` for a page (the first when ``next_`` is None)."""
    call = dict(kwargs)
    options = dict(call.get("options") or {})
    _with_raw_marker(options)  # the page needs the response itself (its Link header)
    call["options"] = options
    call["cast_to"] = Any
    if next_ is not None and next_.url is not None:
        call["query"] = None  # the next URL carries every parameter itself
        return next_.url, call
    if next_ is not None:
        call["json" if location == "body" else "query"] = next_.query
    return path, call


def _state(kwargs: Mapping[str, Any], location: str) -> dict[str, Any]:
    """The values the scheme advances: the call's query, or its JSON body object."""
    if location == "body":
        from ._request import _jsonable

        body = _jsonable(kwargs.get("json"))
        return dict(body) if isinstance(body, Mapping) else {}
    return dict(kwargs.get("query") or {})


class RawPage(RawResponse[SyncPage[Any]]):
    """The first page's raw response (``with_raw_response``); ``parse()`` is the page."""

    def __init__(self, page: SyncPage[Any] | AsyncPage[Any]) -> None:
        super().__init__(page.response, Any, False)
        self._parsed = page  # type: ignore[assignment]


class StreamedPage(StreamedResponse[SyncPage[Any]]):
    """The first page streamed (``with_streaming_response``); ``parse()`` reads it into the
    page, which fetches the pages after it as usual."""

    def __init__(
        self,
        streamed: StreamedResponse[Any],
        make: Callable[[httpx.Response], SyncPage[Any]],
    ) -> None:
        super().__init__(streamed.http_response, Any, False)
        self._make = make

    def parse(self) -> SyncPage[Any]:
        self.http_response.read()
        return self._make(self.http_response)


class AsyncStreamedPage(AsyncStreamedResponse[AsyncPage[Any]]):
    """Async twin of ``StreamedPage``."""

    def __init__(
        self,
        streamed: AsyncStreamedResponse[Any],
        make: Callable[[httpx.Response], AsyncPage[Any]],
    ) -> None:
        super().__init__(streamed.http_response, Any, False)
        self._make = make

    async def parse(self) -> AsyncPage[Any]:
        await self.http_response.aread()
        return self._make(self.http_response)


def sync_page(
    request: Callable[..., Any],
    method: str,
    path: str,
    item_type: Any,
    scheme: PageScheme,
    kwargs: Mapping[str, Any],
) -> SyncPage[Any]:
    """Fetch the first page through ``request`` (the client's, with retries and errors).

    Through the raw or streaming wrappers the result is a ``RawPage`` or ``StreamedPage``
    (those wrappers declare that type: the method's own annotation is the plain call's).
    """

    def fetch(next_: PageRequest | None) -> httpx.Response:
        target, call = _page_call(path, kwargs, next_, scheme.location)
        response: httpx.Response = request(method, target, **call).http_response
        return response

    query = _state(kwargs, scheme.location)

    def make(response: httpx.Response) -> SyncPage[Any]:
        return SyncPage(response, scheme, item_type, query, fetch)

    mode = _mode(kwargs)
    if mode == _STREAM:
        streamed = request(method, path, **{**kwargs, "cast_to": Any})
        return StreamedPage(streamed, make)  # type: ignore[return-value]
    page = make(fetch(None))
    return RawPage(page) if mode is not None else page  # type: ignore[return-value]


def async_page(
    request: Callable[..., Awaitable[Any]],
    method: str,
    path: str,
    item_type: Any,
    scheme: PageScheme,
    kwargs: Mapping[str, Any],
) -> AsyncPaginator[Any]:
    """Async twin of ``sync_page``: nothing is sent until the paginator is awaited or iterated.

    Awaited through the raw or streaming wrappers it gives a ``RawPage`` or an
    ``AsyncStreamedPage`` instead of the first page.
    """

    async def fetch(next_: PageRequest | None) -> httpx.Response:
        target, call = _page_call(path, kwargs, next_, scheme.location)
        response: httpx.Response = (await request(method, target, **call)).http_response
        return response

    query = _state(kwargs, scheme.location)

    def make(response: httpx.Response) -> AsyncPage[Any]:
        return AsyncPage(response, scheme, item_type, query, fetch)

    mode = _mode(kwargs)

    async def first() -> AsyncPage[Any]:
        if mode == _STREAM:
            streamed = await request(method, path, **{**kwargs, "cast_to": Any})
            return AsyncStreamedPage(streamed, make)  # type: ignore[return-value]
        page = make(await fetch(None))
        return RawPage(page) if mode is not None else page  # type: ignore[return-value]

    return AsyncPaginator(first)
