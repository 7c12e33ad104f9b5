"""Postman URLs, in string or object form, split into origin, path segments and query.

The object form's components win over `raw` (the SDK ignores `raw`); a string, or an object with only
`raw`, is parsed the way postman-url-encoder does it, with `{{…}}` tokens masked first so that the
`/ ? # : @ .` inside variable names never split anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.parse.access import string_at
from postgen.tokens import mask_tokens, unmask_tokens

__all__ = ["QueryEntry", "RawUrl", "parse_url", "text_of"]


@dataclass(frozen=True, slots=True)
class QueryEntry:
    """One `?key=value` entry; `value` None means the key is sent without `=`."""

    key: str
    value: str | None
    disabled: bool
    description: str


@dataclass(slots=True)
class RawUrl:
    """A URL with variables still unresolved."""

    origin: str = ""
    path: list[str] = field(default_factory=list)
    query: list[QueryEntry] = field(default_factory=list)
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)


def text_of(value: Any) -> str:
    """A description or similar field: a string, `{content, type}`, or null."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    return ""


def _parse_query_string(text: str) -> list[QueryEntry]:
    entries: list[QueryEntry] = []
    for part in text.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        entries.append(QueryEntry(key, value if sep else None, False, ""))
    return entries


def parse_raw(raw: str) -> RawUrl:
    """Parse a URL string in postman-url-encoder's order: hash, query, protocol, path, host."""
    masked, tokens = mask_tokens(raw.lstrip())
    masked = masked.split("#", 1)[0]
    query: list[QueryEntry] = []
    if "?" in masked:
        masked, query_text = masked.split("?", 1)
        query = [
            QueryEntry(
                unmask_tokens(e.key, tokens),
                None if e.value is None else unmask_tokens(e.value, tokens),
                False,
                "",
            )
            for e in _parse_query_string(query_text)
        ]
    masked = masked.replace("\\", "/")
    protocol = ""
    if "://" in masked:
        protocol, masked = masked.split("://", 1)
        masked = masked.lstrip("/")
    host, slash, path_text = masked.partition("/")
    if not protocol and raw.lstrip().startswith("/"):
        host, path_text = "", masked.lstrip("/")
        slash = "/"
    origin = f"{protocol}://{host}" if protocol else host
    path = (
        [unmask_tokens(segment, tokens) for segment in path_text.split("/")]
        if slash
        else []
    )
    return RawUrl(origin=unmask_tokens(origin, tokens), path=path, query=query)


def _join_host(host: Any) -> str:
    if isinstance(host, list):
        return ".".join(str(part) for part in host if part is not None)
    return str(host) if isinstance(host, str) else ""


def _path_list(path: Any, where: str, diagnostics: Diagnostics) -> list[str]:
    if isinstance(path, str):
        return path[1:].split("/") if path.startswith("/") else path.split("/")
    segments: list[str] = []
    for index, segment in enumerate(path if isinstance(path, list) else []):
        if isinstance(segment, str):
            segments.append(segment)
        elif isinstance(segment, dict) and isinstance(segment.get("value"), str):
            segments.append(segment["value"])
        else:
            diagnostics.warn(
                f"{where}.path[{index}]", "unsupported path segment; dropped", "url"
            )
    return segments


def parse_url(url: Any, where: str, diagnostics: Diagnostics) -> RawUrl:
    """A request's URL, string or object form."""
    if isinstance(url, str):
        return parse_raw(url)
    if not isinstance(url, dict):
        return RawUrl()
    raw = string_at(url, "raw")
    if url.get("host") is None and url.get("path") is None:
        parsed = parse_raw(raw)
    else:
        parsed = RawUrl()
        protocol = url.get("protocol")
        host = _join_host(url.get("host"))
        port = url.get("port")
        origin = (
            f"{protocol}://{host}" if isinstance(protocol, str) and protocol else host
        )
        if isinstance(port, str | int) and str(port):
            origin += f":{port}"
        parsed.origin = origin
        parsed.path = _path_list(url.get("path"), where, diagnostics)
        if raw and "?" in raw and url.get("query") is None:
            parsed.query = parse_raw(raw).query
    if isinstance(url.get("query"), list):
        parsed.query = _query_entries(url["query"])
    variables = url.get("variable")
    if variables is not None and not isinstance(variables, list):
        diagnostics.warn(
            f"{where}.variable", "not a list of path variables; ignored", "format"
        )
        variables = None
    for entry in variables or []:
        if isinstance(entry, dict):
            name = entry.get("key") or entry.get("id")
            if isinstance(name, str) and name:
                value = entry.get("value")
                parsed.variables[name] = (
                    "" if value is None else str(value),
                    text_of(entry.get("description")),
                )
    if url.get("auth"):
        diagnostics.warn(
            f"{where}.auth", "credentials in the URL are not generated", "auth"
        )
    return parsed


def _query_entries(entries: list[Any]) -> list[QueryEntry]:
    result: list[QueryEntry] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        key = entry.get("key")
        value = entry.get("value")
        if key is None and value is None:
            continue  # `&&`: Postman sends nothing for it
        key = "" if key is None else key
        result.append(
            QueryEntry(
                str(key),
                None if value is None else str(value),
                entry.get("disabled") is True,
                text_of(entry.get("description")),
            )
        )
    return result
