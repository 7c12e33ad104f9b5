"""The word lists behind the naming rules (`postgen/naming.py`), kept apart so the rules stay short.

Each list is a documented choice, not an accident: a brand missing here splits on its capitals
(`DocuSign` would be `docu_sign`), which a `postgen.toml` override fixes for one collection.
"""

from __future__ import annotations

import builtins
import sys

__all__ = [
    "ARTICLES",
    "BRAND_WORDS",
    "FILLER_WORDS",
    "GENERIC_PACKAGE_WORDS",
    "HOST_NOISE",
    "SHADOWED_CLASS_NAMES",
    "SHADOWED_PACKAGES",
    "TRAILING_STOPWORDS",
]

#: Words written with internal capitals that are one word: `PayPal` -> `paypal`, never `pay_pal`.
#: Compared case-insensitively with adjacent camel-case parts joined (`Git` + `Hub`).
BRAND_WORDS = frozenset(
    {
        "appsync", "bigcommerce", "bigquery", "bitbucket", "chatgpt", "cloudflare", "cloudfront",
        "cloudwatch", "codecommit", "cosmosdb", "devops", "devtools", "digitalocean", "docspace",
        "docusign", "dropbox", "dynamodb", "ebay", "eventbridge", "fedex", "github", "gitlab",
        "gotomeeting", "gotowebinar", "graphiql", "graphql", "hubspot", "influxdb", "ipad",
        "iphone", "javascript", "linkedin", "macos", "mailchimp", "mariadb", "mongodb", "mysql",
        "netsuite", "oauth", "oauth1", "oauth2", "onedrive", "onelogin", "openai", "openapi",
        "openid", "pagerduty", "paypal", "postgresql", "powerpoint", "pubsub", "quickbooks",
        "redshift", "sendgrid", "servicenow", "sharepoint", "smartsheet", "soundcloud",
        "sqlite", "tiktok", "typescript", "webex", "webhook", "webhooks", "websocket",
        "websockets", "whatsapp", "woocommerce", "wordpress", "youtube", "zendesk",
    }
)  # fmt: skip

#: Dropped from method, resource and model names (kept when dropping them makes names clash).
ARTICLES = frozenset({"a", "an", "the"})

#: Dropped from a name that is still too long after losing its asides (`..._on_balance_account`).
FILLER_WORDS = frozenset(
    {
        "at",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "onto",
        "to",
        "via",
        "with",
        "within",
    }
)

#: Not left dangling at the end of a shortened name (`..._in_business_unit_by` -> `..._unit`).
TRAILING_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
     "to", "via", "with"}
)  # fmt: skip

#: Import names a generated package must not take: the standard library and well-known
#: distributions (a client called `responses` would hide the `responses` test library).
SHADOWED_PACKAGES = frozenset(sys.stdlib_module_names) | frozenset(
    {
        "aiohttp", "anyio", "attr", "attrs", "black", "boto3", "botocore", "certifi", "click",
        "django", "fastapi", "flask", "github", "google", "httpcore", "httpx", "idna", "jinja2",
        "jwt", "mypy", "numpy", "openai", "pandas", "pip", "pkg_resources", "postgen",
        "pydantic", "pytest", "requests", "responses", "rich", "setuptools", "six", "starlette",
        "stripe", "twilio", "typer", "typing_extensions", "urllib3", "yaml",
    }
)  # fmt: skip

#: A package name made only of these words says nothing about the API (`api_v2`, `request`).
GENERIC_PACKAGE_WORDS = frozenset(
    {
        "api", "apis", "app", "client", "collection", "collections", "demo", "default",
        "example", "examples", "item", "items", "main", "my", "new", "postman", "request",
        "requests", "response", "responses", "rest", "sample", "samples", "sdk", "service",
        "test", "tests", "untitled", "variables", "web",
    }
)  # fmt: skip

#: Host labels that name a role, not the vendor: `api.paypal.com` -> `paypal`.
HOST_NOISE = frozenset(
    {
        "api",
        "apis",
        "app",
        "dev",
        "gateway",
        "prod",
        "rest",
        "sandbox",
        "staging",
        "test",
        "www",
    }
)

_HTTPX_AND_PYDANTIC = frozenset(
    {
        "BaseModel", "CloseError", "ConfigDict", "ConnectError", "ConnectTimeout",
        "CookieConflict", "DecodingError", "Field", "HTTPError", "HTTPStatusError",
        "InvalidURL", "LocalProtocolError", "NetworkError", "PoolTimeout", "ProtocolError",
        "ProxyError", "PydanticUserError", "ReadError", "ReadTimeout", "RemoteProtocolError",
        "RequestError", "RequestNotRead", "ResponseNotRead", "RootModel", "StreamClosed",
        "StreamConsumed", "StreamError", "TimeoutException", "TooManyRedirects",
        "TransportError", "UnsupportedProtocol", "ValidationError", "WriteError",
        "WriteTimeout",
    }
)  # fmt: skip

#: Error class names that would shadow a builtin, pydantic's or httpx's: `ValidationError` in
#: an `except` clause must mean one thing. Also the bare `Error`.
SHADOWED_CLASS_NAMES = (
    frozenset(name for name in dir(builtins) if name[:1].isupper())
    | _HTTPX_AND_PYDANTIC
    | {"Error"}
)
