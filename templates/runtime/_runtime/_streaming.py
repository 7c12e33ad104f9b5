"""Streamed responses: the body read as it arrives, and server-sent events.

``client.with_streaming_response.<resource>.<method>(...)`` sends the request with httpx's
``stream=True`` and returns a context manager whose body is read on demand (``iter_bytes()``,
``iter_lines()``, ``iter_events()``). Retries cover only the time before the response starts
(connection errors, a retryable status): once the body streams, a failure is raised, never
replayed. A streamed read has no read timeout unless the call passes ``timeout=``: a stream may
stay quiet between events for longer than any whole-response budget.
"""

from __future__ import annotations

import functools
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    _make_status_error,
)
from ._idempotency import surely_not_sent
from ._request import RequestOptions
from ._response import _RAW_MARKER, _parse_success
from ._sse import ServerSentEvent, _EventParser

if TYPE_CHECKING:
    from ._client import AsyncAPIClient, SyncAPIClient

_T = TypeVar("_T")
_C = TypeVar("_C")
_P = ParamSpec("_P")
#: Value of the raw-response marker that asks for a streamed response.
_STREAM = "stream"


def is_stream(options: RequestOptions | None) -> bool:
    """The call came through ``with_streaming_response``."""
    headers = options.get("extra_headers") if options else None
    return bool(headers) and headers.get(_RAW_MARKER) == _STREAM  # type: ignore[union-attr]


def _untimed_read(request: httpx.Request, options: RequestOptions | None) -> None:
    if options and "timeout" in options:
        return  # the caller chose a timeout for this call
    timeout = dict(request.extensions.get("timeout") or {})
    timeout["read"] = None
    request.extensions["timeout"] = timeout


def _body_error(exc: httpx.TransportError, response: httpx.Response) -> APIError:
    cls = (
        APITimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else APIConnectionError
    )
    return cls(
        f"Stream interrupted ({type(exc).__name__}: {exc})", request=response.request
    )


def _guard(chunks: Iterator[_C], response: httpx.Response) -> Iterator[_C]:
    """Body-read failures as the client's own errors (never retried: the body had begun)."""
    try:
        yield from chunks
    except httpx.TransportError as exc:
        raise _body_error(exc, response) from exc


async def _aguard(
    chunks: AsyncIterator[_C], response: httpx.Response
) -> AsyncIterator[_C]:
    try:
        async for chunk in chunks:
            yield chunk
    except httpx.TransportError as exc:
        raise _body_error(exc, response) from exc


class StreamedResponse(Generic[_T]):
    """A response whose body is read on demand; use it as a context manager (it closes it)."""

    def __init__(
        self, http_response: httpx.Response, cast_to: Any, strict: bool
    ) -> None:
        self.http_response = http_response
        self._cast_to = cast_to
        self._strict = strict

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body as it arrives, decompressed."""
        return _guard(self.http_response.iter_bytes(chunk_size), self.http_response)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body as decoded text chunks."""
        return _guard(self.http_response.iter_text(chunk_size), self.http_response)

    def iter_lines(self) -> Iterator[str]:
        """The body line by line (newline-delimited JSON streams, keep-alive blank lines)."""
        return _guard(self.http_response.iter_lines(), self.http_response)

    def iter_events(self) -> Iterator[ServerSentEvent]:
        """``text/event-stream`` events, each as soon as its blank line arrives."""
        parser = _EventParser()
        for line in self.iter_lines():
            event = parser.feed(line)
            if event is not None:
                yield event
        last = parser.feed("")
        if last is not None:
            yield last

    def read(self) -> bytes:
        """The whole remaining body."""
        return self.http_response.read()

    def parse(self) -> _T:
        """Read the whole body and parse it as the non-streaming method would."""
        self.http_response.read()
        parsed: _T = _parse_success(self.http_response, self._cast_to, self._strict)
        return parsed

    def close(self) -> None:
        """Release the connection (unread body is discarded)."""
        self.http_response.close()

    def __enter__(self) -> StreamedResponse[_T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<StreamedResponse [{self.status_code}]>"


class AsyncStreamedResponse(Generic[_T]):
    """Async twin of ``StreamedResponse`` (``async for chunk in r.iter_bytes()``)."""

    def __init__(
        self, http_response: httpx.Response, cast_to: Any, strict: bool
    ) -> None:
        self.http_response = http_response
        self._cast_to = cast_to
        self._strict = strict

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body as it arrives, decompressed."""
        return _aguard(self.http_response.aiter_bytes(chunk_size), self.http_response)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body as decoded text chunks."""
        return _aguard(self.http_response.aiter_text(chunk_size), self.http_response)

    def iter_lines(self) -> AsyncIterator[str]:
        """The body line by line."""
        return _aguard(self.http_response.aiter_lines(), self.http_response)

    async def iter_events(self) -> AsyncIterator[ServerSentEvent]:
        """``text/event-stream`` events, each as soon as it is complete."""
        parser = _EventParser()
        async for line in self.iter_lines():
            event = parser.feed(line)
            if event is not None:
                yield event
        last = parser.feed("")
        if last is not None:
            yield last

    async def read(self) -> bytes:
        """The whole remaining body."""
        return await self.http_response.aread()

    async def parse(self) -> _T:
        """Read the whole body and parse it as the non-streaming method would."""
        await self.http_response.aread()
        parsed: _T = _parse_success(
            self.http_response, self._cast_to, self._strict, is_async=True
        )
        return parsed

    async def close(self) -> None:
        """Release the connection."""
        await self.http_response.aclose()

    def __repr__(self) -> str:
        return f"<AsyncStreamedResponse [{self.status_code}]>"


class _AsyncStreamManager(Generic[_T]):
    """``async with`` over a pending streamed call: sends on enter, closes on exit."""

    def __init__(self, call: Awaitable[AsyncStreamedResponse[_T]]) -> None:
        self._call = call
        self._response: AsyncStreamedResponse[_T] | None = None

    async def __aenter__(self) -> AsyncStreamedResponse[_T]:
        self._response = await self._call
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def _with_stream_marker(kwargs: dict[str, Any]) -> None:
    headers = dict(kwargs.get("extra_headers") or {})
    headers[_RAW_MARKER] = _STREAM
    kwargs["extra_headers"] = headers


def to_streamed_response_wrapper(
    fn: Callable[_P, _T],
) -> Callable[_P, StreamedResponse[_T]]:
    """Wrap a resource method so that it returns a ``StreamedResponse`` (a context manager)."""

    @functools.wraps(fn)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> StreamedResponse[_T]:
        _with_stream_marker(kwargs)
        return fn(*args, **kwargs)  # type: ignore[return-value]

    return wrapped


def async_to_streamed_response_wrapper(
    fn: Callable[_P, Awaitable[_T]],
) -> Callable[_P, _AsyncStreamManager[_T]]:
    """Async twin: ``async with client.with_streaming_response.x.y() as response:``."""

    @functools.wraps(fn)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> _AsyncStreamManager[_T]:
        _with_stream_marker(kwargs)
        return _AsyncStreamManager(fn(*args, **kwargs))  # type: ignore[arg-type]

    return wrapped


def send_stream(
    client: SyncAPIClient,
    request: httpx.Request,
    send: Mapping[str, Any],
    retries: int,
    replayable: bool,
    options: RequestOptions | None,
) -> httpx.Response:
    """Send with ``stream=True``; retry only until a 2xx response has started."""
    _untimed_read(request, options)
    attempt = 0
    while True:
        try:
            response = client._http.send(request, stream=True, **send)
        except httpx.TransportError as exc:
            if attempt >= retries or not (replayable or surely_not_sent(exc)):
                raise client._connection_error(exc, request) from exc
            wait = client._retry_delay(attempt, None)
        else:
            client._log_response(request, response)
            if response.is_success:
                return response
            response.read()  # an error body is small: read it for the exception
            response.close()
            if attempt >= retries or not client._should_retry(response, replayable):
                raise _make_status_error(response, client._errors)
            wait = client._retry_delay(attempt, response)
        time.sleep(wait)
        attempt += 1


async def asend_stream(
    client: AsyncAPIClient,
    request: httpx.Request,
    send: Mapping[str, Any],
    retries: int,
    replayable: bool,
    options: RequestOptions | None,
) -> httpx.Response:
    """Async twin of ``send_stream``."""
    import asyncio

    _untimed_read(request, options)
    attempt = 0
    while True:
        try:
            response = await client._http.send(request, stream=True, **send)
        except httpx.TransportError as exc:
            if attempt >= retries or not (replayable or surely_not_sent(exc)):
                raise client._connection_error(exc, request) from exc
            wait = client._retry_delay(attempt, None)
        else:
            client._log_response(request, response)
            if response.is_success:
                return response
            await response.aread()
            await response.aclose()
            if attempt >= retries or not client._should_retry(response, replayable):
                raise _make_status_error(response, client._errors)
            wait = client._retry_delay(attempt, response)
        await asyncio.sleep(wait)
        attempt += 1
