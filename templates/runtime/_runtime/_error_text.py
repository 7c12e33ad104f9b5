"""What an error response says, in one line: its code, message, per-field details, request id.

Vendors put the useful part of an error in their own places: PayPal in ``details[].issue`` and
``description``, GitHub in ``errors[]``, Wise in ``errors[].message``, Adyen in
``invalidFields``; the request id support asks for in a header (``x-request-id``,
``paypal-debug-id``, ...) or in the body (Box's ``request_id``). ``str(error)`` shows all of it,
bounded, so a log line is enough to act on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import httpx

#: Headers that carry the id a vendor gives each request, most common first.
REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-github-request-id",
    "paypal-debug-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-correlation-id",
    "correlation-id",
    "x-trace-id",
    "cf-ray",
)
_REQUEST_ID_KEYS = (
    "request_id",
    "requestId",
    "debug_id",
    "debugId",
    "correlation_id",
    "correlationId",
    "trace_id",
    "traceId",
)
# Lists of per-field problems, in the names vendors use.
_DETAIL_LISTS = (
    "details",
    "errors",
    "error_details",
    "invalidFields",
    "invalid_params",
    "field_errors",
    "fieldErrors",
    "validation_errors",
    "violations",
    "issues",
)
_WHERE_KEYS = (
    "field",
    "path",
    "param",
    "parameter",
    "pointer",
    "property",
    "attribute",
    "name",
)
_TEXT_KEYS = ("issue", "code", "message", "description", "detail", "reason", "title")
_MAX_DETAILS = 5
_MAX_DETAIL = 160
_MAX_MESSAGE = 240
_MAX_LINE = 700
_SPACE = re.compile(r"\s+")


def _clip(text: str, limit: int) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _entry_text(entry: object) -> str:
    if isinstance(entry, str):
        return entry
    if not isinstance(entry, Mapping):
        return ""
    where = next(
        (entry[k] for k in _WHERE_KEYS if isinstance(entry.get(k), str) and entry[k]),
        "",
    )
    resource = entry.get("resource")
    if isinstance(resource, str) and resource and where:
        where = f"{resource}.{where}"
    texts: list[str] = []
    for key in _TEXT_KEYS:
        value = entry.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip() and value not in texts:
            if value != where:
                texts.append(value)
    text = " - ".join(texts)
    return f"{where}: {text}" if where and text else where or text


def _find_details(body: object, message: str) -> tuple[str, ...]:
    """The body's per-field messages (first few), each on one short line; an entry that only
    repeats the error's message is left out."""
    containers: list[object] = [body]
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        containers.append(body["error"])
    found: list[str] = []
    for container in containers:
        lists = (
            [container]
            if isinstance(container, list)
            else (
                [container.get(k) for k in _DETAIL_LISTS]
                if isinstance(container, Mapping)
                else []
            )
        )
        for entries in lists:
            for entry in entries if isinstance(entries, list) else []:
                text = _clip(_entry_text(entry), _MAX_DETAIL)
                if text and text not in found and text != message:
                    found.append(text)
    return tuple(found[:_MAX_DETAILS])


def _request_id(headers: httpx.Headers, body: object) -> str | None:
    """The request id from the usual headers, else from the body's usual keys."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    containers = [body]
    if isinstance(body, Mapping):
        containers.append(body.get("error"))
    for container in containers:
        if isinstance(container, Mapping):
            for key in _REQUEST_ID_KEYS:
                value = container.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    if str(value).strip():
                        return str(value)
    return None


def _one_line(
    status: int,
    code: str | None,
    message: str,
    details: tuple[str, ...],
    request_id: str | None,
) -> str:
    """``422 NOT_UNIQUE: Validation failed (email: already taken) [request id 7f3a]``."""
    text = _clip(message, _MAX_MESSAGE)
    line = f"{status} {code}: {text}" if code else f"{status}: {text}"
    if details:
        line += " (" + "; ".join(details) + ")"
    if request_id:
        line += f" [request id {_clip(request_id, 80)}]"
    return _clip(line, _MAX_LINE)
