"""Response parsing: the typed body of a 2xx response and the raw-response wrappers."""

from __future__ import annotations

import functools
import json as jsonlib
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar

import httpx
import pydantic

from ._exceptions import ResponseValidationError
from ._lenient import _NONE_TYPE, _adapter, _construct
from ._types import NOT_GIVEN, NotGiven

_T = TypeVar("_T")
_P = ParamSpec("_P")
# Header name used only inside the process: the raw-response wrappers add it to ``extra_headers``
# and ``request()`` strips it before sending.
_RAW_MARKER = "X-Postgen-Raw-Response"


def _parse_success(response: httpx.Response, cast_to: Any, strict: bool) -> Any:
    """Decode a 2xx body as ``cast_to`` (fast JSON validation first, lenient fallback)."""
    if cast_to is None or cast_to is _NONE_TYPE:
        return None
    content = response.content
    if not content or content.isspace():
        return None
    if cast_to is Any or cast_to is object:
        try:
            return jsonlib.loads(content)
        except ValueError:
            return response.text
    try:
        # validate_json parses and validates in one pass in Rust: faster than json.loads alone.
        return _adapter(cast_to).validate_json(content)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        not_json = bool(errors) and errors[0]["type"] == "json_invalid"
        if strict and not (not_json and cast_to is str):
            name = getattr(cast_to, "__name__", None) or repr(cast_to)
            raise ResponseValidationError(
                f"Response body does not fit {name}", response=response, errors=str(exc)
            ) from exc
    if not_json:
        return response.text
    try:
        data = jsonlib.loads(content)
    except ValueError:  # jiter and json disagree on an edge case: keep the text
        return response.text
    return _construct(cast_to, data)


class RawResponse(Generic[_T]):
    """The HTTP response of a call, with ``parse()`` for the typed body."""

    def __init__(
        self, http_response: httpx.Response, cast_to: Any, strict: bool
    ) -> None:
        self.http_response = http_response
        self._cast_to = cast_to
        self._strict = strict
        self._parsed: NotGiven | _T = NOT_GIVEN

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request(self) -> httpx.Request:
        """The request that was sent (after retries: the last one)."""
        return self.http_response.request

    def parse(self) -> _T:
        """Parse the body exactly as the non-raw method would (cached)."""
        parsed = self._parsed
        if isinstance(parsed, NotGiven):
            parsed = self._parsed = _parse_success(
                self.http_response, self._cast_to, self._strict
            )
        return parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


def _with_raw_marker(kwargs: dict[str, Any]) -> None:
    headers = dict(kwargs.get("extra_headers") or {})
    headers[_RAW_MARKER] = "1"
    kwargs["extra_headers"] = headers


def to_raw_response_wrapper(fn: Callable[_P, _T]) -> Callable[_P, RawResponse[_T]]:
    """Wrap a resource method so that it returns the ``RawResponse`` instead of the body."""

    @functools.wraps(fn)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> RawResponse[_T]:
        _with_raw_marker(kwargs)
        return fn(*args, **kwargs)  # type: ignore[return-value]

    return wrapped


def async_to_raw_response_wrapper(
    fn: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[RawResponse[_T]]]:
    """Async twin of ``to_raw_response_wrapper``."""

    @functools.wraps(fn)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> RawResponse[_T]:
        _with_raw_marker(kwargs)
        return await fn(*args, **kwargs)  # type: ignore[return-value]

    return wrapped
