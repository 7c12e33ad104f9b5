"""Auth blocks: their two shapes (v2.0 object, v2.1 attribute list), inheritance, and settings.

Auth values are credentials, so none of them is ever written into the output: each becomes a required
client setting (named after its `{{variable}}`, or after the attribute for a literal) that the user
passes or sets in the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from postgen.diagnostics import Diagnostics
from postgen.ir import AuthScheme
from postgen.naming import PyIdent, snake
from postgen.parse.access import string_at
from postgen.parse.variables import TOKEN

__all__ = ["AuthRequest", "CredentialRef", "auth_type", "read_auth"]

# The runtime can apply these; everything else is generated without auth, with a warning.
_UNSUPPORTED = {"awsv4", "hawk", "oauth1", "ntlm", "edgegrid", "jwt", "asap", "akamai"}


@dataclass(frozen=True, slots=True)
class CredentialRef:
    """A credential the client needs: its setting name and the variable it came from, if any."""

    py_name: PyIdent
    variable: str | None
    literal: bool
    #: The literal value, kept only to notice two requests with different ones; never written.
    value: str = ""


@dataclass(frozen=True, slots=True)
class AuthRequest:
    """A resolved auth scheme plus the credentials it reads."""

    scheme: AuthScheme
    credentials: tuple[CredentialRef, ...]


def auth_type(block: Any) -> str | None:
    """The `type` of an auth block, or None when it means "inherit" (absent, null, no type)."""
    if not isinstance(block, dict):
        return None
    kind = block.get("type")
    if not isinstance(kind, str) or not kind or kind == "inherit":
        return None
    return kind


def _attributes(block: dict[str, Any], kind: str) -> dict[str, Any]:
    # Decide v2.0 vs v2.1 per block from its shape: real files mix both.
    raw = block.get(kind)
    if isinstance(raw, dict):
        return raw
    values: dict[str, Any] = {}
    if isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                values[entry["key"]] = entry.get("value")
    return values


def _credential(value: Any, fallback: str) -> CredentialRef:
    text = value if isinstance(value, str) else ""
    match = TOKEN.fullmatch(text.strip())
    if match:
        name = match.group(1).strip()
        return CredentialRef(snake(name, fallback=fallback), name, literal=False)
    return CredentialRef(snake(fallback), None, literal=bool(text), value=text)


def read_auth(
    block: dict[str, Any], where: str, diagnostics: Diagnostics
) -> AuthRequest | None:
    """Turn one auth block into a scheme; None means "send no auth"."""
    kind = auth_type(block)
    if kind is None or kind == "noauth":
        return None
    attrs = _attributes(block, kind)
    builder = _BUILDERS.get(kind)
    if builder is None:
        reason = "is not supported" if kind in _UNSUPPORTED else "is unknown"
        diagnostics.warn(
            f"{where}.type",
            f"auth type {kind!r} {reason}: requests are generated without it; "
            "pass the credentials yourself (default_headers= or http_client=)",
            "auth",
        )
        return None
    result = builder(attrs)
    if kind == "oauth2" and not attrs.get("accessToken"):
        diagnostics.warn(
            where,
            "oauth2 with no saved access token: Postman sends no Authorization until it "
            "fetches one; the client sends its access-token setting",
            "auth",
        )
    for credential in result.credentials:
        if credential.literal:
            diagnostics.warn(
                where,
                f"a literal credential in the {kind} auth is not written to the output; "
                f"the client reads it from the `{credential.py_name}` setting",
                "secret",
            )
    return result


def _bearer(attrs: dict[str, Any]) -> AuthRequest:
    token = _credential(attrs.get("token"), "token")
    return AuthRequest(AuthScheme("bearer", (token.py_name,)), (token,))


def _basic(attrs: dict[str, Any], kind: str = "basic") -> AuthRequest:
    user = _credential(attrs.get("username"), "username")
    password = _credential(attrs.get("password"), "password")
    scheme = AuthScheme(
        "digest" if kind == "digest" else "basic", (user.py_name, password.py_name)
    )
    return AuthRequest(scheme, (user, password))


def _digest(attrs: dict[str, Any]) -> AuthRequest:
    return _basic(attrs, "digest")


def _apikey(attrs: dict[str, Any]) -> AuthRequest:
    key_name = string_at(attrs, "key") or "X-API-Key"
    value = _credential(attrs.get("value"), "api_key")
    location: Literal["header", "query"] = (
        "query" if attrs.get("in") == "query" else "header"
    )
    scheme = AuthScheme(
        "apikey", (value.py_name,), key_name=key_name, location=location
    )
    return AuthRequest(scheme, (value,))


def _oauth2(attrs: dict[str, Any]) -> AuthRequest:
    # Only the access token matters at request time; grant settings describe how to obtain one.
    token = _credential(attrs.get("accessToken"), "access_token")
    if attrs.get("addTokenTo") == "queryParams":
        scheme = AuthScheme(
            "apikey", (token.py_name,), key_name="access_token", location="query"
        )
    else:
        prefix = attrs.get("headerPrefix")
        scheme = AuthScheme(
            "bearer",
            (token.py_name,),
            prefix=prefix if isinstance(prefix, str) else "Bearer",
        )
    return AuthRequest(scheme, (token,))


_BUILDERS: dict[str, Callable[[dict[str, Any]], AuthRequest]] = {
    "bearer": _bearer,
    "basic": _basic,
    "digest": _digest,
    "apikey": _apikey,
    "oauth2": _oauth2,
}
