"""A request's parameters: path segments, query entries and headers, in one name space.

Every value keeps Postman's meaning: an enabled literal is sent (it is the argument's default), a
disabled one is an optional argument that sends nothing by default, `{{var}}` tokens follow the
variable rule (`postgen.parse.values`), and a placeholder such as `<string>` is an argument the
caller supplies. Literal values that look like secrets become settings never written out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from postgen.ir import Param, ParamLocation, PathPart, WireEntry
from postgen.naming import NameAllocator, PyIdent, snake
from postgen.parse.access import string_at
from postgen.parse.context import OperationContext
from postgen.parse.url import RawUrl, text_of
from postgen.parse.values import is_placeholder, template_parts
from postgen.parse.variables import TOKEN, is_secret_name, is_secret_value, substitute

__all__ = ["ParamBuilder", "WireValue", "read_headers", "read_path", "read_query"]

# Names the generated method body itself uses; a parameter may not shadow them. The keys of
# `RequestOptions` are taken too: `**options: Unpack[RequestOptions]` may not overlap them.
_RESERVED_PARAMS = (
    "self",
    "options",
    "body",
    "path_param",
    "require_setting",
    "pick",
    "dynamic_value",
    "json_body",
    "result",
    "str",
    "extra_headers",
    "extra_query",
    "extra_body",
    "timeout",
    "max_retries",
    "idempotency_key",
)
# A graphql request's own keyword arguments.
_GRAPHQL_PARAMS = ("query", "variables")
# Headers whose value only the transport can know; copying them from an export breaks requests.
_SKIPPED_HEADERS = {"content-length", "postman-token"}


@dataclass(frozen=True, slots=True)
class WireValue:
    """One query, header or form entry as the collection gives it."""

    key: str
    value: str | None
    disabled: bool
    description: str


class ParamBuilder:
    """Accumulates one operation's parameters in one name space."""

    def __init__(
        self, context: OperationContext, where: str, graphql: bool = False
    ) -> None:
        self.context = context
        self.where = where
        self.reserved = frozenset(
            _RESERVED_PARAMS + (_GRAPHQL_PARAMS if graphql else ())
        )
        self.names = NameAllocator(self.reserved)
        self.params: list[Param] = []
        self.by_key: dict[tuple[str, str], PyIdent] = {}

    def param(
        self,
        wire: str,
        location: ParamLocation,
        *,
        required: bool,
        default: str | tuple[str, ...] | None,
        description: str = "",
        example: str = "",
        key: tuple[str, str] | None = None,
        setting: PyIdent | None = None,
        dynamic: str | None = None,
        wanted: PyIdent | None = None,
        key_only: bool = False,
        type_hint: str = "",
        exact: PyIdent | None = None,
    ) -> PyIdent:
        """The argument for one wire value; the same `key` always gives the same argument."""
        key = key or (location, wire)
        if key in self.by_key:
            return self.by_key[key]
        if isinstance(default, str) and is_secret_value(default):
            # Postman sends it, but it reads as a credential: never written, the caller gives it.
            self.context.diagnostics.warn(
                self.where,
                f"the value of {wire!r} looks like a credential: not written to the output; "
                "it is a required argument",
                "secret",
            )
            default, example, required = None, "", True
        if is_secret_value(example):
            example = ""
        if (
            exact is not None
        ):  # a reserved name the caller hands over (a body's `body` key)
            py_name = exact
        else:
            py_name, _ = self.names.snake(wanted or snake(wire, fallback="param"))
        if is_secret_name(wire) or wire.lower() == "authorization":
            example = ""  # an example credential is still a credential
        if example == default:
            example = ""  # the signature shows the default already
        self.params.append(
            Param(
                wire,
                py_name,
                location,
                required,
                default,
                description,
                example,
                setting,
                dynamic,
                key_only,
                type_hint,
            )
        )
        self.by_key[key] = py_name
        return py_name

    def is_taken(self, name: str) -> bool:
        """Whether `name` is already an argument, or a name the method body uses itself."""
        return name in self.reserved or any(p.py_name == name for p in self.params)

    def entry(
        self, location: ParamLocation, item: WireValue, where: str, usage: str
    ) -> WireEntry:
        """One query pair, header or form field as a `WireEntry` (see the module docstring)."""
        value = item.value
        if not item.disabled and value is not None and "{{" in value:
            parts = template_parts(self, value, where, usage, whole_name=item.key)
            return WireEntry(item.key, parts=tuple(parts))
        if not item.disabled and value and is_secret_name(item.key):
            if location == "form":
                # A password or token in a form is the call's data (`old_password=`), not a
                # client credential: a required argument whose example is never written.
                return self._withheld(item.key, where)
            return self.secret_literal(item.key, where, value)
        placeholder = value is not None and is_placeholder(value)
        default = None if item.disabled or placeholder else value
        param = self.param(
            item.key,
            location,
            required=placeholder and not item.disabled,
            default=default,
            description=item.description,
            example=value or "",
            key_only=value is None and not item.disabled and location == "query",
        )
        return WireEntry(item.key, param=param)

    def _withheld(self, key: str, where: str) -> WireEntry:
        self.context.diagnostics.warn(
            where,
            f"the value of form field {key!r} looks like a secret: not written to the "
            "output; it is a required argument",
            "secret",
        )
        param = self.param(key, "form", required=True, default=None)
        return WireEntry(key, param=param)

    def secret_literal(self, key: str, where: str, value: str) -> WireEntry:
        """A literal credential (`X-Api-Key: sk_live_...`): sent from a required client
        setting, its value never written out."""
        setting = self.context.settings.for_literal(snake(key), where, value)
        self.context.diagnostics.warn(
            where,
            f"the value of {key!r} looks like a secret: not written to the output; the "
            f"client reads the `{setting.py_name}` setting",
            "secret",
        )
        return WireEntry(key, parts=(PathPart("", setting=setting.py_name),))

    def entries(
        self,
        location: ParamLocation,
        items: Sequence[WireValue],
        where: str,
        usage: str,
    ) -> list[WireEntry]:
        """`entry` for each item; a key repeated with plain values is one argument whose
        default repeats the key (`services[]=a&services[]=b`)."""
        # A disabled entry whose key is also sent enabled is an alternative value of it, not
        # an argument of its own (it would send the key twice).
        enabled = {item.key for item in items if not item.disabled}
        items = [i for i in items if not (i.disabled and i.key in enabled)]
        plain: dict[str, list[WireValue]] = {}
        for item in items:
            if item.value is None or "{{" not in item.value:
                plain.setdefault(item.key, []).append(item)
        result: list[WireEntry] = []
        seen: set[str] = set()
        for item in items:
            group = plain.get(item.key, [])
            if len(group) > 1 and item in group:
                if item.key in seen:
                    continue
                seen.add(item.key)
                result.append(self._repeated(location, group))
            else:
                result.append(self.entry(location, item, where, usage))
        return result

    def _repeated(
        self, location: ParamLocation, group: Sequence[WireValue]
    ) -> WireEntry:
        sent = tuple(i.value or "" for i in group if not i.disabled)
        param = self.param(
            group[0].key,
            location,
            required=False,
            default=sent or None,
            description=next((i.description for i in group if i.description), ""),
            example=", ".join(i.value or "" for i in group if i.disabled),
        )
        return WireEntry(group[0].key, param=param)


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
