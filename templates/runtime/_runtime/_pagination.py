"""Pagination: page objects that iterate items across pages, for every scheme postgen detects.

A ``PageScheme`` (generated from the collection's evidence) says how the next page is asked for:

- ``page``: a page number query parameter (``page``, with ``per_page``/``page_size``/``limit``);
- ``offset``: an ``offset`` parameter advanced by the number of items received;
- ``cursor``: a token from the body (``next_cursor``, ``meta.next_token``...) sent back as a
  parameter; with ``cursor_from_last_item`` the last item's ``id`` is the cursor (Stripe's
  ``starting_after`` + ``has_more``);
- ``next_url``: a URL in the body (``links.next``, ``next``, ``@odata.nextLink``);
- ``link_header``: an RFC 8288 ``Link: <...>; rel="next"`` response header.

Iteration stops at an empty page, a page shorter than the requested size, ``has_more: false``,
or a missing next cursor/URL. A next URL on another origin than the request's is refused:
the client would send its credentials there.
"""

from __future__ import annotations

import json as jsonlib
import re
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import httpx

from ._exceptions import APIError
from ._lenient import _tolerant

_T = TypeVar("_T")

PageKind = Literal["page", "offset", "cursor", "next_url", "link_header"]
_LINK_NEXT = re.compile(r"<([^>]*)>\s*;[^,]*?\brel\s*=\s*\"?(?:[^\",]*\s)?next\b", re.I)


@dataclass(frozen=True)
class PageScheme:
    """How one paginated request finds its items and its next page.

    ``param`` is the query parameter that moves on (page number, offset or cursor);
    ``size_param`` the page-size parameter, if any; ``items`` the path to the item list in the
    body (empty: the body is the list; None: found in each response, see ``_find_items``);
    ``next`` the path to the next cursor or URL;
    ``has_more`` the path to a boolean that says whether more pages exist.
    """

    kind: PageKind
    param: str | None = None
    size_param: str | None = None
    items: tuple[str, ...] | None = ()
    next: tuple[str, ...] | None = None
    has_more: tuple[str, ...] | None = None
    first_page: int = 1
    cursor_from_last_item: bool = False
    #: Where ``param`` and ``size_param`` go: the query, or the top level of the JSON body
    #: (Plaid's ``/transactions/sync`` sends its ``cursor`` in the body).
    location: Literal["query", "body"] = "query"


def _at(body: object, path: tuple[str, ...]) -> object:
    node = body
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


_ITEM_KEYS = ("data", "items", "results", "entries", "value", "records", "elements")


def _find_items(body: object) -> object:
    """The item list of a body whose shape no saved example showed: the body itself when it is
    a list, else its only list field, else the first of the usual names (``data``...).
    """
    if isinstance(body, list) or not isinstance(body, Mapping):
        return body
    lists = [key for key, value in body.items() if isinstance(value, list)]
    if len(lists) == 1:
        return body[lists[0]]
    for key in _ITEM_KEYS:
        if key in lists:
            return body[key]
    return None


def _next_link(headers: httpx.Headers) -> str | None:
    for value in headers.get_list("link"):
        match = _LINK_NEXT.search(value)
        if match:
            return match.group(1).strip()
    return None


@dataclass(frozen=True)
class PageRequest:
    """What the next page is fetched with: new query values, or a whole URL."""

    query: Mapping[str, object] | None = None
    url: str | None = None


class _BasePage(Generic[_T]):
    """State shared by the sync and async pages: the items and where the next page is."""

    def __init__(
        self,
        response: httpx.Response,
        scheme: PageScheme,
        item_type: Any,
        query: Mapping[str, object],
    ) -> None:
        self.response = response
        self.scheme = scheme
        self._item_type = item_type
        self._query = dict(query)
        content = response.content
        try:
            self.body: object = jsonlib.loads(content) if content.strip() else None
        except ValueError:
            self.body = response.text
        if scheme.items is None:
            raw: object = _find_items(self.body)
        else:
            raw = _at(self.body, scheme.items) if scheme.items else self.body
        raw_items = raw if isinstance(raw, list) else []
        self._raw_items = raw_items
        #: The items of this page, parsed as the method's item type.
        self.data: list[_T] = _tolerant(list[item_type], raw_items)

    def next_page_request(self) -> PageRequest | None:
        """How to ask for the next page, or None on the last page."""
        scheme = self.scheme
        if scheme.has_more is not None and _at(self.body, scheme.has_more) is False:
            return None
        if scheme.kind == "link_header":
            return self._url(_next_link(self.response.headers))
        if scheme.kind == "next_url":
            found = _at(self.body, scheme.next or ())
            return self._url(found if isinstance(found, str) else None)
        if not self._raw_items:
            return None
        if scheme.kind == "cursor":
            cursor: object
            if scheme.cursor_from_last_item:
                last = self._raw_items[-1]
                cursor = last.get("id") if isinstance(last, Mapping) else None
            else:
                cursor = _at(self.body, scheme.next or ())
            if cursor is None or cursor == "" or scheme.param is None:
                return None
            return PageRequest(query={**self._query, scheme.param: cursor})
        if self._short_page() or scheme.param is None:
            return None
        current = self._query.get(scheme.param)
        if scheme.kind == "offset":
            start = _int(current, 0)
            return PageRequest(
                query={**self._query, scheme.param: start + len(self._raw_items)}
            )
        number = _int(current, scheme.first_page)
        return PageRequest(query={**self._query, scheme.param: number + 1})

    def has_next_page(self) -> bool:
        """Whether another page exists (from this page's own evidence: no request is made)."""
        return self.next_page_request() is not None

    def _short_page(self) -> bool:
        size = self._query.get(self.scheme.size_param or "")
        return size is not None and len(self._raw_items) < _int(size, 0)

    def _url(self, url: str | None) -> PageRequest | None:
        if not url:
            return None
        here = self.response.request.url
        target = here.join(url)
        if (target.scheme, target.host, target.port) != (
            here.scheme,
            here.host,
            here.port,
        ):
            raise APIError(
                f"the next page is on another origin ({target.scheme}://{target.host}): "
                "not followed, the client would send its credentials there",
                request=self.response.request,
            )
        return PageRequest(url=str(target))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{len(self.data)} items, {self.scheme.kind}]>"


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return default


#: Fetches a page: (query or None for "as first sent", absolute URL or None) -> response.
SyncFetch = Callable[[PageRequest | None], httpx.Response]
AsyncFetch = Callable[[PageRequest | None], Awaitable[httpx.Response]]


class SyncPage(_BasePage[_T]):
    """One page of a paginated call; iterating it yields the items of every page from here.

    ``for repo in client.repos.list_for_org(org="x")`` walks all pages; ``page.data`` is this
    page's items, ``page.iter_pages()`` yields pages, ``page.get_next_page()`` fetches one.
    """

    def __init__(
        self,
        response: httpx.Response,
        scheme: PageScheme,
        item_type: Any,
        query: Mapping[str, object],
        fetch: SyncFetch,
    ) -> None:
        super().__init__(response, scheme, item_type, query)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[_T]:
        """Fetch the next page; raises StopIteration-free ``APIError`` on the last one."""
        request = self.next_page_request()
        if request is None:
            raise APIError("no next page", request=self.response.request)
        query = request.query if request.query is not None else self._query
        return SyncPage(
            self._fetch(request), self.scheme, self._item_type, query, self._fetch
        )

    def iter_pages(self) -> Iterator[SyncPage[_T]]:
        """This page and every page after it, fetched as the iteration reaches them."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_BasePage[_T]):
    """Async twin of ``SyncPage``: ``async for item in page`` walks all pages."""

    def __init__(
        self,
        response: httpx.Response,
        scheme: PageScheme,
        item_type: Any,
        query: Mapping[str, object],
        fetch: AsyncFetch,
    ) -> None:
        super().__init__(response, scheme, item_type, query)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[_T]:
        """Fetch the next page; raises ``APIError`` on the last one."""
        request = self.next_page_request()
        if request is None:
            raise APIError("no next page", request=self.response.request)
        query = request.query if request.query is not None else self._query
        response = await self._fetch(request)
        return AsyncPage(response, self.scheme, self._item_type, query, self._fetch)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_T]]:
        """This page and every page after it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[_T]):
    """What an async paginated method returns: ``await`` it for the first page, or
    ``async for`` it for every item (no ``await`` needed), as in openai-python."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[_T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[_T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._first()
        async for item in page:
            yield item
