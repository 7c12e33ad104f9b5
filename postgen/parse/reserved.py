"""Names the generated client uses itself: collection items must not take them.

A method or sub-resource named like one of these gets a trailing `_` (`naming_clashes`); a
resource class, `Resource` after it; a resource module, `_resource` after it.
"""

from __future__ import annotations

from postgen.parse.models import SHARED_MODULE
from postgen.parse.settings import RESERVED_CLIENT_NAMES

__all__ = ["RESERVED_CLASSES", "RESERVED_MEMBERS", "RESERVED_MODULES", "RESERVED_ROOT"]

# A folder's attribute and a request's method share one namespace per resource.
RESERVED_MEMBERS = ("with_raw_response", "with_streaming_response")
# Root requests become methods of the client itself: they must not shadow the runtime's members.
RESERVED_ROOT = (
    *RESERVED_MEMBERS,
    *RESERVED_CLIENT_NAMES,
    "settings",
    "auth_schemes",
    "request",
    "close",
    "aclose",
    "with_options",
    "base_url",
    "timeout",
    "max_retries",
    "strict",
)
# Module-level names of the generated `_client.py` and resource modules: a folder's class must
# not shadow them (a folder "Auth" becomes `AuthResource`, not the runtime's `Auth`).
RESERVED_CLASSES = frozenset(
    {
        "Any",
        "Mapping",
        "Unpack",
        "TYPE_CHECKING",
        "NO_AUTH",
        "MissingAuth",
        "PathValue",
        "QueryValue",
        "Sequence",
        "Auth",
        "NoAuth",
        "BearerAuth",
        "BasicAuth",
        "ApiKeyAuth",
        "DigestAuth",
        "FileInput",
        "NotGiven",
        "BinaryResponse",
        "AsyncBinaryResponse",
        "SyncPage",
        "AsyncPaginator",
        "PageScheme",
        "RequestOptions",
        "SyncAPIClient",
        "AsyncAPIClient",
        "SyncAPIResource",
        "AsyncAPIResource",
        "Client",
        "AsyncClient",
        "ClientWithRawResponse",
        "AsyncClientWithRawResponse",
        "ClientWithStreamingResponse",
        "AsyncClientWithStreamingResponse",
        "Settings",
        "PACKAGE",
        "VERSION",
        "ERROR_SPEC",
        "DEFAULT_TIMEOUT",
        "DEFAULT_MAX_RETRIES",
    }
)
RESERVED_MODULES = frozenset({"root", "errors", SHARED_MODULE, "__init__"})
