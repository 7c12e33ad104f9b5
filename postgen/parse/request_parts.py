"""A request's path segments, query entries and headers, read into arguments and wire entries.

Every value keeps Postman's meaning: an enabled literal is sent (it is the argument's default), a
disabled one is an optional argument that sends nothing by default, `{{var}}` tokens follow the
variable rule (`postgen.parse.values`), and a placeholder such as `<string>` is an argument the
caller supplies. Literal values that look like secrets become settings never written out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from postgen.ir import PathPart, WireEntry
from postgen.parse.access import string_at
from postgen.parse.params import ParamBuilder, WireValue
from postgen.parse.url import RawUrl, text_of
from postgen.parse.values import is_placeholder, template_parts
from postgen.parse.variables import TOKEN, is_secret_name, is_secret_value, substitute

__all__ = ["header_values", "read_headers", "read_path", "read_query"]

# Headers whose value only the transport can know; copying them from an export breaks requests.
_SKIPPED_HEADERS = {"content-length", "postman-token"}


def read_path(builder: ParamBuilder, url: RawUrl, where: str) -> list[PathPart]:
    """The path as parts; `:name` segments are required arguments (their `url.variable` value
    is the example of this one request, not a value for every call)."""
    parts: list[PathPart] = []
    descriptions = {name: text for name, (_value, text) in url.variables.items()}
    for segment in url.path:
        if segment in (".", ".."):
            builder.context.diagnostics.warn(
                where,
                f"the path segment {segment!r} is resolved away by the HTTP client (httpx "
                "normalises dot segments); Postman sends it as written",
                "url",
            )
        parts.append(PathPart("/"))
        if segment.startswith(":") and len(segment) > 1:
            # `:id.json` is the variable `id` followed by the literal `.json`.
            name, dot, suffix = segment[1:].partition(".")
            value, description = url.variables.get(name, ("", ""))
            if "{{" in value:  # `:id` = `{{user_id}}`: the variable rule decides
                own = {token.strip(): description for token in TOKEN.findall(value)}
                parts.extend(
                    template_parts(
                        builder, value, where, "path", "", descriptions | own
                    )
                )
            else:
                param = builder.param(
                    name,
                    "path",
                    required=True,
                    default=None,
                    description=description,
                    example="" if is_placeholder(value) else value,
                )
                parts.append(PathPart("", param=param))
            if dot:
                parts.extend(
                    template_parts(
                        builder, "." + suffix, where, "path", "", descriptions
                    )
                )
        else:
            parts.extend(
                template_parts(builder, segment, where, "path", "", descriptions)
            )
    return parts


def _decoded(text: str) -> str:
    """A query key or value as written in a URL (`a%20b`, `id_token+code`), decoded as the
    server will read it: the client encodes what it sends, so a default must not be encoded
    twice. `{{tokens}}` are kept as they are."""
    if "%" not in text and "+" not in text:
        return text
    return "".join(
        piece if is_token else unquote_plus(piece)
        for piece, is_token in _token_pieces(text)
    )


def _token_pieces(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in TOKEN.finditer(text):
        pieces.append((text[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    pieces.append((text[position:], False))
    return pieces


def _static_key(builder: ParamBuilder, key: str, where: str) -> str:
    """A query key is part of the API, not of the call: its `{{variables}}` are filled in
    from the collection when the client is built (Postman fills them when it sends)."""
    if "{{" not in key:
        return key
    values = builder.context.settings.variables.values
    resolved = substitute(key, values)
    if "{{" in resolved:
        builder.context.diagnostics.warn(
            f"{where}.url.query",
            f"the query key {key!r} holds a variable without a value: sent as written",
            "variables",
        )
    return resolved


def read_query(builder: ParamBuilder, url: RawUrl, where: str) -> list[WireEntry]:
    """The query pairs, in collection order."""
    items = [
        WireValue(
            _decoded(_static_key(builder, entry.key, where)),
            None if entry.value is None else _decoded(entry.value),
            entry.disabled,
            entry.description,
        )
        for entry in url.query
    ]
    entries = builder.entries(
        "query", [i for i in items if i.key], f"{where}.url.query", "query"
    )
    # A pair without a key (`?=x`) is no argument anyone could name: sent as Postman sends it.
    blank = [
        WireEntry("", parts=(PathPart(i.value or ""),))
        for i in items
        if not i.key and not i.disabled and i.value is not None
    ]
    return entries + blank


def header_values(request: dict[str, Any]) -> list[WireValue]:
    """A request's headers in either form: a list of objects, or `Key: value` lines."""
    raw = request.get("header")
    entries: list[WireValue] = []
    if isinstance(raw, str):
        for line in raw.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                entries.append(WireValue(key.strip(), value.strip(), False, ""))
    elif isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, dict) and string_at(entry, "key"):
                raw_value = entry.get("value")
                entries.append(
                    WireValue(
                        entry["key"],
                        "" if raw_value is None else str(raw_value),
                        entry.get("disabled") is True,
                        text_of(entry.get("description")),
                    )
                )
    return entries


def read_headers(
    builder: ParamBuilder, request: dict[str, Any], where: str
) -> tuple[list[WireEntry], WireValue | None]:
    """The headers, in collection order, and the enabled `Content-Type` (the body decides
    whether it is sent as a header of its own).

    An enabled literal header is always sent (callers change it with `extra_headers`): making
    `Accept: application/vnd.github+json` an argument of every method would only add noise.
    """
    where = f"{where}.header"
    entries: list[WireEntry] = []
    content_type: WireValue | None = None
    items = header_values(request)
    enabled = {item.key.lower() for item in items if not item.disabled}
    optional: set[str] = set()
    for item in items:
        lower = item.key.lower()
        value = item.value or ""
        if lower in _SKIPPED_HEADERS:
            continue
        if item.disabled and (lower in enabled or lower in optional):
            # Another value of a header that is sent anyway, or a second alternative of the
            # same optional header (PayPal lists three `Prefer` values): one argument is enough.
            continue
        if item.disabled:
            optional.add(lower)
        if item.disabled or is_placeholder(value):
            entries.append(builder.entry("header", item, where, "header"))
        elif lower == "content-type":
            content_type = item
        elif "{{" in value:
            parts = template_parts(builder, value, where, "header", whole_name=item.key)
            entries.append(WireEntry(item.key, parts=tuple(parts)))
        elif value and (
            is_secret_name(item.key)
            or lower == "authorization"
            or is_secret_value(value)
        ):
            entries.append(builder.secret_literal(item.key, where, value))
        else:
            entries.append(WireEntry(item.key, parts=(PathPart(value),)))
    return entries, content_type
