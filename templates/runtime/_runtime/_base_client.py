"""State and logic shared by the sync and async clients: configuration, building, retry decisions."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar
from urllib.parse import quote, urlencode

import httpx

from ._auth import Auth
from ._exceptions import APIConnectionError, APIError, APITimeoutError, ErrorSpec
from ._idempotency import add_idempotency_key, rejected_unprocessed
from ._logging import (
    _SECRET_HEADERS,
    _SECRET_QUERY,
    _configure_logging,
    _elapsed,
    _redact_url,
)
from ._oauth import TokenAuth
from ._options import copy_client
from ._plain_request import PlainRequests
from ._request import (
    RequestOptions,
    _add_query,
    _file_parts,
    _jsonable,
    _pairs,
    _put_header,
)
from ._response import _RAW_MARKER, RawResponse, _parse_success
from ._retry import (
    _RETRY_STATUSES,
    RETRY_AFTER_MAX,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
    _retry_after,
)
from ._types import NOT_GIVEN, KeyOnly, NotGiven

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)

# A long read timeout because bulk/report endpoints are slow; a short connect timeout because
# an unreachable host should fail fast and be retried.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2


def _with_flags(
    url: str | httpx.URL, params: dict[str, Any], flags: list[str]
) -> httpx.URL:
    """The URL with ``params`` encoded as httpx would, then each flag key, bare."""
    encoded = httpx.QueryParams(
        {k: v for k, v in params.items() if k not in flags}
    ).multi_items()
    pieces = [urlencode([pair]) for pair in encoded]
    pieces += [quote(key, safe="[]") for key in flags]
    return httpx.URL(url).copy_with(query="&".join(pieces).encode("ascii"))


class _BaseClient(Generic[_HttpT]):
    """State and logic shared by the sync and async clients (everything but the send loop).

    Owns the httpx client it creates (and closes it) unless ``http_client`` was given: a
    borrowed client belongs to the caller, who closes it.
    """

    _http_class: ClassVar[Callable[..., Any]]  # httpx.Client or httpx.AsyncClient
    #: Whether bodies of untyped binary responses become ``AsyncBinaryResponse``.
    _is_async: ClassVar[bool] = False

    def __init__(
        self,
        *,
        base_url: str,
        package: str,
        version: str,
        errors: ErrorSpec,
        auth: Auth,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: _HttpT | None = None,
        strict: bool = False,
        idempotency_header: str | None = None,
    ) -> None:
        if not base_url:
            raise ValueError("base_url must not be empty")
        # Paths from generated code start with "/", so a prefix such as /v1 keeps one slash.
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.strict = strict
        #: The header the API deduplicates requests by; None when it has none (see _idempotency).
        self.idempotency_header = idempotency_header
        self._package = package
        self._errors = errors
        self._auth = auth
        self._httpx_auth = auth.httpx_auth
        #: ``_send_options`` of a call that sets neither auth nor follow_redirects.
        self._default_send: Mapping[str, Any] = {
            "auth": (
                httpx.USE_CLIENT_DEFAULT
                if self._httpx_auth is None
                else self._httpx_auth
            ),
            "follow_redirects": httpx.USE_CLIENT_DEFAULT,
        }
        # No Accept of our own: httpx sends `*/*`, as Postman does, unless the collection sets
        # one (an API that answers XML or images must not be asked for JSON).
        self._headers = {
            "User-Agent": f"{package}/{version} python-httpx/{httpx.__version__}",
        }
        for key, value in (default_headers or {}).items():
            _put_header(self._headers, key, value)
        extra_secrets = {n.lower() for n in auth.secret_names}
        self._secret_headers = _SECRET_HEADERS | extra_secrets
        self._secret_query = _SECRET_QUERY | extra_secrets
        self._backoff_base = RETRY_BASE_DELAY
        self._backoff_max = RETRY_MAX_DELAY
        self._retry_after_max = RETRY_AFTER_MAX
        self._log = logging.getLogger(package)
        _configure_logging(self._log, package)
        self._fixed: (
            tuple[dict[str, str], Auth, httpx.Headers, dict[str, Any]] | None
        ) = None
        self._owns_http = http_client is None
        if http_client is None:
            # Static headers live on our own httpx client: httpx then merges them for free
            # instead of re-normalising them on every request (a measurable cost on loopback).
            self._http: _HttpT = self._http_class(
                timeout=timeout, follow_redirects=True, headers=self._headers
            )
            self._headers = {}
        else:
            self._http = http_client
        self._plain = PlainRequests(self._http)

    def __repr__(self) -> str:
        url = _redact_url(httpx.URL(self.base_url), self._secret_query)
        return f"<{type(self).__name__} base_url={url!r}>"

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        idempotency_header: str | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with other settings, sharing its connection pool.

        ``client.with_options(timeout=5).repos.get(...)`` changes one call site without a second
        pool. ``default_headers`` are added to (and override) the client's own. The copy never
        closes the pool: close the original when done.
        """
        new = copy_client(
            self,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        if not isinstance(idempotency_header, NotGiven):
            new.idempotency_header = idempotency_header
        return new

    def _build(
        self,
        method: str,
        path: str,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None,
        headers: Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None,
        json: object,
        content: str | bytes | None,
        data: Mapping[str, Any] | None,
        files: Any,
        options: RequestOptions | None,
        auth: Auth | None,
    ) -> tuple[httpx.Request, int, bool]:
        """Merge client defaults, call arguments, auth and options into one httpx.Request.

        The order matters: the request's own headers, then auth (which replaces a header of
        the same name, as Postman's does), then the caller's ``extra_headers`` and
        ``extra_query``, which win over everything, so one call can carry other credentials.
        """
        # Most calls add no headers or options of their own: their headers, auth included, are
        # the same every time, so httpx normalises them once per client instead of per call.
        fixed = (
            self._fixed_headers()
            if not headers and not options and auth is None and self._auth.fixed
            else None
        )
        hdrs: dict[str, str] = {} if fixed else self._headers.copy()
        repeated: list[tuple[str, str]] = (
            []
        )  # second and later values of a repeated header
        if headers:
            mapping = isinstance(headers, Mapping)
            for key, value in _pairs(headers):
                if value is None:
                    continue
                if mapping or key.lower() not in map(str.lower, hdrs):
                    _put_header(hdrs, key, value)
                else:
                    repeated.append((key, value))
        params: dict[str, Any] = {}
        if query:
            for key, item in _pairs(query):
                _add_query(params, key, item)
        raw = False
        timeout: Any = self.timeout
        retries = self.max_retries
        if fixed:
            params.update(fixed[1])
        else:
            # A request whose Postman auth differs from the client's default passes its own.
            (self._auth if auth is None else auth).apply(hdrs, params)
        if options:
            for key, extra in (options.get("extra_headers") or {}).items():
                if key == _RAW_MARKER:
                    raw = True
                else:
                    _put_header(hdrs, key, extra)
                    repeated = [p for p in repeated if p[0].lower() != key.lower()]
            params.update(options.get("extra_query") or {})
            extra_body = options.get("extra_body")
            if extra_body:
                json, data = self._merge_extra_body(json, content, data, extra_body)
            timeout = options.get("timeout", timeout)
            retries = options.get("max_retries", retries)
        if data:
            data = {
                key: value for key, value in data.items() if value is not None
            } or None
        if files:
            files = _file_parts(files)
        if json is NOT_GIVEN or json is None:
            json = None
        elif isinstance(json, str | bytes):
            # A JSON body given as text is sent as written, as Postman sends its raw text
            # (which may hold comments or placeholders no JSON encoder would keep).
            content, json = json, None
        else:
            json = _jsonable(json)
        # h11 refuses a value with outer whitespace (`Bearer ` + an empty token); servers
        # strip it anyway, so strip it here.
        sent: list[tuple[str, str]] | httpx.Headers = (
            fixed[0]
            if fixed
            else [(k, v.strip()) for k, v in (*hdrs.items(), *repeated)]
        )
        # A request on another host than the client's (an OAuth token endpoint, say) has an
        # absolute URL.
        url: str | httpx.URL = (
            path if path.startswith(("https://", "http://")) else self.base_url + path
        )
        flags = (
            [key for key, value in params.items() if isinstance(value, KeyOnly)]
            if params
            else None
        )
        if flags:
            url, params = _with_flags(url, params, flags), {}
        elif fixed and not params and json is content is data is files is None:
            # Nothing of its own but the URL: the common call, built without httpx's merge.
            plain = self._plain.build(method, str(url), fixed[0], timeout)
            if plain is not None:
                return plain, retries, raw
        request = self._http.build_request(
            method,
            url,
            params=params or None,
            headers=sent,
            json=json,
            content=content,
            data=data,
            files=files,
            timeout=timeout,
        )
        return request, retries, raw

    def _fixed_headers(self) -> tuple[httpx.Headers, dict[str, Any]]:
        """Headers and query parameters of a call that adds none of its own, under the
        client's fixed auth: worked out once, and again for a ``with_options`` copy whose
        headers differ."""
        cached = self._fixed
        if cached and cached[0] is self._headers and cached[1] is self._auth:
            return cached[2], cached[3]
        hdrs = self._headers.copy()
        params: dict[str, Any] = {}
        self._auth.apply(hdrs, params)
        # h11 refuses a value with outer whitespace: strip it, as every other call does.
        headers = httpx.Headers([(k, v.strip()) for k, v in hdrs.items()])
        self._fixed = (self._headers, self._auth, headers, params)
        return headers, params

    @staticmethod
    def _merge_extra_body(
        json: object,
        content: str | bytes | None,
        data: Mapping[str, Any] | None,
        extra: Mapping[str, object],
    ) -> tuple[object, Mapping[str, Any] | None]:
        if isinstance(json, NotGiven) or json is None:
            if content is None and data is None:
                return dict(extra), data
            if content is None:
                return json, {**(data or {}), **extra}
        else:
            body = _jsonable(json)
            if isinstance(body, dict):
                return {**body, **_jsonable(extra)}, data  # type: ignore[dict-item]
        raise TypeError("extra_body can only be merged into a JSON object or form body")

    def _retry_delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before retry number ``attempt + 1``."""
        if response is not None:
            after = _retry_after(response.headers)
            if after is not None:
                return min(after, self._retry_after_max)
        delay = min(self._backoff_base * 2.0**attempt, self._backoff_max)
        # Jitter spreads out clients that failed together, so they don't retry in lockstep.
        return delay * random.uniform(0.75, 1.25)

    def _should_retry(self, response: httpx.Response, replayable: bool = True) -> bool:
        if not replayable:
            return rejected_unprocessed(response)
        code = response.status_code
        return code in _RETRY_STATUSES or code >= 500

    def _token_auth(self, auth: Auth | None) -> TokenAuth | None:
        """The call's auth when it is a token the client fetches itself (see _oauth)."""
        effective = self._auth if auth is None else auth
        return effective if isinstance(effective, TokenAuth) else None

    def _replayable(
        self, request: httpx.Request, options: RequestOptions | None
    ) -> bool:
        """Add the call's idempotency key; say whether a failed attempt may be sent again."""
        key = options.get("idempotency_key") if options else None
        return add_idempotency_key(request, self.idempotency_header, key)

    def _log_retry(
        self,
        request: httpx.Request,
        attempt: int,
        retries: int,
        wait: float,
        reason: str,
    ) -> None:
        if self._log.isEnabledFor(logging.INFO):
            self._log.info(
                "Retrying %s %s (attempt %d of %d) in %.2fs: %s",
                request.method,
                _redact_url(request.url, self._secret_query),
                attempt + 1,
                retries,
                wait,
                reason,
            )

    def _log_response(self, request: httpx.Request, response: httpx.Response) -> None:
        if self._log.isEnabledFor(logging.DEBUG):
            self._log.debug(
                "%s %s -> %d (%s) headers=%s",
                request.method,
                _redact_url(request.url, self._secret_query),
                response.status_code,
                _elapsed(response),
                {
                    k: "REDACTED" if k.lower() in self._secret_headers else v
                    for k, v in request.headers.items()
                },
            )

    def _connection_error(
        self, exc: httpx.TransportError, request: httpx.Request
    ) -> APIError:
        cls = (
            APITimeoutError
            if isinstance(exc, httpx.TimeoutException)
            else APIConnectionError
        )
        text = "Request timed out" if cls is APITimeoutError else "Connection error"
        return cls(f"{text} ({type(exc).__name__}: {exc})", request=request)

    def _send_options(
        self, auth: Auth | None, follow_redirects: bool | None
    ) -> Mapping[str, Any]:
        """httpx ``send`` keywords: the call's auth and redirect rule, else the client's."""
        if auth is None and follow_redirects is None:
            return self._default_send  # the common case: built once, never mutated
        flow = self._httpx_auth if auth is None else auth.httpx_auth
        return {
            "auth": httpx.USE_CLIENT_DEFAULT if flow is None else flow,
            "follow_redirects": (
                httpx.USE_CLIENT_DEFAULT
                if follow_redirects is None
                else follow_redirects
            ),
        }

    def _finish(self, response: httpx.Response, cast_to: Any, raw: bool) -> Any:
        if raw:
            return RawResponse[Any](response, cast_to, self.strict, self._is_async)
        return _parse_success(response, cast_to, self.strict, self._is_async)
