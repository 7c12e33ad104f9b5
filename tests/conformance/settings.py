"""The keyword arguments a user would construct the generated `Client` with.

Every setting gets the value the (copied) collection gives it, as a user who runs the collection in
Postman has it: a setting named after a variable gets the variable's value (environment over
collection, substituted; the copy defines every variable the requests use, so there always is one).
A credential the collection holds literally (a token in an auth block, an `Authorization` header,
a secret-looking query value) is a setting postgen names after the place it came from
(`token`, `username`, `password`, `api_key`, `access_token`, or the header/query key in
snake_case); it gets that literal value, the first one in document order. `base_url` is left to
the client's own default (computed from the copy, so it already points at the recorder) unless
it has none. Settings with no value anywhere are reported and get `dummy-<name>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from postgen.ir import Api
from postgen.naming import snake
from tests.conformance.postman import RequestItem, resolve, url_view

__all__ = ["ClientSettings", "client_settings", "literal_values"]

# The auth attribute each literal credential setting is named after (postgen's fallback names).
_AUTH_NAMES = {
    "bearer": {"token": "token"},
    "basic": {"username": "username", "password": "password"},
    "digest": {"username": "username", "password": "password"},
    "apikey": {"value": "api_key"},
    "oauth2": {"accessToken": "access_token"},
}


@dataclass(slots=True)
class ClientSettings:
    """Constructor keywords, and what had no value."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _attributes(block: Mapping[str, Any], kind: str) -> dict[str, Any]:
    raw = block.get(kind)
    if isinstance(raw, dict):
        return dict(raw)
    values: dict[str, Any] = {}
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            values[entry["key"]] = entry.get("value")
    return values


def _auth_literals(block: Any, found: dict[str, str]) -> None:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        return
    kind = block["type"]
    attributes = _attributes(block, kind)
    names = _AUTH_NAMES.get(kind, {})
    for key, setting in names.items():
        # An attribute the block leaves out is empty in Postman: nothing is sent for it.
        value = attributes.get(key)
        if value is None or (isinstance(value, str) and "{{" not in value):
            found.setdefault(setting, value or "")
    for key, value in attributes.items():
        if kind == "apikey" and key in ("key", "in"):
            continue  # the key's name and place, not a credential
        if isinstance(value, str) and "{{" not in value:
            found.setdefault(snake(key), value)


def literal_values(
    document: Mapping[str, Any], items: Mapping[int, RequestItem]
) -> dict[str, str]:
    """Literal credential values by the setting name postgen gives them (first one wins)."""
    found: dict[str, str] = {}
    _auth_literals(document.get("auth"), found)
    for ref in items.values():
        for folder in ref.folders:
            _auth_literals(folder.get("auth"), found)
        request = ref.item.get("request") or {}
        _auth_literals(request.get("auth"), found)
        headers = request.get("header")
        if isinstance(headers, list):
            for entry in headers:
                if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                    found.setdefault(snake(entry["key"]), str(entry.get("value") or ""))
        for entry in url_view(request.get("url")).query:
            found.setdefault(snake(entry.key), entry.value or "")
    return found


def client_settings(
    api: Api,
    variables: Mapping[str, str],
    literals: Mapping[str, str],
    recorder: str,
) -> ClientSettings:
    """The `Client(...)` keywords for `api`, built from the copy of its collection."""
    result = ClientSettings()
    for setting in api.settings:
        name, wire = str(setting.py_name), setting.wire_name
        if wire == "base_url" and name == "base_url":
            if setting.default is None:
                result.kwargs[name] = recorder
                result.notes.append(
                    "base_url has no default: the recorder's origin is passed"
                )
            continue
        if "://" in wire and setting.default is not None:
            continue  # a second origin: its default is the copy's URL, already the recorder's
        if wire in variables:
            result.kwargs[name] = resolve(variables[wire], variables)
        elif wire in literals:
            result.kwargs[name] = literals[wire]
        else:
            result.kwargs[name] = f"dummy-{name}"
            result.notes.append(
                f"setting {name} ({wire!r}): no value in the collection"
            )
    return result
