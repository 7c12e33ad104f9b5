"""Auth strategies: how credentials are put on a request (header, query or an httpx flow)."""

from __future__ import annotations

import base64
from typing import Any, Literal

import httpx

from ._request import _put_header
from ._settings import require_setting


class Auth:
    """Base of the auth strategies; the default applies nothing.

    ``apply`` runs after user headers are merged, so auth headers replace user headers with
    the same name. ``secret_names`` lists extra header/query names to redact in logs.
    """

    secret_names: tuple[str, ...] = ()
    #: True when ``apply`` adds the same values on every call (no token that expires, no
    #: error to raise): the client then works them out once, not per request.
    fixed: bool = False

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Add credentials to the outgoing headers or query parameters."""

    @property
    def httpx_auth(self) -> httpx.Auth | None:
        """An httpx auth flow for challenge-based schemes (digest); None otherwise."""
        return None

    def __repr__(self) -> str:
        # Never show credentials, whatever the subclass stores.
        return f"{type(self).__name__}(***)"


class NoAuth(Auth):
    """Send no credentials."""

    fixed = True

    def __repr__(self) -> str:
        return "NoAuth()"


#: Passed as ``auth=`` by requests that Postman marks ``noauth`` under an authenticated client.
NO_AUTH = NoAuth()


class MissingAuth(Auth):
    """Stands in for a scheme whose credentials were not given; fails when a request uses it."""

    def __init__(self, name: str, env: str) -> None:
        self._name = name
        self._env = env

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Raise MissingSettingError: the request needs a credential the client lacks."""
        require_setting(None, name=self._name, env=self._env)


class BearerAuth(Auth):
    """``Authorization: <prefix> <token>``; nothing is sent when the token is empty."""

    fixed = True

    def __init__(self, token: str | None, prefix: str = "Bearer") -> None:
        self._value = f"{prefix} {token}" if prefix else (token or "")
        self._token = token

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Set the Authorization header."""
        if self._token:
            _put_header(headers, "Authorization", self._value)


class BasicAuth(Auth):
    """HTTP basic auth, sent pre-emptively as a header."""

    fixed = True

    def __init__(self, username: str, password: str) -> None:
        raw = f"{username}:{password}".encode()
        self._value = "Basic " + base64.b64encode(raw).decode("ascii")

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Set the Authorization header."""
        _put_header(headers, "Authorization", self._value)


class ApiKeyAuth(Auth):
    """An API key sent as a header (default) or a query parameter named ``name``."""

    fixed = True

    def __init__(
        self,
        name: str,
        value: str | None,
        location: Literal["header", "query"] = "header",
    ) -> None:
        self._name = name
        self._value = value
        self._location = location
        self.secret_names = (name,)

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Set the key header or query parameter (nothing when the key is empty)."""
        if not self._value:
            return
        if self._location == "query":
            query[self._name] = self._value
        else:
            _put_header(headers, self._name, self._value)


class DigestAuth(Auth):
    """HTTP digest auth; needs the server's challenge, so it runs as an httpx auth flow."""

    fixed = True

    def __init__(self, username: str, password: str) -> None:
        self._auth = httpx.DigestAuth(username, password)

    @property
    def httpx_auth(self) -> httpx.Auth | None:
        """The httpx digest flow."""
        return self._auth
