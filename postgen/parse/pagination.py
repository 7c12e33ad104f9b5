"""Which pagination scheme a request uses, from its query parameters and saved examples.

A pure function of one request item (`detect_pagination`); the `Pagination` it returns (item type
still `Any`: `page_items` fills it) mirrors the runtime's `PageScheme`. Evidence, strongest first:

1. a `Link` header in a saved response (RFC 8288; GitHub): `link_header`;
2. a next-page URL in a response body (`links.next`, `next`, `@odata.nextLink`, `paging.next`):
   `next_url`;
3. a cursor parameter (`cursor`, `next_token`, `pagination_token`, `page_token`, `marker`,
   `starting_after`...) with the field that feeds it in the response (`next_cursor`,
   `meta.next_token`, `next_marker`, or the last item's `id` with `has_more`): `cursor`;
4. `offset` (or `$skip`) with `limit` (or `$top`, `count`): `offset`;
5. `page` (or `page[number]`) with or without a size (`per_page`, `page_size`, `limit`): `page`.

Nothing is guessed: a request whose evidence conflicts, whose items cannot be located in the
example body, or whose cursor has no source gets no scheme and a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Literal

from postgen.diagnostics import Diagnostics
from postgen.ir_pagination import Pagination
from postgen.parse.access import string_at
from postgen.parse.examples import success_responses
from postgen.parse.url import parse_url

__all__ = ["detect_pagination"]


_PAGE = ("page", "page[number]", "pagenumber", "page_number")
_SIZE = (
    "per_page",
    "page_size",
    "pagesize",
    "page[size]",
    "limit",
    "size",
    "count",
    "$top",
)
_OFFSET = ("offset", "$skip", "skip", "start")
# Cursor parameter -> the response fields that may feed it, most specific first.
_CURSOR_FIELDS = (
    "next_cursor",
    "nextCursor",
    "next_token",
    "next_page_token",
    "nextPageToken",
    "next_marker",
    "nextMarker",
    "next_page",
    "cursor",
)
_CURSOR = (
    "cursor",
    "next_token",
    "pagination_token",
    "page_token",
    "pagetoken",
    "marker",
    "after",
    "continuation_token",
)
_LAST_ITEM = ("starting_after",)
_NEXT_URLS = (
    ("@odata.nextLink",),
    ("links", "next"),
    ("_links", "next", "href"),
    ("paging", "next"),
    ("next",),
)
_HAS_MORE = (("has_more",), ("hasMore",), ("meta", "has_more"))
_ITEM_KEYS = ("data", "items", "results", "entries", "value", "records", "elements")


def _bodies(item: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Any]]:
    """(saved response, parsed JSON body) for each 2xx example whose body is JSON."""
    for response in success_responses(item):
        try:
            body = json.loads(string_at(response, "body"))
        except ValueError:
            body = None
        yield response, body


def _at(body: Any, path: tuple[str, ...]) -> Any:
    node = body
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _find(body: Any, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """Path of the first of `names` at the top level or one object below it."""
    if not isinstance(body, dict):
        return None
    for name in names:
        if name in body:
            return (name,)
    for key, value in body.items():
        if isinstance(value, dict):
            for name in names:
                if name in value:
                    return (key, name)
    return None


def _items(bodies: list[Any]) -> tuple[str, ...] | str | None:
    """Path to the item list; None when no example shows one; a reason when ambiguous."""
    for body in bodies:
        if isinstance(body, list):
            return ()
        if not isinstance(body, dict):
            continue
        lists = [k for k, v in body.items() if isinstance(v, list)]
        if len(lists) == 1:
            return (lists[0],)
        preferred = [k for k in _ITEM_KEYS if k in lists]
        if preferred:
            return (preferred[0],)
        if lists:
            return f"several lists in the response ({', '.join(lists)})"
    return None


def _params(
    item: dict[str, Any], where: str
) -> tuple[dict[str, str], dict[str, str], Literal["query", "body"]]:
    """Lower-cased name -> wire name of the paging candidates, their descriptions, and where
    they go: the query (disabled parameters too: Postman often ships them disabled), or the
    top level of a JSON body when the query has none (Plaid posts `count`/`offset`)."""
    request = item["request"]
    url = parse_url(request.get("url"), f"{where}.request.url", Diagnostics())
    query = {entry.key.lower(): entry.key for entry in url.query if entry.key}
    notes = {entry.key.lower(): entry.description for entry in url.query if entry.key}
    if any(name in query for name in _PAGE + _OFFSET + _CURSOR + _LAST_ITEM):
        return query, notes, "query"
    body = request.get("body")
    if string_at(body, "mode") == "raw" and request.get("method") in ("POST", "PUT"):
        try:
            data = json.loads(string_at(body, "raw"))
        except ValueError:
            data = None
        if isinstance(data, dict):
            return {str(k).lower(): str(k) for k in data}, {}, "body"
    return query, notes, "query"


def _pick(params: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in params:
            return params[name]
    return None


def _named_cursor_field(notes: dict[str, str], param: str) -> tuple[str, ...] | None:
    """A response field the parameter's description names as its cursor ("Use the next_page
    value returned in a previous response")."""
    text = notes.get(param.lower(), "")
    if "cursor" not in text.lower():
        return None
    match = re.search(r"\b(next_[a-z_]+)\b", text)
    return (match.group(1),) if match else None


def _names_last_id(notes: dict[str, str], param: str) -> bool:
    """The parameter's description says it takes the last object's ID (Stripe's wording)."""
    text = notes.get(param.lower(), "").lower()
    return "object id" in text or ("id" in text.split() and "next page" in text)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith(("http://", "https://", "/")))


def _has_link_header(responses: list[dict[str, Any]]) -> bool:
    for response in responses:
        headers = response.get("header")
        for header in headers if isinstance(headers, list) else []:
            if isinstance(header, dict) and string_at(header, "key").lower() == "link":
                return True
    return False


def detect_pagination(
    item: dict[str, Any], where: str, diagnostics: Diagnostics
) -> Pagination | None:
    """The request's pagination scheme, or None (with a warning when evidence is ambiguous)."""
    params, notes, location = _params(item, where)
    examples = list(_bodies(item))
    bodies = [body for _, body in examples]
    size = _pick(params, _SIZE)
    page = _pick(params, _PAGE)
    offset = _pick(params, _OFFSET)
    cursor = _pick(params, _CURSOR)
    last_item = _pick(params, _LAST_ITEM)
    has_more = next(
        (p for b in bodies for p in _HAS_MORE if _at(b, p) is not None), None
    )
    candidates: list[Pagination] = []
    if _has_link_header([r for r, _ in examples]) and (page or size):
        candidates.append(Pagination("link_header", param=page, size_param=size))
    next_url = next((p for b in bodies for p in _NEXT_URLS if _is_url(_at(b, p))), None)
    if next_url is not None:
        candidates.append(Pagination("next_url", size_param=size, next=next_url))
    fields = next((f for b in bodies if (f := _find(b, _CURSOR_FIELDS))), None)
    named = _named_cursor_field(notes, page) if page is not None else None
    if named is not None and fields is None:
        fields = named  # Stripe search: `page` is a cursor fed by the `next_page` field
    name = cursor or (page if fields and fields[-1] == "next_page" else None)
    if name is None and fields is not None and fields[-1].startswith("next_"):
        # Only the response shows the cursor (Plaid's next_cursor, Box's next_marker): the
        # request sends it back without the prefix.
        name = fields[-1].removeprefix("next_")
        diagnostics.warn(
            f"{where}.response",
            f"the cursor parameter is inferred from the response field {fields[-1]!r}: "
            f"sent back as {name!r}",
            "pagination",
        )
    if name is not None and fields is not None:
        candidates.append(
            Pagination(
                "cursor", param=name, size_param=size, next=fields, has_more=has_more
            )
        )
    if last_item is not None and (
        has_more is not None or _names_last_id(notes, last_item)
    ):
        candidates.append(
            Pagination(
                "cursor",
                param=last_item,
                size_param=size,
                has_more=has_more,
                cursor_from_last_item=True,
            )
        )
    if offset is not None and size is not None:
        candidates.append(Pagination("offset", param=offset, size_param=size))
    if page is not None and name != page:
        candidates.append(Pagination("page", param=page, size_param=size))
    if not candidates:
        if cursor is not None or last_item is not None:
            diagnostics.warn(
                f"{where}.request.url",
                f"the cursor parameter {cursor or last_item!r} has no source in the saved "
                "responses: the method is not paginated",
                "pagination",
            )
        return None
    chosen = candidates[0]
    # A Link header or next URL carries the page/offset/cursor values itself: no conflict.
    # A cursor and an offset side by side (Box's marker vs offset) are two schemes.
    conflicting = sorted(
        {c.kind for c in candidates if c.kind in ("cursor", "offset")} - {chosen.kind}
    )
    if chosen.kind in ("link_header", "next_url"):
        conflicting = []
    if chosen.kind == "next_url" or chosen.kind == "link_header":
        location = "query"
    items = _items(bodies)
    if isinstance(items, str):
        reason = items
        diagnostics.warn(
            f"{where}.response",
            f"looks paginated ({chosen.kind}) but {reason}: the method is not paginated",
            "pagination",
        )
        return None
    if conflicting:
        diagnostics.warn(
            f"{where}.request.url",
            f"pagination evidence disagrees ({chosen.kind} and {', '.join(conflicting)}): "
            f"the method uses {chosen.kind}",
            "pagination",
        )
    return Pagination(
        chosen.kind,
        param=chosen.param,
        size_param=chosen.size_param,
        items=items,
        next=chosen.next,
        has_more=chosen.has_more,
        cursor_from_last_item=chosen.cursor_from_last_item,
        location=location,
    )
