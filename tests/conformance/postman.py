"""The little of Postman's own semantics the referee needs, written apart from postgen's parser.

A referee that read the collection with the generator's own code would agree with the generator's
mistakes, so URLs, variables and item walking are re-read here from the format's rules
(shared/POSTMAN-FORMAT.md §2, §4, §5): variables resolve inside out for up to 19 rounds, an
unknown `{{name}}` stays as text, URL components win over `raw`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "TOKEN",
    "Entry",
    "RequestItem",
    "UrlView",
    "as_list",
    "as_mapping",
    "dynamic_value",
    "resolve",
    "url_view",
    "variables_of",
    "walk_requests",
]

TOKEN = re.compile(r"\{\{([^{}]*?)\}\}")
_ROUNDS = 19


def as_mapping(value: Any) -> dict[str, Any]:
    """The value if it is a JSON object, else an empty one (collections are untrusted)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """The value if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


@dataclass(frozen=True, slots=True)
class RequestItem:
    """A request item of the collection: its JSON path, its label, and the item itself."""

    where: str
    label: str
    item: dict[str, Any]
    folders: tuple[dict[str, Any], ...]


def walk_requests(
    node: dict[str, Any],
    where: str = "",
    names: tuple[str, ...] = (),
    folders: tuple[dict[str, Any], ...] = (),
) -> Iterator[RequestItem]:
    """Every request item, depth first in document order (a truthy `item` list is a folder)."""
    items = node.get("item")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        here = f"{where}item[{index}]"
        name = str(item.get("name") or item.get("id") or "")
        if isinstance(item.get("item"), list):
            yield from walk_requests(item, f"{here}.", (*names, name), (*folders, item))
        else:
            yield RequestItem(here, " / ".join((*names, name)), item, folders)


def variables_of(
    collection: Mapping[str, Any],
    environment: Mapping[str, str] | None = None,
    *,
    ids: bool = False,
) -> dict[str, str]:
    """Enabled collection variables, environment values winning.

    newman 6.2.2 names a collection variable by its `key` only: an old file's `{"id": "baseUrl"}`
    entry resolves nothing (checked against newman itself), so `ids` is off by default.
    """
    values: dict[str, str] = {}
    raw = collection.get("variable")
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict) or entry.get("disabled") is True:
            continue
        name = entry.get("key") or (entry.get("id") if ids else None)
        if isinstance(name, str) and name:
            values[name] = as_text(entry.get("value"))
    values.update(environment or {})
    return values


def as_text(value: Any) -> str:
    """A variable value as Postman renders it: null -> "null", booleans in lower case."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def dynamic_value(name: str) -> str | None:
    """A fresh value for the dynamic variables whose shape the comparator knows; else None."""
    now = datetime.now(UTC)
    if name in ("$guid", "$randomUUID"):
        return str(uuid.uuid4())
    if name == "$timestamp":
        return str(int(now.timestamp()))
    if name == "$isoTimestamp":
        return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    if name == "$randomInt":
        return str(uuid.uuid4().int % 1001)
    return None


def resolve(text: str, values: Mapping[str, str], *, dynamic: bool = True) -> str:
    """Substitute `{{name}}` tokens as newman does; dynamic `$` names get fresh values (or stay,
    without `dynamic`)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        if dynamic and name.startswith("$"):
            generated = dynamic_value(name)
            if generated is not None:
                return generated
        return match.group(0)

    for _ in range(_ROUNDS):
        replaced = TOKEN.sub(one, text)
        if replaced == text:
            break
        text = replaced
    return text


@dataclass(frozen=True, slots=True)
class Entry:
    """A query, header, form or url-variable entry: `value` None means no `=` (`?flag`)."""

    key: str
    value: str | None
    disabled: bool = False
    kind: str = "text"
    src: Any = None


@dataclass(slots=True)
class UrlView:
    """A request URL as newman builds it, before variables are substituted."""

    origin: str = ""
    path: list[str] = field(default_factory=list)
    query: list[Entry] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    from_components: bool = False


def _mask(text: str) -> tuple[str, list[str]]:
    tokens: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tokens.append(match.group(0))
        return f"\x00{len(tokens) - 1}\x00"

    return TOKEN.sub(hide, text), tokens


def _unmask(text: str, tokens: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: tokens[int(m.group(1))], text)


def _raw_view(raw: str) -> UrlView:
    """postman-url-encoder's order: hash, query, backslashes, protocol, path, host."""
    masked, tokens = _mask(raw.lstrip())
    masked = masked.split("#", 1)[0]
    view = UrlView()
    if "?" in masked:
        masked, query = masked.split("?", 1)
        for part in query.split("&"):
            if part:
                key, sep, value = part.partition("=")
                view.query.append(
                    Entry(_unmask(key, tokens), _unmask(value, tokens) if sep else None)
                )
    masked = masked.replace("\\", "/")
    protocol = ""
    if "://" in masked:
        protocol, masked = masked.split("://", 1)
        masked = masked.lstrip("/")
    host, slash, path = masked.partition("/")
    view.origin = _unmask(f"{protocol}://{host}" if protocol else host, tokens)
    view.path = [_unmask(s, tokens) for s in path.split("/")] if slash else []
    return view


def _query_entries(raw: list[Any]) -> list[Entry]:
    entries = []
    for entry in raw:
        if isinstance(entry, dict) and entry.get("key") not in (None, ""):
            value = entry.get("value")
            entries.append(
                Entry(
                    str(entry["key"]),
                    None if value is None else str(value),
                    entry.get("disabled") is True,
                )
            )
    return entries


def _segment(segment: Any) -> str:
    if isinstance(segment, dict):
        return str(segment.get("value") or "")
    return "" if segment is None else str(segment)


def url_view(url: Any) -> UrlView:
    """A request's `url`, string or object form (components win over `raw`)."""
    if isinstance(url, str):
        return _raw_view(url)
    if not isinstance(url, dict):
        return UrlView()
    if url.get("host") is None and url.get("path") is None:
        view = _raw_view(str(url.get("raw") or ""))
    else:
        view = UrlView(from_components=True)
        host = url.get("host")
        host_text = (
            ".".join(map(str, host)) if isinstance(host, list) else str(host or "")
        )
        protocol, port = url.get("protocol"), url.get("port")
        view.origin = f"{protocol}://{host_text}" if protocol else host_text
        if port not in (None, ""):
            view.origin += f":{port}"
        path = url.get("path")
        if isinstance(path, str):
            view.path = path.removeprefix("/").split("/")
        elif isinstance(path, list):
            view.path = [_segment(p) for p in path]
    if isinstance(url.get("query"), list):
        view.query = _query_entries(url["query"])
    for entry in as_list(url.get("variable")):
        if isinstance(entry, dict):
            name = entry.get("key") or entry.get("id")
            if isinstance(name, str) and name:
                value = entry.get("value")
                view.variables[name] = "" if value is None else str(value)
    return view
