"""When a failed request may be sent again without doing its work twice.

GET, HEAD, OPTIONS, TRACE, PUT and DELETE are idempotent (RFC 9110 §9.2.2): retrying them is
always safe. A POST or PATCH that failed may already have run on the server (a 500 after the
charge was made, a read timeout after the row was written), so it is replayed only when

- the API deduplicates by an idempotency header (``Idempotency-Key``, ``PayPal-Request-Id``...):
  the client sends one key for every attempt of a call, so the server runs it at most once; or
- the request surely never reached the server: the connection could not be made (connect
  error or timeout, no free pooled connection); or
- the server said it did not process it: 408 Request Timeout, 429 Too Many Requests, or 503
  with ``Retry-After``.

Anything else (500, 502, a read timeout, a dropped connection) raises at once.
"""

from __future__ import annotations

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# Failures raised before a byte of the request left the machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_UNPROCESSED_STATUSES = frozenset({408, 429})


def add_idempotency_key(
    request: httpx.Request, header: str | None, key: str | None
) -> bool:
    """Give a non-idempotent ``request`` its idempotency key; return whether it is replayable.

    ``key`` (the call's ``idempotency_key=``) wins over a value already on the request (a
    method parameter for the header); without either, a random UUID is made. The request
    object is sent as is on every attempt, so all attempts carry the same key.
    """
    if header is None:
        if key is not None:
            raise ValueError(
                "idempotency_key needs the API's idempotency header: "
                "build the client with idempotency_header='...'"
            )
        return request.method in IDEMPOTENT_METHODS
    if key is not None:
        request.headers[header] = key
    elif request.method in IDEMPOTENT_METHODS:
        return True
    elif header not in request.headers:
        import uuid  # imported on first use: keeps `import <client>` fast

        request.headers[header] = str(uuid.uuid4())
    return True


def surely_not_sent(exc: httpx.TransportError) -> bool:
    """The transport failed before the request could reach the server."""
    return isinstance(exc, _NOT_SENT)


def rejected_unprocessed(response: httpx.Response) -> bool:
    """The server says it did not act on the request, so sending it again is safe."""
    code = response.status_code
    if code in _UNPROCESSED_STATUSES:
        return True
    return code == 503 and "retry-after" in response.headers
