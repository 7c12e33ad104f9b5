"""Field converters for v3 files: auth, scripts, settings and bodies, each to its v2.1 form.

Every function reads one v3 value, reports what it has to skip (at `where`: the file and the
field), and returns what a v2.1 export holds in its place, or None when that is nothing.
"""

from __future__ import annotations

from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.formats.shared import Json, attribute_list
from postgen.formats.v3_values import entries, flag, number, text

__all__ = ["convert_auth", "convert_body", "convert_scripts", "convert_settings"]

# Auth attributes that v2.1 exports hold as JSON booleans (postman-runtime `lib/authorizer/*`).
_BOOLEAN_ATTRIBUTES = frozenset(
    {
        "addAuthDataToQuery",
        "addEmptyParamsToSign",
        "addParamsToHeader",
        "disableRetryRequest",
        "includeBodyHash",
        "includePayloadHash",
        "isSecretBase64Encoded",
        "useBrowser",
    }
)
# v3 script types -> v2 event names. Collection scripts carry the protocol, request scripts not.
_LISTEN = {
    "beforeRequest": "prerequest",
    "http:beforeRequest": "prerequest",
    "afterResponse": "test",
    "http:afterResponse": "test",
}
_RAW_LANGUAGES = frozenset({"json", "xml", "html", "javascript"})


def _skip(diagnostics: Diagnostics, where: str, message: str) -> None:
    diagnostics.warn(where, message, "format")


def _credentials(value: Any, where: str, diagnostics: Diagnostics) -> list[Json]:
    if value is None:
        return []
    if isinstance(value, list):
        # The list form is `[{key, value}]`; values may be lists or maps (oauth2 parameters).
        value = {
            entry["key"]: entry.get("value")
            for entry in value
            if isinstance(entry, dict) and isinstance(entry.get("key"), str)
        }
    if not isinstance(value, dict):
        _skip(diagnostics, where, "expected a map of credentials: ignored")
        return []
    attributes = attribute_list(
        {
            key: (
                flag(item)
                if key in _BOOLEAN_ATTRIBUTES and flag(item) is not None
                else item
            )
            for key, item in value.items()
        }
    )
    return attributes


def convert_auth(value: Any, where: str, diagnostics: Diagnostics) -> Json | None:
    """`{type, credentials}`, or the multi-auth list of them, as one v2.1 auth block.

    None means "inherit", as an absent `auth` does in v2.1. v2.1 has one scheme per level, so a
    list with several keeps the first and says so.
    """
    if value is None:
        return None
    if isinstance(value, list):
        schemes = [
            entry
            for entry in value
            if isinstance(entry, dict)
            and isinstance(entry.get("type"), str)
            and entry["type"]
        ]
        if len(schemes) < len(value):
            _skip(diagnostics, where, "an auth entry without a `type`: skipped")
        if not schemes:
            return None
        if len(schemes) > 1:
            kinds = ", ".join(str(scheme["type"]) for scheme in schemes)
            diagnostics.warn(
                where,
                f"{len(schemes)} auth schemes ({kinds}): the first is generated",
                "auth",
            )
        value = schemes[0]
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        _skip(diagnostics, where, "expected `{type, credentials}`: auth inherited")
        return None
    auth_type: str = value["type"]
    if auth_type == "noauth":
        return {"type": "noauth"}
    attributes = _credentials(
        value.get("credentials"), f"{where}.credentials", diagnostics
    )
    return (
        {"type": auth_type, auth_type: attributes}
        if attributes
        else {"type": auth_type}
    )


def convert_scripts(value: Any, where: str, diagnostics: Diagnostics) -> list[Json]:
    """`scripts: [{type, code, language}]` -> v2 `event`; an empty script is no event."""
    if value is None:
        return []
    if not isinstance(value, list):
        _skip(diagnostics, where, "expected a list of scripts: ignored")
        return []
    events: list[Json] = []
    for index, script in enumerate(value):
        place = f"{where}[{index}]"
        kind = script.get("type") if isinstance(script, dict) else None
        if not isinstance(script, dict) or kind not in _LISTEN:
            _skip(diagnostics, place, f"not an HTTP request script ({kind!r}): skipped")
            continue
        code = text(script.get("code"))
        if code.strip():
            language = text(script.get("language")) or "text/javascript"
            events.append(
                {
                    "listen": _LISTEN[str(kind)],
                    "script": {"type": language, "exec": code.split("\n")},
                }
            )
    return events


def _setting(value: Any) -> Any:
    if flag(value) is not None:
        return flag(value)
    parsed = number(value)
    if parsed is not None:
        return int(parsed) if parsed.is_integer() else parsed
    return value


def convert_settings(value: Any, where: str, diagnostics: Diagnostics) -> Json | None:
    """`settings` -> v2 `protocolProfileBehavior` (same keys; typed values)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        _skip(diagnostics, where, "expected a map of settings: ignored")
        return None
    behavior: Json = {}
    for key, item in value.items():
        if key == "disabledSystemHeaders":
            # v3 lists the header names; v2.1 maps each to true.
            names = item if isinstance(item, list) else list(item or {})
            headers = {str(name): True for name in names if name}
            if headers:
                behavior[key] = headers
        elif isinstance(item, str):
            behavior[key] = _setting(item)
        elif item is not None:
            behavior[key] = item
    return behavior or None


def _form_entry(entry: Any, place: str, diagnostics: Diagnostics) -> Json | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        _skip(diagnostics, place, "a form field without a `key`: skipped")
        return None
    kind = "file" if entry.get("type") == "file" else "text"
    field: Json = {"key": entry["key"], "type": kind}
    if kind == "file":
        field["src"] = entry.get("src")
    else:
        field["value"] = "" if entry.get("value") is None else entry.get("value")
    for key in ("contentType", "description"):
        if isinstance(entry.get(key), str) and entry[key]:
            field[key] = entry[key]
    if flag(entry.get("disabled")) is True:
        field["disabled"] = True
    return field


def _raw(
    content: Any, language: str, where: str, diagnostics: Diagnostics
) -> Json | None:
    if content is None:
        content = ""
    if not isinstance(content, str):
        _skip(diagnostics, f"{where}.content", "expected text: body dropped")
        return None
    if language == "text" and not content.strip():
        # Postman writes `{type: text, content: ""}` on bodiless requests (MANIFEST note 8).
        return None
    body: Json = {"mode": "raw", "raw": content}
    if language != "text":
        # v2.1 exports of a plain-text body carry no language, so neither does this one.
        body["options"] = {"raw": {"language": language}}
    return body


def convert_body(value: Any, where: str, diagnostics: Diagnostics) -> Json | None:
    """`body: {type, content}` -> v2 `body: {mode, …}`; None when nothing is sent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        _skip(diagnostics, where, "expected `{type, content}`: body dropped")
        return None
    kind = value.get("type")
    content = value.get("content")
    if kind == "none":
        return None
    if kind == "urlencoded":
        fields = entries(content, f"{where}.content", diagnostics)
        return {"mode": "urlencoded", "urlencoded": fields}
    if kind == "formdata":
        listed = content if isinstance(content, list) else []
        if content is not None and not isinstance(content, list):
            _skip(
                diagnostics,
                f"{where}.content",
                "expected a list of form fields: ignored",
            )
        found = (
            _form_entry(e, f"{where}.content[{i}]", diagnostics)
            for i, e in enumerate(listed)
        )
        return {"mode": "formdata", "formdata": [field for field in found if field]}
    if kind == "file":
        source = content.get("src") if isinstance(content, dict) else content
        return {"mode": "file", "file": {"src": source}}
    if kind == "graphql" and isinstance(content, dict):
        graphql = {
            key: content[key] for key in ("query", "variables") if key in content
        }
        return {"mode": "graphql", "graphql": graphql}
    if kind in _RAW_LANGUAGES or kind == "text":
        return _raw(content, str(kind), where, diagnostics)
    _skip(diagnostics, f"{where}.type", f"unknown body type {kind!r}: read as text")
    return _raw(content, "text", where, diagnostics)
