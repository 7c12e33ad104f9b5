"""Runtime shared by every postgen client: transport, auth, retries, errors and parsing.

This file is copied byte-for-byte into each generated package as ``_runtime.py``. It does not
depend on the collection; it depends only on httpx, pydantic v2 and the standard library.

Exception hierarchy::

    APIError                        base of everything the client raises about a call
     ├── APIConnectionError         the connection failed or dropped (after retries)
     │    └── APITimeoutError       connect/read/write/pool timeout (after retries)
     ├── APIStatusError             a non-2xx response; carries status_code, code, body, response
     │    ├── BadRequestError             400
     │    ├── AuthenticationError         401
     │    ├── PermissionDeniedError       403
     │    ├── NotFoundError               404
     │    ├── ConflictError               409
     │    ├── UnprocessableEntityError    422
     │    ├── RateLimitError              429
     │    ├── InternalServerError         5xx without a class of its own
     │    └── <generated code classes>    e.g. ResourceNotFoundError(BadRequestError, ...)
     └── ResponseValidationError    strict mode only: a 2xx body did not fit the declared type

    MissingSettingError(ValueError) a required setting was neither passed nor in the environment
"""

from __future__ import annotations

import base64
import functools
import json as jsonlib
import logging
import os
import random
import sys
import time
import types
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import (
    IO,
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Generic,
    Literal,
    ParamSpec,
    Self,
    TypedDict,
    TypeVar,
    Union,
    get_args,
    get_origin,
    overload,
)
from urllib.parse import parse_qsl, quote, urlencode

import httpx
import pydantic

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter

_T = TypeVar("_T")
_P = ParamSpec("_P")
_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)

# A long read timeout because bulk/report endpoints are slow; a short connect timeout because
# an unreachable host should fail fast and be retried.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
# Backoff knobs. Clients copy them at construction, so a test can shrink one client's delays
# (``client._backoff_base = 0.01``) without touching other clients.
RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
RETRY_AFTER_MAX = 60.0
_RETRY_STATUSES = frozenset({408, 409, 429})
# Header name used only inside the process: the raw-response wrappers add it to ``extra_headers``
# and ``request()`` strips it before sending.
_RAW_MARKER = "X-Postgen-Raw-Response"
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


class NotGiven:
    """Sentinel for "argument not passed", distinct from an explicit ``None``."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


# --------------------------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------------------------


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

    ``code`` is the documented error code found in the body (as a string) and ``body`` is the
    parsed JSON (or the generated ``body_model`` when set, or the text when not JSON).
    """

    #: The model of the error body, or ``"module:Name"`` (relative to the package) so that
    #: importing the client does not build pydantic models before the first error.
    body_model: ClassVar[type[BaseModel] | str | None] = None

    status_code: int
    code: str | None
    body: object
    response: httpx.Response

    def __init__(
        self, message: str, *, response: httpx.Response, body: object, code: str | None
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

    def __str__(self) -> str:
        if self.code:
            return f"{self.status_code} {self.code}: {self.message}"
        return f"{self.status_code}: {self.message}"


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
    """Strict mode only: a 2xx body did not fit the declared return type.

    In the default (lenient) mode the client returns a best-effort object instead, because a
    Postman example is a sample, not a schema.
    """

    response: httpx.Response
    errors: str

    def __init__(self, message: str, *, response: httpx.Response, errors: str) -> None:
        super().__init__(f"{message}\n{errors}", request=response.request)
        self.response = response
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


def _find_code(body: object, paths: tuple[tuple[str, ...], ...]) -> str | None:
    for path in paths:
        node = body
        for key in path:
            if isinstance(node, Mapping):
                node = node.get(key)
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                node = None
                break
        # Numeric codes (e.g. 1001) are compared as strings so generated tables stay uniform.
        if node is not None and not isinstance(node, dict | list):
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
    code = _find_code(body, spec.code_paths)
    cls = spec.by_code.get((status, code)) if code is not None else None
    if cls is None:
        cls = STATUS_ERRORS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    message = _find_message(body) or response.reason_phrase or f"HTTP {status}"
    if cls.body_model is not None and isinstance(body, dict | list):
        body = _tolerant(_resolve_model(cls, cls.body_model), body)
    return cls(message, response=response, body=body, code=code)


# --------------------------------------------------------------------------------------------
# Settings and auth
# --------------------------------------------------------------------------------------------


@overload
def read_setting(
    value: str | None,
    *,
    name: str,
    env: str,
    default: str | None,
    required: Literal[True],
) -> str: ...
@overload
def read_setting(
    value: str | None, *, name: str, env: str, default: str | None, required: bool
) -> str | None: ...
def read_setting(
    value: str | None, *, name: str, env: str, default: str | None, required: bool
) -> str | None:
    """Resolve a setting: explicit value, else environment variable ``env``, else ``default``.

    An empty environment variable counts as unset, because shells and CI often export blanks.
    """
    if value is None:
        value = os.environ.get(env) or default
    if value is None and required:
        raise MissingSettingError(f"{name} is required: pass {name}=... or set {env}")
    return value


def require_setting(value: str | None, *, name: str, env: str) -> str:
    """A setting that only some requests need, checked when such a request is made.

    The client can then be built without credentials for endpoints the caller never uses.
    """
    if value is None:
        raise MissingSettingError(
            f"{name} is required for this request: pass {name}=... or set {env}"
        )
    return value


def _put_header(headers: dict[str, str], name: str, value: str) -> None:
    # Header names are case-insensitive: drop a differently-cased duplicate so that exactly one
    # value (the later one) is sent.
    if name not in headers:
        lower = name.lower()
        for existing in headers:
            if existing.lower() == lower:
                del headers[existing]
                break
    headers[name] = value


def _lower_keys(headers: Mapping[str, str]) -> set[str]:
    return {key.lower() for key in headers}


def _pairs(
    values: Mapping[str, _T] | Sequence[tuple[str, _T]] | None,
) -> Sequence[tuple[str, _T]]:
    """Generated code passes a dict, or a list of pairs when a key repeats."""
    if values is None:
        return ()
    if isinstance(values, Mapping):
        return list(values.items())
    return values


def _add_query(params: dict[str, Any], key: str, value: object) -> None:
    """One query value; a sequence (or a repeated key) sends the key once per item."""
    items = (
        [v for v in value if v is not None]
        if isinstance(value, list | tuple)
        else ([] if value is None else [value])
    )
    if not items:
        return
    if key in params:
        earlier = params[key]
        params[key] = [*(earlier if isinstance(earlier, list) else [earlier]), *items]
    else:
        params[key] = items if isinstance(value, list | tuple) else items[0]


class Auth:
    """Base of the auth strategies; the default applies nothing.

    ``apply`` runs after user headers are merged, so auth headers replace user headers with
    the same name. ``secret_names`` lists extra header/query names to redact in logs.
    """

    secret_names: tuple[str, ...] = ()

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


#: A path parameter: ids are often numbers; the value is URL-quoted either way.
PathValue = str | int

#: A query parameter; a sequence sends the key once per item (`?tag=a&tag=b`).
QueryValue = str | int | float | bool | Sequence[str | int | float | bool]

#: What a file parameter accepts: a path, bytes, a binary file object, or
#: ``(filename, content)`` / ``(filename, content, content_type)``.
FileInput = Union[
    "os.PathLike[str]",
    bytes,
    IO[bytes],
    tuple[str, bytes | IO[bytes]],
    tuple[str, bytes | IO[bytes], str],
]


def _is_repeated(value: object) -> bool:
    # A list of files, or a tuple of text values (a key Postman sends more than once); a
    # ``(filename, content)`` tuple is one file.
    if isinstance(value, list):
        return True
    return isinstance(value, tuple) and all(
        isinstance(item, str | int | float | bool) for item in value
    )


def _file_parts(files: Mapping[str, Any]) -> list[tuple[str, Any]] | None:
    """httpx's ``files=`` for a multipart body, in order: None dropped, text values sent as
    plain parts, a list as one part per item, paths read (by name, not content)."""
    parts: list[tuple[str, Any]] = []
    for key, value in files.items():
        for item in value if _is_repeated(value) else [value]:
            if item is None:
                continue
            if isinstance(item, str | int | float | bool):
                text = str(item).lower() if isinstance(item, bool) else str(item)
                parts.append((key, (None, text)))
            elif isinstance(item, os.PathLike):
                path = os.fspath(item)
                with open(path, "rb") as stream:
                    parts.append((key, (os.path.basename(path), stream.read())))
            else:
                parts.append((key, item))
    return parts or None


class BearerAuth(Auth):
    """``Authorization: <prefix> <token>``; nothing is sent when the token is empty."""

    def __init__(self, token: str | None, prefix: str = "Bearer") -> None:
        self._value = f"{prefix} {token}" if prefix else (token or "")
        self._token = token

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Set the Authorization header."""
        if self._token:
            _put_header(headers, "Authorization", self._value)


class BasicAuth(Auth):
    """HTTP basic auth, sent pre-emptively as a header."""

    def __init__(self, username: str, password: str) -> None:
        raw = f"{username}:{password}".encode()
        self._value = "Basic " + base64.b64encode(raw).decode("ascii")

    def apply(self, headers: dict[str, str], query: dict[str, Any]) -> None:
        """Set the Authorization header."""
        _put_header(headers, "Authorization", self._value)


class ApiKeyAuth(Auth):
    """An API key sent as a header (default) or a query parameter named ``name``."""

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

    def __init__(self, username: str, password: str) -> None:
        self._auth = httpx.DigestAuth(username, password)

    @property
    def httpx_auth(self) -> httpx.Auth | None:
        """The httpx digest flow."""
        return self._auth


def _redact_url(url: httpx.URL, secrets: frozenset[str]) -> str:
    """Render a URL for logs with userinfo dropped and secret query values replaced."""
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if not url.query:
        return str(url)
    pairs = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    clean = [(k, "REDACTED" if k.lower() in secrets else v) for k, v in pairs]
    return str(url.copy_with(query=urlencode(clean).encode("ascii")))


# --------------------------------------------------------------------------------------------
# Request building helpers
# --------------------------------------------------------------------------------------------


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as ``**options``."""

    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, object]
    extra_body: Mapping[str, object]
    timeout: float | httpx.Timeout | None
    max_retries: int


#: The keys of ``RequestOptions``, plus the raw-response wrappers' own marker.
_OPTION_NAMES = frozenset(RequestOptions.__annotations__)


def _unexpected_keyword(
    options: Mapping[str, object], caller: types.FrameType
) -> TypeError:
    """The TypeError a plain function raises for a misspelled keyword, with a suggestion.

    Generated methods take ``**options`` (typed, so mypy already rejects a typo), which would
    otherwise swallow any keyword at run time. Only this error path looks at the caller's
    frame to name the method and its real parameters; a normal call pays one set check.
    """
    import difflib

    code = caller.f_code
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    valid = sorted({*names, *_OPTION_NAMES} - {"self", "options"})
    unknown = sorted(set(options) - _OPTION_NAMES)[0]
    message = f"{code.co_qualname}() got an unexpected keyword argument {unknown!r}"
    close = difflib.get_close_matches(unknown, valid, n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return TypeError(message)


def path_param(name: str, value: object) -> str:
    """Render a path parameter, URL-quoted so that a value can never change the path."""
    text = str(value)
    if not text:
        raise ValueError(f"Expected a non-empty value for `{name}`")
    return quote(text, safe="")


def pick(
    value: object, fallback: str | None, name: str | None = None, env: str | None = None
) -> str:
    """A method argument, else its fallback (a client setting or a generated value).

    ``name`` and ``env`` are given when the fallback may be unset too: then neither the call
    nor the client supplied the value, and the error says both ways to give it.
    """
    if value is not None:
        return str(value)
    if fallback is None:
        raise MissingSettingError(
            f"{name} is required: pass {name}=... to this method or to the client, "
            f"or set {env}"
        )
    return fallback


def dynamic_value(name: str) -> str:
    """A fresh value for one of Postman's dynamic variables (``$guid``, ``$timestamp``, ...).

    Made once per call, before the first attempt, so every retry of the call sends the same
    value (as Postman does within one send).
    """
    import uuid  # imported on first use: most clients never need it

    if name in ("$guid", "$randomUUID"):
        return str(uuid.uuid4())
    if name == "$timestamp":
        return str(int(time.time()))
    if name == "$isoTimestamp":
        now = time.time()
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + (
            f".{int(now % 1 * 1000):03d}Z"
        )
    if name == "$randomInt":
        return str(random.randint(0, 1000))
    if name == "$randomBoolean":
        return random.choice(("true", "false"))
    if name == "$randomHexadecimal":
        return random.choice("0123456789abcdef")
    if name == "$randomAlphaNumeric":
        return random.choice("abcdefghijklmnopqrstuvwxyz0123456789")
    raise ValueError(f"unknown dynamic variable {name!r}")


def _fill(text: str, values: Mapping[str, str]) -> str:
    """``{{name}}`` tokens of ``text`` replaced by ``values`` (others left as they are)."""
    if "{{" not in text:
        return text
    import re

    return re.sub(
        r"\{\{([^{}]*?)\}\}",
        lambda match: values.get(match.group(1).strip(), match.group(0)),
        text,
    )


def graphql_body(
    query: str,
    variables: Mapping[str, Any] | None,
    saved: str,
    values: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON of a graphql request, as Postman sends it.

    ``{{tokens}}`` in the query (and in the saved variables) are filled from ``values``;
    ``variables`` of None means the collection's saved variables, and no ``variables`` key is
    sent when there are none.
    """
    values = values or {}
    body: dict[str, Any] = {"query": _fill(query, values)}
    if variables is None and saved.strip():
        try:
            variables = jsonlib.loads(_fill(saved, values))
        except ValueError:
            variables = None
    if variables is not None:
        body["variables"] = variables
    return body


def _jsonable(value: object) -> object:
    """Turn a request body (models, possibly nested in dicts/lists) into JSON-ready data."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True, mode="json")
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    import pydantic_core  # imported on first use: keeps `import <client>` fast

    return pydantic_core.to_jsonable_python(value)


# --------------------------------------------------------------------------------------------
# Response parsing
# --------------------------------------------------------------------------------------------

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _resolve_model(owner: type, spec: type[BaseModel] | str) -> type[BaseModel]:
    """``body_model`` given lazily as ``"module:Name"``, relative to the owner's package."""
    if not isinstance(spec, str):
        return spec
    import importlib

    module_name, _, name = spec.partition(":")
    package = owner.__module__.rpartition(".")[0]
    model: type[BaseModel] = getattr(
        importlib.import_module(module_name, package), name
    )
    return model


_NONE_TYPE = type(None)


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    # Building a TypeAdapter costs milliseconds; the hot path must only pay a dict lookup.
    try:
        return _ADAPTERS[annotation]
    except KeyError:
        adapter = _ADAPTERS[annotation] = pydantic.TypeAdapter(annotation)
        return adapter
    except TypeError:  # unhashable annotation: build it every time rather than fail
        return pydantic.TypeAdapter(annotation)


def _is_model(annotation: Any) -> bool:
    return (
        get_origin(annotation) is None
        and isinstance(annotation, type)
        and issubclass(annotation, pydantic.BaseModel)
    )


def _tolerant(annotation: Any, value: object) -> Any:
    """Validate ``value`` as ``annotation``; on failure build it leniently, keeping raw data."""
    if annotation is Any or annotation is object:
        return value
    try:
        return _adapter(annotation).validate_python(value)
    except Exception:  # lenient mode must never crash, whatever pydantic raises
        pass
    return _construct(annotation, value)


def _construct(annotation: Any, value: object) -> Any:
    """Lenient construction of one value that did not validate (see ``_tolerant``)."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        return _tolerant(args[0], value)
    if _is_model(annotation):
        if annotation.__pydantic_root_model__:
            root = annotation.model_fields["root"].annotation
            return annotation.model_construct(root=_tolerant(root, value))
        if isinstance(value, Mapping):
            return _construct_model(annotation, value)
        return value
    if origin is Union or origin is types.UnionType:
        if value is None:
            return None
        for arg in args:
            if arg is not _NONE_TYPE and _shape_fits(arg, value):
                return _construct(arg, value)
        return value
    if isinstance(value, list) and origin in (list, set, frozenset, tuple, Sequence):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return (
                value  # fixed-length tuples are rare in API models; keep the raw list
            )
        item = args[0] if args else Any
        return [_tolerant(item, v) for v in value]
    if isinstance(value, Mapping) and origin in (dict, Mapping):
        item = args[1] if len(args) == 2 else Any
        return {k: _tolerant(item, v) for k, v in value.items()}
    return value


def _shape_fits(annotation: Any, value: object) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _shape_fits(get_args(annotation)[0], value)
    if _is_model(annotation):
        return isinstance(value, Mapping) or bool(annotation.__pydantic_root_model__)
    if origin in (list, set, frozenset, tuple, Sequence):
        return isinstance(value, list)
    return origin in (dict, Mapping) and isinstance(value, Mapping)


def _field_keys(name: str, info: pydantic.fields.FieldInfo) -> list[str]:
    keys: list[str] = []
    if isinstance(info.validation_alias, str):
        keys.append(info.validation_alias)
    elif isinstance(info.validation_alias, pydantic.AliasChoices):
        keys.extend(c for c in info.validation_alias.choices if isinstance(c, str))
    if info.alias:
        keys.append(info.alias)
    keys.append(name)
    return keys


def _construct_model(cls: type[BaseModel], data: Mapping[str, Any]) -> BaseModel:
    values: dict[str, Any] = {}
    fields_set: set[str] = set()
    used: set[str] = set()
    for name, info in cls.model_fields.items():
        for key in _field_keys(name, info):
            if key in data:
                values[name] = _tolerant(info.annotation, data[key])
                fields_set.add(name)
                used.add(key)
                break
        else:
            if info.is_required():
                # None rather than an absent attribute: reading it must not raise.
                values[name] = None
    model = cls.model_construct(_fields_set=fields_set, **values)
    extras = {k: v for k, v in data.items() if k not in used}
    if extras:
        # Keep unknown keys even when the model does not say extra="allow": drift is data.
        object.__setattr__(model, "__pydantic_extra__", extras)
    return model


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


# --------------------------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------------------------


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


class _BaseClient(Generic[_HttpT]):
    """State and logic shared by the sync and async clients (everything but the send loop).

    Owns the httpx client it creates (and closes it) unless ``http_client`` was given: a
    borrowed client belongs to the caller, who closes it.
    """

    _http_class: ClassVar[Callable[..., Any]]  # httpx.Client or httpx.AsyncClient

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
    ) -> None:
        if not base_url:
            raise ValueError("base_url must not be empty")
        # Paths from generated code start with "/", so a prefix such as /v1 keeps one slash.
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.strict = strict
        self._package = package
        self._errors = errors
        self._auth = auth
        self._httpx_auth = auth.httpx_auth
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

    def __repr__(self) -> str:
        url = _redact_url(httpx.URL(self.base_url), self._secret_query)
        return f"<{type(self).__name__} base_url={url!r}>"

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
        hdrs: dict[str, str] = self._headers.copy()
        repeated: list[tuple[str, str]] = (
            []
        )  # second and later values of a repeated header
        for key, value in _pairs(headers):
            if value is None:
                continue
            if isinstance(headers, Mapping) or key.lower() not in _lower_keys(hdrs):
                _put_header(hdrs, key, value)
            else:
                repeated.append((key, value))
        params: dict[str, Any] = {}
        for key, item in _pairs(query):
            _add_query(params, key, item)
        raw = False
        timeout: Any = self.timeout
        retries = self.max_retries
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
        else:
            json = _jsonable(json)
        # h11 refuses a value with outer whitespace (`Bearer ` + an empty token); servers
        # strip it anyway, so strip it here.
        sent: Any = [(k, v.strip()) for k, v in (*hdrs.items(), *repeated)]
        request = self._http.build_request(
            method,
            # A request on another host than the client's (an OAuth token endpoint, say) has an
            # absolute URL.
            path if path.startswith(("https://", "http://")) else self.base_url + path,
            params=params or None,
            headers=sent,
            json=json,
            content=content,
            data=data,
            files=files,
            timeout=timeout,
        )
        return request, retries, raw

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

    def _should_retry(self, response: httpx.Response) -> bool:
        code = response.status_code
        return code in _RETRY_STATUSES or code >= 500

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
                "%s %s -> %d (%.1f ms) headers=%s",
                request.method,
                _redact_url(request.url, self._secret_query),
                response.status_code,
                response.elapsed.total_seconds() * 1000,
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
    ) -> dict[str, Any]:
        """httpx ``send`` keywords: the call's auth and redirect rule, else the client's."""
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
            return RawResponse[Any](response, cast_to, self.strict)
        return _parse_success(response, cast_to, self.strict)


def _retry_after(headers: httpx.Headers) -> float | None:
    """Server-requested delay from ``retry-after-ms`` or ``Retry-After`` (seconds or date)."""
    try:
        ms = headers.get("retry-after-ms")
        if ms:
            return max(float(ms) / 1000, 0.0)
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            from email.utils import parsedate_to_datetime  # rare: only for HTTP dates

            when = parsedate_to_datetime(value)
            return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base class of generated sync clients: owns (or borrows) an ``httpx.Client``."""

    _http_class = httpx.Client

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> _T: ...
    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any: ...
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any:
        """Send a request (with retries) and return the body parsed as ``cast_to``.

        Raises the mapped ``APIStatusError`` subclass for non-2xx responses and
        ``APIConnectionError``/``APITimeoutError`` when the transport fails.
        """
        if options and not _OPTION_NAMES.issuperset(options):
            raise _unexpected_keyword(options, sys._getframe(1))
        request, retries, raw = self._build(
            method, path, query, headers, json, content, data, files, options, auth
        )
        send = self._send_options(auth, follow_redirects)
        attempt = 0
        while True:
            try:
                response = self._http.send(request, **send)
            except httpx.TransportError as exc:
                if attempt >= retries:
                    raise self._connection_error(exc, request) from exc
                wait = self._retry_delay(attempt, None)
                self._log_retry(request, attempt, retries, wait, type(exc).__name__)
            else:
                self._log_response(request, response)
                if response.is_success:
                    return self._finish(response, cast_to, raw)
                if attempt >= retries or not self._should_retry(response):
                    raise _make_status_error(response, self._errors)
                wait = self._retry_delay(attempt, response)
                self._log_retry(
                    request, attempt, retries, wait, f"HTTP {response.status_code}"
                )
                response.close()
            time.sleep(wait)
            attempt += 1

    def close(self) -> None:
        """Close the underlying httpx client if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Base class of generated async clients: owns (or borrows) an ``httpx.AsyncClient``."""

    _http_class = httpx.AsyncClient

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> _T: ...
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any: ...
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | Sequence[tuple[str, object]] | None = None,
        headers: (
            Mapping[str, str | None] | Sequence[tuple[str, str | None]] | None
        ) = None,
        json: object = NOT_GIVEN,
        content: str | bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        options: RequestOptions | None = None,
        auth: Auth | None = None,
        follow_redirects: bool | None = None,
    ) -> Any:
        """Async twin of ``SyncAPIClient.request`` (sleeps with ``asyncio.sleep``)."""
        if options and not _OPTION_NAMES.issuperset(options):
            raise _unexpected_keyword(options, sys._getframe(1))
        request, retries, raw = self._build(
            method, path, query, headers, json, content, data, files, options, auth
        )
        send = self._send_options(auth, follow_redirects)
        attempt = 0
        while True:
            try:
                response = await self._http.send(request, **send)
            except httpx.TransportError as exc:
                if attempt >= retries:
                    raise self._connection_error(exc, request) from exc
                wait = self._retry_delay(attempt, None)
                self._log_retry(request, attempt, retries, wait, type(exc).__name__)
            else:
                self._log_response(request, response)
                if response.is_success:
                    return self._finish(response, cast_to, raw)
                if attempt >= retries or not self._should_retry(response):
                    raise _make_status_error(response, self._errors)
                wait = self._retry_delay(attempt, response)
                self._log_retry(
                    request, attempt, retries, wait, f"HTTP {response.status_code}"
                )
                await response.aclose()
            # Imported here: sync-only users should not pay asyncio's import time.
            import asyncio

            await asyncio.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        """Close the underlying httpx client if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class SyncAPIResource:
    """Base of generated sync resources (one per Postman folder)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of generated async resources (one per Postman folder)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
