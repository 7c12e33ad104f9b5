"""Logging: opt-in via ``<PACKAGE>_LOG``, with credentials redacted from what is logged."""

from __future__ import annotations

import logging
import os
from urllib.parse import parse_qsl, urlencode

import httpx

_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
    }
)
_SECRET_QUERY = frozenset(
    {"access_token", "api_key", "apikey", "api-key", "key", "token", "signature", "sig"}
    | {"secret", "client_secret", "password", "refresh_token", "id_token"}
)


def _redact_url(url: httpx.URL, secrets: frozenset[str]) -> str:
    """Render a URL for logs with userinfo dropped and secret query values replaced."""
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if not url.query:
        return str(url)
    pairs = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    clean = [(k, "REDACTED" if k.lower() in secrets else v) for k, v in pairs]
    return str(url.copy_with(query=urlencode(clean).encode("ascii")))


def _configure_logging(logger: logging.Logger, package: str) -> None:
    env = "".join(c if c.isalnum() else "_" for c in package.upper()) + "_LOG"
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(env, "").lower()
    )
    # Respect an application's own logging setup: only configure a logger nobody configured.
    if level is not None and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
        )
        logger.addHandler(handler)
        logger.setLevel(level)


def _elapsed(response: httpx.Response) -> str:
    """The response time for a log line; never raises.

    httpx sets ``elapsed`` only when it closes the stream, which a response built in memory
    (``httpx.MockTransport``, a user's test double) may never do: logging must not break a call.
    """
    try:
        return f"{response.elapsed.total_seconds() * 1000:.1f} ms"
    except RuntimeError:
        return "elapsed unknown"
