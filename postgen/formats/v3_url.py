"""A v3 request's URL (one string plus `queryParams` and `pathVariables`) as a v2.1 URL object.

The string is split into components the way postman-url-encoder parses a raw URL
(POSTMAN-FORMAT.md §4), with `{{…}}` tokens masked first so that the `/ ? # : @ .` inside a
variable name never split anything. v2.1 readers build the URL from the components and ignore
`raw`, so the components must be there; `raw` is kept as written.

Query: Postman repeats every enabled parameter in the URL string and in `queryParams`, where the
disabled ones and the descriptions also live (MANIFEST note 9). `queryParams` is therefore the
list, and only a parameter that the string alone names is added from it, so none is sent twice.
"""

from __future__ import annotations

from postgen.formats.shared import Json
from postgen.tokens import mask_tokens, unmask_tokens

__all__ = ["url_object"]


def _query(text: str, tokens: list[str]) -> list[Json]:
    entries: list[Json] = []
    for part in text.split("&"):
        if part:
            key, equals, value = part.partition("=")
            entries.append(
                {
                    "key": unmask_tokens(key, tokens),
                    "value": unmask_tokens(value, tokens) if equals else None,
                }
            )
    return entries


def split_url(raw: str) -> Json:
    """protocol, auth, host, port, path, query and hash of a raw URL (absent parts left out)."""
    masked, tokens = mask_tokens(raw.lstrip())
    parts: Json = {}
    masked, hashed, fragment = masked.partition("#")
    if hashed:
        parts["hash"] = unmask_tokens(fragment, tokens)
    masked, questioned, query = masked.partition("?")
    if questioned:
        parts["query"] = _query(query, tokens)
    masked = masked.replace("\\", "/")
    if "://" in masked:
        protocol, _, masked = masked.partition("://")
        parts["protocol"] = unmask_tokens(protocol, tokens)
        masked = masked.lstrip("/")
    authority, slash, path = masked.partition("/")
    if slash:
        parts["path"] = [unmask_tokens(segment, tokens) for segment in path.split("/")]
    credentials, at, authority = authority.rpartition("@")
    if at:
        user, _, password = credentials.partition(":")
        parts["auth"] = {
            "user": unmask_tokens(user, tokens),
            "password": unmask_tokens(password, tokens),
        }
    host, colon, port = authority.rpartition(":")
    if colon and "]" not in port:
        parts["port"] = unmask_tokens(port, tokens)
        authority = host
    if authority:
        parts["host"] = [unmask_tokens(label, tokens) for label in authority.split(".")]
    return parts


def url_object(
    raw: str, query_params: list[Json] | None, variables: list[Json]
) -> Json:
    """The v2.1 `url` object: components, the query (see the module docstring), path variables."""
    parts = split_url(raw)
    url: Json = {"raw": raw}
    for key in ("protocol", "auth", "host", "port", "path"):
        if key in parts:
            url[key] = parts[key]
    query: list[Json] = parts.get("query", [])
    if query_params is not None:
        listed = {entry["key"] for entry in query_params}
        query = query_params + [entry for entry in query if entry["key"] not in listed]
    if query:
        url["query"] = query
    if variables:
        url["variable"] = variables
    if "hash" in parts:
        url["hash"] = parts["hash"]
    return url
