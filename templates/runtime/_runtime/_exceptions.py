"""The exception tree (see the package docstring) and the mapping of error responses to it."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import httpx

from ._error_text import _find_details, _one_line, _request_id
from ._lenient import _resolve_model, _tolerant

if TYPE_CHECKING:
    from pydantic import BaseModel


class APIError(Exception):
    """Base class of every error raised by a postgen client about an API call."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The connection could not be made, or dropped before a response arrived."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    ``code`` is the error code found in the body (as a string; the documented place first, then
    the usual ones), ``body`` is the parsed JSON (or the generated ``body_model`` when set, or
    the text when not JSON), ``details`` are the body's per-field messages (PayPal's
    ``details[].issue``, GitHub's ``errors[]``) and ``request_id`` is the id the server gave the
    request (``x-request-id``, ``request-id``, ``paypal-debug-id``, ... or the body's own), the
    thing to quote to the vendor's support. ``str(error)`` puts them on one bounded line.
    """

    #: The model of the error body, or ``"module:Name"`` (relative to the package) so that
    #: importing the client does not build pydantic models before the first error.
    body_model: ClassVar[type[BaseModel] | str | None] = None

    status_code: int
    code: str | None
    body: object
    response: httpx.Response
    details: tuple[str, ...]
    request_id: str | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        code: str | None,
        details: tuple[str, ...] = (),
        request_id: str | None = None,
    ) -> None:
        try:
            request: httpx.Request | None = response.request
        except (
            RuntimeError
        ):  # a hand-built Response (e.g. in a user's test) has no request
            request = None
        super().__init__(message, request=request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.code = code
        self.details = details
        self.request_id = request_id

    def __str__(self) -> str:
        return _one_line(
            self.status_code, self.code, self.message, self.details, self.request_id
        )


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """Any 5xx status without a class of its own."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


class ResponseValidationError(APIError):
    """A 2xx body that the declared return type cannot hold.

    Always raised for a body that is not JSON where JSON is declared (an XML or HTML page, a
    body in an encoding nothing can read): the method never returns a value its annotation does
    not allow. In strict mode also raised for JSON that does not fit the model; the default
    (lenient) mode returns a best-effort object instead, because a Postman example is a sample,
    not a schema.
    """

    response: httpx.Response
    status_code: int
    errors: str

    def __init__(self, message: str, *, response: httpx.Response, errors: str) -> None:
        try:
            request: httpx.Request | None = response.request
        except RuntimeError:
            request = None
        super().__init__(f"{message}\n{errors}", request=request)
        self.response = response
        self.status_code = response.status_code
        self.errors = errors


class MissingSettingError(ValueError):
    """A required setting was neither passed explicitly nor found in the environment."""


@dataclass(frozen=True)
class ErrorSpec:
    """How to map an error response to a generated exception class.

    ``code_paths`` lists where the documented code may sit in the JSON body (tried in order);
    ``by_code`` maps ``(status, code)`` to the class generated for that documented error.
    """

    code_paths: tuple[tuple[str, ...], ...] = (("code",),)
    by_code: Mapping[tuple[int, str], type[APIStatusError]] = field(
        default_factory=dict
    )


#: Where error codes usually sit, tried when the documented places hold none: the code of an
#: undocumented error (Stripe's ``error.code``) is still on the exception.
USUAL_CODE_PATHS: tuple[tuple[str, ...], ...] = (
    ("code",),
    ("errorCode",),
    ("error_code",),
    ("error", "code"),
    ("error", "name"),
    ("error",),
    ("errors", "*", "code"),
    ("errors", "*", "errorCode"),
)


def _dig(node: object, key: str) -> object:
    if isinstance(node, Mapping):
        return node.get(key)
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        return node[int(key)]
    return None


def _agreed(entries: object, key: str) -> object:
    """``errors[*].code``: the value every entry that has ``key`` agrees on, else None."""
    if not isinstance(entries, list):
        return None
    values = {
        str(entry[key])
        for entry in entries
        if isinstance(entry, Mapping) and entry.get(key) not in (None, "")
    }
    return values.pop() if len(values) == 1 else None


def _find_code(
    body: object, paths: tuple[tuple[str, ...], ...], status: int | None = None
) -> str | None:
    for path in paths:
        node = body
        for index, key in enumerate(path):
            if key == "*":
                node = _agreed(node, path[index + 1]) if index + 1 < len(path) else None
                break
            node = _dig(node, key)
            if node is None:
                break
        if node is None or isinstance(node, bool | dict | list):
            continue
        if status is not None and isinstance(node, int) and node == status:
            continue  # `{"code": 404}` on a 404 repeats the status, it names no error
        if isinstance(node, str) and not node.strip():
            continue
        # Numeric codes (e.g. 1001) are compared as strings so generated tables stay uniform.
        return str(node)
    return None


_MESSAGE_KEYS = (
    "message",
    "error_description",
    "detail",
    "title",
    "error_message",
    "msg",
)


def _find_message(body: object, depth: int = 0) -> str | None:
    if depth > 3:
        return None
    if isinstance(body, list) and body:
        return _find_message(body[0], depth + 1)
    if not isinstance(body, Mapping):
        return None
    for key in _MESSAGE_KEYS:
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value
    for key in ("error", "errors"):
        found = _find_message(body.get(key), depth + 1)
        if found:
            return found
    error = body.get("error")  # OAuth style {"error": "invalid_grant"} as a last resort
    return error if isinstance(error, str) and error else None


def _make_status_error(response: httpx.Response, spec: ErrorSpec) -> APIStatusError:
    """Build the most specific exception for a non-2xx response (code, then status)."""
    content = response.content
    body: object = None
    if content:
        try:
            body = jsonlib.loads(content)
        except ValueError:
            body = response.text
    status = response.status_code
    code = _find_code(body, spec.code_paths, status)
    cls = spec.by_code.get((status, code)) if code is not None else None
    if code is None:
        code = _find_code(body, USUAL_CODE_PATHS, status)
    if cls is None:
        cls = STATUS_ERRORS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    message = _find_message(body) or response.reason_phrase or f"HTTP {status}"
    details = _find_details(body, message)
    request_id = _request_id(response.headers, body)
    if cls.body_model is not None and isinstance(body, dict | list):
        body = _tolerant(_resolve_model(cls, cls.body_model), body)
    return cls(
        message,
        response=response,
        body=body,
        code=code,
        details=details,
        request_id=request_id,
    )
