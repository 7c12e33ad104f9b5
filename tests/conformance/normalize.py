"""A recorded request reduced to what a server acts on, part by part.

- path: the segments, each percent-decoded (a server splits on `/` before decoding, so `%2F` stays
  inside its segment and `a%20b` equals `a b`);
- query: decoded `(key, value)` pairs, `+` read as a space as servers do; `value` None for a key
  sent without `=` (`?flag`), which is not the same as `?flag=`;
- headers: `(lower-case name, value)` pairs, minus each runtime's own choices (User-Agent,
  Accept-Encoding, Connection, Postman-Token, Content-Length, Cache-Control, Host), framing
  (Transfer-Encoding: like Content-Length, it only says how the same bytes travel) and the marker;
  Content-Type is a part of its own, without the multipart boundary;
- body: JSON (parsed), urlencoded pairs, multipart parts, or bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, unquote_plus

from tests.conformance.recorder import Recorded

__all__ = ["IGNORED_HEADERS", "Body", "Normal", "Part", "normalize", "query_pairs"]

IGNORED_HEADERS = frozenset(
    {
        "user-agent",
        "accept-encoding",
        "connection",
        "postman-token",
        "content-length",
        "cache-control",
        "host",
        "transfer-encoding",
    }
)
_BOUNDARY = re.compile(r';\s*boundary=("[^"]*"|[^;]*)', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Part:
    """One multipart part."""

    name: str | None
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass(frozen=True, slots=True)
class Body:
    """A body in the form it is compared in: `kind` is empty, json, form, multipart or bytes."""

    kind: str
    value: Any


@dataclass(frozen=True, slots=True)
class Normal:
    """A request reduced to its compared parts."""

    method: str
    path: tuple[str, ...]
    query: tuple[tuple[str, str | None], ...]
    content_type: str | None
    headers: tuple[tuple[str, str], ...]
    body: Body


def query_pairs(query: str) -> tuple[tuple[str, str | None], ...]:
    """`a=1&flag&b=x+y` -> (("a", "1"), ("flag", None), ("b", "x y"))."""
    pairs: list[tuple[str, str | None]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        key, sep, value = piece.partition("=")
        pairs.append((unquote_plus(key), unquote_plus(value) if sep else None))
    return tuple(pairs)


def _content_type(value: str | None) -> str | None:
    return None if value is None else _BOUNDARY.sub("", value).strip()


def _boundary(value: str | None) -> str | None:
    match = _BOUNDARY.search(value or "")
    return match.group(1).strip().strip('"') if match else None


def _disposition(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for match in re.finditer(
        r';\s*([A-Za-z*]+)="((?:\\.|[^"\\])*)"|;\s*([A-Za-z*]+)=([^;]*)', value
    ):
        key = (match.group(1) or match.group(3)).lower()
        params[key] = match.group(2) if match.group(1) else match.group(4).strip()
    return params


def _multipart(body: bytes, boundary: str) -> tuple[Part, ...] | None:
    delimiter = b"--" + boundary.encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        return None
    parts: list[Part] = []
    for chunk in chunks[1:-1]:
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, _, content = chunk.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                headers[key.strip().lower()] = value.strip()
        disposition = _disposition(headers.get("content-disposition", ""))
        parts.append(
            Part(
                disposition.get("name"),
                disposition.get("filename"),
                headers.get("content-type"),
                content,
            )
        )
    return tuple(parts)


def _body(raw: bytes, content_type: str | None, boundary: str | None) -> Body:
    if not raw:
        return Body("empty", None)
    media = (content_type or "").split(";")[0].strip().lower()
    if media.startswith("multipart/") and boundary:
        parts = _multipart(raw, boundary)
        if parts is not None:
            return Body("multipart", parts)
    if media == "application/x-www-form-urlencoded":
        return Body("form", query_pairs(raw.decode("utf-8", "replace")))
    try:
        return Body("json", json.loads(raw.decode("utf-8")))
    except ValueError:
        return Body("bytes", raw)


def normalize(request: Recorded, marker: str) -> Normal:
    """The compared parts of one recorded request."""
    target = request.target
    path, _, query = target.partition("?")
    content_type = request.header("content-type")
    dropped = IGNORED_HEADERS | {"content-type", marker.lower()}
    headers = tuple(
        (key.lower(), value.strip())
        for key, value in request.headers
        if key.lower() not in dropped
    )
    return Normal(
        method=request.method,
        path=tuple(
            unquote(segment, errors="surrogateescape") for segment in path.split("/")
        ),
        query=query_pairs(query),
        content_type=_content_type(content_type),
        headers=headers,
        body=_body(request.body, content_type, _boundary(content_type)),
    )
