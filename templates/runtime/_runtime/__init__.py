"""Runtime shared by every postgen client: transport, auth, retries, errors and parsing.

This package is copied byte-for-byte into each generated package as ``_runtime/``. It does not
depend on the collection; it depends only on httpx, pydantic v2 and the standard library. Each
module has one job (``_client`` sends, ``_retry`` decides waits, ``_response`` parses, ...);
this module re-exports the names generated code imports (``from .._runtime import X``).

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
     └── ResponseValidationError    a 2xx body the declared type cannot hold (not JSON where
                                    JSON is declared; in strict mode also JSON that does not fit)

    MissingSettingError(ValueError) a required setting was neither passed nor in the environment
"""

from __future__ import annotations

from ._auth import (
    NO_AUTH,
    ApiKeyAuth,
    Auth,
    BasicAuth,
    BearerAuth,
    DigestAuth,
    MissingAuth,
    NoAuth,
)
from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from ._binary import AsyncBinaryResponse, BinaryResponse
from ._client import (
    AsyncAPIClient,
    AsyncAPIResource,
    SyncAPIClient,
    SyncAPIResource,
)
from ._exceptions import (
    STATUS_ERRORS,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorSpec,
    InternalServerError,
    MissingSettingError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    UnprocessableEntityError,
)
from ._oauth import (
    TokenAuth,
    TokenError,
)
from ._pagination import (
    AsyncPage,
    AsyncPaginator,
    PageScheme,
    SyncPage,
)
from ._request import (
    RequestOptions,
    json_body,
    path_param,
)
from ._response import (
    RawResponse,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)
from ._retry import (
    RETRY_AFTER_MAX,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
)
from ._settings import (
    read_setting,
    require_setting,
)
from ._sse import ServerSentEvent
from ._streaming import (
    AsyncStreamedResponse,
    StreamedResponse,
    async_to_streamed_response_wrapper,
    to_streamed_response_wrapper,
)
from ._types import (
    KEY_ONLY,
    NOT_GIVEN,
    FileInput,
    NotGiven,
    PathValue,
    QueryValue,
)
from ._values import dynamic_value, graphql_body, pick

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "KEY_ONLY",
    "NOT_GIVEN",
    "NO_AUTH",
    "RETRY_AFTER_MAX",
    "RETRY_BASE_DELAY",
    "RETRY_MAX_DELAY",
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKeyAuth",
    "AsyncAPIClient",
    "AsyncAPIResource",
    "AsyncBinaryResponse",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncStreamedResponse",
    "Auth",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "BinaryResponse",
    "ConflictError",
    "DigestAuth",
    "ErrorSpec",
    "FileInput",
    "InternalServerError",
    "MissingAuth",
    "MissingSettingError",
    "NoAuth",
    "NotFoundError",
    "NotGiven",
    "PageScheme",
    "PathValue",
    "PermissionDeniedError",
    "QueryValue",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "ResponseValidationError",
    "ServerSentEvent",
    "StreamedResponse",
    "SyncAPIClient",
    "SyncAPIResource",
    "SyncPage",
    "TokenAuth",
    "TokenError",
    "UnprocessableEntityError",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "dynamic_value",
    "graphql_body",
    "json_body",
    "path_param",
    "pick",
    "read_setting",
    "require_setting",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]
