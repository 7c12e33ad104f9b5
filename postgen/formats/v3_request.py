"""One v3 request file (`*.request.yaml`) or saved example (`*.example.yaml`) as a v2.1 item
or response. Which files those are, their names and order, is `v3_tree`'s business.
"""

from __future__ import annotations

from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.formats.shared import Json
from postgen.formats.v3_parts import (
    convert_auth,
    convert_body,
    convert_scripts,
    convert_settings,
)
from postgen.formats.v3_url import url_object
from postgen.formats.v3_values import entries, status_code, text

__all__ = ["convert_example", "convert_request", "item_extras"]

# `body.type` of a saved response -> v2's `_postman_previewlanguage` hint.
_PREVIEW = {"json": "json", "xml": "xml", "html": "html", "javascript": "javascript"}


def convert_request(document: Json, where: str, diagnostics: Diagnostics) -> Json:
    """The v2.1 `request` object: method, header, url (with query and path variables), body,
    auth and description. Also used for an example's saved request."""
    method = document.get("method")
    if method is not None and not isinstance(method, str):
        diagnostics.warn(f"{where}: method", "not text: read as GET", "format")
    url = document.get("url")
    if not isinstance(url, str):
        diagnostics.warn(
            f"{where}: url", "missing or not text: the URL is empty", "format"
        )
        url = ""
    raw_query = document.get("queryParams")
    query = (
        None
        if raw_query is None
        else entries(raw_query, f"{where}: queryParams", diagnostics, keep_null=True)
    )
    variables = entries(
        document.get("pathVariables"), f"{where}: pathVariables", diagnostics
    )
    request: Json = {
        "method": (
            method.upper() if isinstance(method, str) and method.strip() else "GET"
        ),
        "header": entries(document.get("headers"), f"{where}: headers", diagnostics),
        "url": url_object(url, query, variables),
    }
    body = convert_body(document.get("body"), f"{where}: body", diagnostics)
    if body is not None:
        request["body"] = body
    auth = convert_auth(document.get("auth"), f"{where}: auth", diagnostics)
    if auth is not None:
        request["auth"] = auth
    description = text(document.get("description"))
    if description:
        request["description"] = description
    return request


def item_extras(document: Json, where: str, diagnostics: Diagnostics) -> Json:
    """A request's or folder's `event` (from `scripts`) and `protocolProfileBehavior` (from
    `settings`), where present."""
    extras: Json = {}
    events = convert_scripts(document.get("scripts"), f"{where}: scripts", diagnostics)
    if events:
        extras["event"] = events
    behavior = convert_settings(
        document.get("settings"), f"{where}: settings", diagnostics
    )
    if behavior:
        extras["protocolProfileBehavior"] = behavior
    return extras


def _response_body(
    value: Any, where: str, diagnostics: Diagnostics
) -> tuple[str, str | None]:
    if value is None:
        return "", None
    if not isinstance(value, dict):
        diagnostics.warn(
            where, "expected `{type, content}`: the body is empty", "format"
        )
        return "", None
    content = value.get("content")
    if content is not None and not isinstance(content, str):
        diagnostics.warn(f"{where}.content", "not text: the body is empty", "format")
        content = None
    return content or "", _PREVIEW.get(str(value.get("type")), "text")


def convert_example(
    document: Json, name: str, where: str, diagnostics: Diagnostics
) -> Json:
    """A v2.1 saved response: name, originalRequest, status, code, header, body."""
    saved = document.get("request")
    response = document.get("response")
    if not isinstance(response, dict):
        diagnostics.warn(
            f"{where}: response", "missing or not a map: read as empty", "format"
        )
        response = {}
    result: Json = {"name": name}
    if isinstance(saved, dict):
        result["originalRequest"] = convert_request(
            saved, f"{where}: request", diagnostics
        )
    raw_code = response.get("statusCode")
    code = status_code(raw_code)
    if code is not None:
        result["code"] = code
    elif raw_code is not None:
        diagnostics.warn(
            f"{where}: response.statusCode",
            f"{raw_code!r} is not a status code",
            "format",
        )
    status = text(response.get("statusText"))
    if status:
        result["status"] = status
    result["header"] = entries(
        response.get("headers"), f"{where}: response.headers", diagnostics
    )
    body, preview = _response_body(
        response.get("body"), f"{where}: response.body", diagnostics
    )
    result["body"] = body
    if preview is not None:
        result["_postman_previewlanguage"] = preview
    return result
