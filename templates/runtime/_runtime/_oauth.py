"""OAuth2 tokens the client fetches itself: client credentials and refresh-token grants.

``TokenAuth`` holds the cached token; ``ensure_token`` / ``aensure_token`` fetch it with the
client's own httpx client (its pool, proxies and timeouts) when it is missing or about to
expire. One fetch happens at a time per client: a ``threading.Lock`` for threads, an
``asyncio.Lock`` for tasks, and whoever waited on the lock finds the fresh token and sends none.
"""

from __future__ import annotations

import base64
import json as jsonlib
import threading
import time
from typing import TYPE_CHECKING, Any, Literal

import httpx

from ._auth import Auth
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ErrorSpec,
    _make_status_error,
)
from ._request import _put_header

if TYPE_CHECKING:
    import asyncio

#: Seconds before ``expires_in`` runs out at which the token is renewed: a token that expires
#: while a request is on the wire would fail it.
EXPIRY_MARGIN = 60.0
#: Lifetime assumed when the token response gives no ``expires_in``.
DEFAULT_LIFETIME = 3600.0


class TokenError(APIError):
    """The token endpoint answered 2xx without a usable ``access_token``."""


class TokenAuth(Auth):
    """``Authorization: Bearer <token>`` with a token fetched from ``token_url``.

    ``grant_type`` is ``client_credentials`` (client id and secret) or ``refresh_token`` (a
    refresh token, plus the client id and secret when the server wants them; a new refresh
    token in a response replaces the old one). ``client_auth`` says where the client id and
    secret go: HTTP basic auth (RFC 6749 §2.3.1, the default) or the form body.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str | None,
        client_secret: str | None,
        *,
        grant_type: Literal[
            "client_credentials", "refresh_token"
        ] = "client_credentials",
        refresh_token: str | None = None,
        scope: str | None = None,
        client_auth: Literal["basic", "body"] = "basic",
        prefix: str = "Bearer",
        margin: float = EXPIRY_MARGIN,
    ) -> None:
        if grant_type == "refresh_token" and not refresh_token:
            raise ValueError("the refresh_token grant needs a refresh_token")
        if grant_type == "client_credentials" and not (client_id and client_secret):
            raise ValueError(
                "the client_credentials grant needs client_id and client_secret"
            )
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._grant_type = grant_type
        self._refresh_token = refresh_token
        self._scope = scope
        self._client_auth = client_auth
        self._prefix = prefix
        self._margin = margin
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self._alock: asyncio.Lock | None = None

    @property
    def stale(self) -> bool:
        """No token yet, or it expires within the margin."""
        return self._token is None or time.monotonic() >= self._expires_at

    def invalidate(self) -> None:
        """Forget the token (the server rejected it): the next call fetches a new one."""
        self._token = None

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Set the Authorization header from the cached token."""
        if self._token:
            _put_header(headers, "Authorization", f"{self._prefix} {self._token}")

    def token_request(
        self, http: httpx.Client | httpx.AsyncClient, base_url: str
    ) -> httpx.Request:
        """The form POST that asks for a token (relative ``token_url`` joins ``base_url``)."""
        form: dict[str, str] = {"grant_type": self._grant_type}
        if self._grant_type == "refresh_token" and self._refresh_token:
            form["refresh_token"] = self._refresh_token
        if self._scope:
            form["scope"] = self._scope
        headers = {"Accept": "application/json"}
        if self._client_id is not None and self._client_secret is not None:
            if self._client_auth == "basic":
                raw = f"{self._client_id}:{self._client_secret}".encode()
                headers["Authorization"] = "Basic " + base64.b64encode(raw).decode(
                    "ascii"
                )
            else:
                form["client_id"] = self._client_id
                form["client_secret"] = self._client_secret
        elif self._client_id is not None:
            form["client_id"] = self._client_id
        url = self.token_url
        if not url.startswith(("https://", "http://")):
            url = base_url + url
        return http.build_request("POST", url, data=form, headers=headers)

    def store(self, response: httpx.Response) -> None:
        """Cache the token of a 2xx token response."""
        try:
            data = jsonlib.loads(response.content)
        except ValueError:
            data = None
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise TokenError(
                f"the token endpoint {self.token_url} returned no access_token",
                request=response.request,
            )
        assert isinstance(data, dict)
        try:
            lifetime = float(data.get("expires_in", DEFAULT_LIFETIME))
        except (TypeError, ValueError):
            lifetime = DEFAULT_LIFETIME
        refresh = data.get("refresh_token")
        if isinstance(refresh, str) and refresh:
            self._refresh_token = refresh
        self._token = token
        # Never cache for less than a second, so a tiny expires_in cannot spin the client.
        self._expires_at = time.monotonic() + max(lifetime - self._margin, 1.0)

    def __repr__(self) -> str:
        return f"TokenAuth({self.token_url!r}, grant_type={self._grant_type!r}, ***)"


def _fetch_failed(request: httpx.Request, exc: httpx.TransportError) -> APIError:
    cls = (
        APITimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else APIConnectionError
    )
    return cls(f"Token request failed ({type(exc).__name__}: {exc})", request=request)


def ensure_token(
    auth: TokenAuth, http: httpx.Client, base_url: str, errors: ErrorSpec
) -> None:
    """Fetch a token if the cached one is stale; one thread fetches, the others wait for it.

    A non-2xx answer raises the status error (``AuthenticationError`` for bad credentials).
    """
    if not auth.stale:
        return
    with auth._lock:
        if not auth.stale:  # another thread fetched it while this one waited
            return
        request = auth.token_request(http, base_url)
        try:
            response = http.send(request)
        except httpx.TransportError as exc:
            raise _fetch_failed(request, exc) from exc
        if not response.is_success:
            raise _make_status_error(response, errors)
        auth.store(response)


async def aensure_token(
    auth: TokenAuth, http: httpx.AsyncClient, base_url: str, errors: ErrorSpec
) -> None:
    """Async twin of ``ensure_token``; tasks wait on an ``asyncio.Lock``."""
    if not auth.stale:
        return
    if auth._alock is None:
        import asyncio

        auth._alock = asyncio.Lock()
    async with auth._alock:
        if not auth.stale:
            return
        request = auth.token_request(http, base_url)
        try:
            response = await http.send(request)
        except httpx.TransportError as exc:
            raise _fetch_failed(request, exc) from exc
        if not response.is_success:
            raise _make_status_error(response, errors)
        auth.store(response)
