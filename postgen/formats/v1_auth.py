"""Legacy v1 auth: a v2-shaped `auth` block, or `currentHelper` + `helperAttributes`."""

from __future__ import annotations

import json

from postgen.diagnostics import Diagnostics
from postgen.formats.shared import Json, attribute_list

__all__ = ["convert_auth"]

_AUTH_TYPES = {
    "apikeyAuth": "apikey",
    "basicAuth": "basic",
    "bearerAuth": "bearer",
    "digestAuth": "digest",
    "hawkAuth": "hawk",
    "oAuth1": "oauth1",
    "oAuth2": "oauth2",
    "ntlmAuth": "ntlm",
    "awsSigV4": "awsv4",
    "jwtAuth": "jwt",
    "asapAuth": "asap",
    "edgegridAuth": "edgegrid",
}
# v2 attribute name -> v1 helper attribute name, where they differ (`authMappersFromLegacy`).
_RENAMED_ATTRIBUTES = {
    "oAuth1": {"addParamsToHeader": "header", "addEmptyParamsToSign": "includeEmpty"},
    "hawkAuth": {
        "authId": "hawk_id",
        "authKey": "hawk_key",
        "extraData": "ext",
        "appId": "app",
        "delegation": "dlg",
    },
}
# Editor bookkeeping in helperAttributes that carries no auth meaning.
_HELPER_NOISE = frozenset({"id", "time", "timestamp", "saveToRequest", "auto"})


def _at(where: str, field: str) -> str:
    # `where` is "" for the collection itself, whose fields are top-level paths.
    return f"{where}.{field}" if where else field


def _skip(diagnostics: Diagnostics, where: str, message: str) -> None:
    diagnostics.warn(where, message, "format")


def _helper_auth(entity: Json, where: str, diagnostics: Diagnostics) -> Json | None:
    helper = entity.get("currentHelper")
    if not isinstance(helper, str) or helper in ("", "normal"):
        return None
    attributes = entity.get("helperAttributes")
    if isinstance(attributes, str):
        # Some legacy app versions exported helperAttributes as a JSON string.
        try:
            attributes = json.loads(attributes)
        except ValueError:
            _skip(
                diagnostics,
                _at(where, "helperAttributes"),
                "not valid JSON; auth dropped",
            )
            return None
    auth_type = _AUTH_TYPES.get(helper, helper)
    auth: Json = {"type": auth_type}
    if isinstance(attributes, dict):
        new_names = {
            old: new for new, old in _RENAMED_ATTRIBUTES.get(helper, {}).items()
        }
        # postgen choice: helpers the transformer has no mapper for (apikey, jwt, ...) keep their
        # attributes as they are, instead of losing them.
        params = {
            new_names.get(key, key): value
            for key, value in attributes.items()
            if key not in _HELPER_NOISE
        }
        if params:
            auth[auth_type] = attribute_list(params)
    elif attributes is not None:
        _skip(
            diagnostics, _at(where, "helperAttributes"), "expected an object; ignored"
        )
    return auth


def convert_auth(
    entity: Json, where: str, diagnostics: Diagnostics, *, drop_noauth: bool = False
) -> Json | None:
    """`auth` (v2.0 or v2.1 shaped) if it has a type, else `currentHelper` + `helperAttributes`.

    None means "inherit"; the collection level drops `noauth`, which means the same there.
    """
    auth = entity.get("auth")
    if isinstance(auth, dict) and isinstance(auth.get("type"), str) and auth["type"]:
        auth_type = auth["type"]
        if auth_type == "noauth":
            return None if drop_noauth else {"type": "noauth"}
        attributes = attribute_list(auth.get(auth_type))
        return (
            {"type": auth_type, auth_type: attributes}
            if attributes
            else {"type": auth_type}
        )
    if auth is not None and not isinstance(auth, dict):
        _skip(diagnostics, _at(where, "auth"), "expected an object; ignored")
    return _helper_auth(entity, where, diagnostics)
