"""Response parsing: the typed body of a 2xx response and the raw-response wrappers."""

from __future__ import annotations

import functools
import json as jsonlib
import operator
import re
import types
import typing
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar

import httpx
import pydantic

from ._binary import AsyncBinaryResponse, BinaryResponse
from ._exceptions import ResponseValidationError
from ._lenient import _NONE_TYPE, _adapter, _construct
from ._types import NOT_GIVEN, NotGiven

_T = TypeVar("_T")
_P = ParamSpec("_P")
# Header name used only inside the process: the raw-response wrappers add it to ``extra_headers``
# and ``request()`` strips it before sending.
_RAW_MARKER = "X-Postgen-Raw-Response"


_UNDECODABLE = object()
# Media types whose body is text a method returns as `str`, and those whose body is bytes.
_TEXT_MEDIA = re.compile(
    r"^text/|[/+]xml$|^application/(javascript|x-www-form-urlencoded)$"
)
_BINARY_MEDIA = re.compile(
    r"^(image|audio|video|font)/|^application/(octet-stream|pdf|zip|x-zip-compressed|gzip"
    r"|x-gzip|x-tar|x-7z-compressed|x-bzip2|msword|vnd\.ms-|vnd\.openxmlformats)"
)


def _media(response: httpx.Response) -> str:
    value: str = response.headers.get("content-type", "")
    return value.split(";")[0].strip().lower()


def _is_json_media(media: str) -> bool:
    return media.endswith("json") or "json" in media.rpartition("/")[2]


def _binary_class(is_async: bool) -> type[BinaryResponse | AsyncBinaryResponse]:
    return AsyncBinaryResponse if is_async else BinaryResponse


_SPLITS: dict[Any, tuple[Any, bool, Any]] = {}


def _split(cast_to: Any) -> tuple[Any, bool, Any]:
    """``_split_type`` once per ``cast_to``: a method's return type never changes, and taking
    a union apart (``typing.get_origin``/``get_args``) costs more than a dict lookup per call.
    """
    try:
        return _SPLITS[cast_to]
    except KeyError:
        parts = _SPLITS[cast_to] = _split_type(cast_to)
        return parts
    except TypeError:  # unhashable annotation: split it every time rather than fail
        return _split_type(cast_to)


def _split_type(cast_to: Any) -> tuple[Any, bool, Any]:
    """``cast_to`` as (its JSON part or None, whether it admits text, its binary class or None).

    Generated methods declare what the saved examples showed: ``Model | str`` when some were
    text, ``... | BinaryResponse`` when some were files. The JSON part keeps ``str``: a JSON
    string is text too.
    """
    if cast_to in (BinaryResponse, AsyncBinaryResponse):
        return None, False, cast_to
    if typing.get_origin(cast_to) not in (typing.Union, types.UnionType):
        return cast_to, cast_to is str, None
    args = typing.get_args(cast_to)
    binary = next((a for a in args if a in (BinaryResponse, AsyncBinaryResponse)), None)
    rest = [a for a in args if a is not binary]
    json_part: Any = functools.reduce(operator.or_, rest) if rest else None
    return json_part, str in rest, binary


def _where(response: httpx.Response) -> str:
    try:
        request = response.request
    except RuntimeError:  # a hand-built Response (e.g. in a user's test) has no request
        return ""
    # The path only: a query string may hold a credential (`?access_token=`).
    return f" from {request.method} {request.url.path}"


def _not_json(response: httpx.Response, expected: Any) -> ResponseValidationError:
    name = getattr(expected, "__name__", None) or repr(expected)
    media = response.headers.get("content-type") or "no content type"
    return ResponseValidationError(
        f"HTTP {response.status_code} response{_where(response)} is not valid JSON "
        f"({media}; expected {name}); it starts with {response.content[:60]!r}",
        response=response,
        errors="json_invalid",
    )


def _decode_json(response: httpx.Response) -> Any:
    """The body as JSON in any encoding the response declares (UTF-8/16/32 with or without a
    BOM, or its charset); ``_UNDECODABLE`` when it is not JSON."""
    content = response.content
    try:
        return jsonlib.loads(content)
    except ValueError:
        pass
    charset = response.charset_encoding
    if charset:
        try:
            return jsonlib.loads(content.decode(charset))
        except (LookupError, ValueError):
            pass
    return _UNDECODABLE


def _parse_json(
    response: httpx.Response,
    cast_to: Any,
    strict: bool,
    fallback: Callable[[], Any] | None,
) -> Any:
    """Validate the JSON body as ``cast_to`` (fast path in Rust), leniently when it drifted.

    A body that is not JSON at all returns ``fallback()`` when the type admits text or bytes,
    else raises: a method never returns a value its annotation does not allow.
    """
    try:
        # validate_json parses and validates in one pass in Rust: faster than json.loads alone.
        # The adapter's own validator, called directly, skips a Python wrapper per call.
        return _adapter(cast_to).validator.validate_json(response.content)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        if not (errors and errors[0]["type"] == "json_invalid"):
            if strict:
                name = getattr(cast_to, "__name__", None) or repr(cast_to)
                raise ResponseValidationError(
                    f"Response body does not fit {name}",
                    response=response,
                    errors=str(exc),
                ) from exc
    data = _decode_json(response)
    if data is _UNDECODABLE:
        if fallback is None:
            raise _not_json(response, cast_to)
        return fallback()
    return _tolerant_or_strict(response, cast_to, data, strict)


def _tolerant_or_strict(
    response: httpx.Response, cast_to: Any, data: Any, strict: bool
) -> Any:
    try:
        return _adapter(cast_to).validate_python(data)
    except pydantic.ValidationError as exc:
        if strict:
            name = getattr(cast_to, "__name__", None) or repr(cast_to)
            raise ResponseValidationError(
                f"Response body does not fit {name}", response=response, errors=str(exc)
            ) from exc
    return _construct(cast_to, data)


def _parse_success(
    response: httpx.Response, cast_to: Any, strict: bool, is_async: bool = False
) -> Any:
    """Decode a 2xx body as ``cast_to``: JSON into models, text into ``str``, files into a
    binary response; the response's media type picks the part of a union."""
    if cast_to is None or cast_to is _NONE_TYPE:
        return None
    media = _media(response)
    content = response.content
    if cast_to is Any or cast_to is object:
        if _BINARY_MEDIA.search(media):
            return _binary_class(is_async)(response)
        if not content.strip():
            return None
        data = _decode_json(response)
        if data is not _UNDECODABLE:
            return data
        if _is_json_media(media):
            raise _not_json(response, cast_to)
        return response.text
    json_part, text, binary = _split(cast_to)
    if binary is not None and (_BINARY_MEDIA.search(media) or json_part is None):
        return binary(response)
    if not content.strip():
        return "" if json_part is str else None
    json_media = _is_json_media(media)
    if text and not json_media and (json_part is str or _TEXT_MEDIA.search(media)):
        return response.text
    if json_part is str:  # text, or a JSON string: never a dict the annotation refuses
        data = _decode_json(response)
        return data if isinstance(data, str) else response.text
    fallback: Callable[[], Any] | None = None
    if text:
        fallback = lambda: response.text  # noqa: E731
    elif binary is not None:
        fallback = functools.partial(binary, response)
    return _parse_json(response, json_part, strict, fallback)


class RawResponse(Generic[_T]):
    """The HTTP response of a call, with ``parse()`` for the typed body."""

    def __init__(
        self,
        http_response: httpx.Response,
        cast_to: Any,
        strict: bool,
        is_async: bool = False,
    ) -> None:
        self.http_response = http_response
        self._cast_to = cast_to
        self._strict = strict
        self._is_async = is_async
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
                self.http_response, self._cast_to, self._strict, self._is_async
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
