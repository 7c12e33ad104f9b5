"""Walk the item tree: folders become resources, requests become operations; assemble the `Api`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.ir import Api, AuthScheme, Operation, Resource
from postgen.naming import (
    ClassName,
    NameAllocator,
    PyIdent,
    class_name,
    dist_name,
    snake,
)
from postgen.parse.access import mapping_at, string_at
from postgen.parse.auth import AuthRequest, auth_type, read_auth
from postgen.parse.behavior import follow_redirects, read_behavior
from postgen.parse.body_fields import BodyTypes
from postgen.parse.context import OperationContext
from postgen.parse.errors import ErrorRegistry, base_error_name
from postgen.parse.idempotency import idempotency_header
from postgen.parse.maps import collection_key_style
from postgen.parse.models import SHARED_MODULE, ModelCollector
from postgen.parse.operation import parse_operation, request_of
from postgen.parse.settings import RESERVED_CLIENT_NAMES, SettingsRegistry
from postgen.parse.token_flow import client_token_flow
from postgen.parse.url import parse_url, text_of
from postgen.parse.variables import read_variables, substitute

__all__ = ["parse_collection"]

# A folder's attribute and a request's method share one namespace per resource.
_RESERVED_MEMBERS = ("with_raw_response", "with_streaming_response")
# Root requests become methods of the client itself: they must not shadow the runtime's members.
_RESERVED_ROOT = (
    *_RESERVED_MEMBERS,
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
# not shadow them (a folder "Auth" becomes `Auth2`, not the runtime's `Auth`).
_RESERVED_CLASSES = (
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
)
_RESERVED_MODULES = ("root", "errors", SHARED_MODULE)
_SCRIPT_SIDE_EFFECTS = (
    "pm.environment.set",
    "pm.collectionVariables.set",
    "pm.variables.set",
    "pm.globals.set",
    "pm.sendRequest",
    "postman.setEnvironmentVariable",
    "postman.setGlobalVariable",
)
# A pre-request script that touches these changes the request itself (signing, extra headers,
# a rewritten URL or body): the generated method cannot send what Postman would.
_SCRIPT_REQUEST_CHANGES = (
    "pm.request.",
    "request.headers",
    "request.url",
    "request.data",
    "CryptoJS",
    "crypto-js",
)


def _is_folder(item: dict[str, Any]) -> bool:
    # The SDK's rule: a truthy `item` (any list, even []) makes a folder.
    return isinstance(item.get("item"), list)


def _items(node: dict[str, Any]) -> list[Any]:
    items = node.get("item")
    return items if isinstance(items, list) else []


def _origins(node: dict[str, Any]) -> Counter[str]:
    """How often each origin (`{{baseUrl}}`, `https://api.x.com`) occurs: the most common one
    becomes the client's `base_url`. URL problems are reported by the main walk, not here.
    """
    found: Counter[str] = Counter()
    for item in _items(node):
        if not isinstance(item, dict):
            continue
        if _is_folder(item):
            found.update(_origins(item))
        else:
            url = parse_url(request_of(item).get("url"), "", Diagnostics())
            if url.origin:
                found[url.origin] += 1
    return found


def _base_url_default(origin: str, values: Mapping[str, str]) -> str | None:
    resolved = substitute(origin, values).rstrip("/")
    # `http://{{baseUrl}}` with `baseUrl` = `https://api.x`: an importer's doubled scheme; the
    # variable's own scheme is the one meant.
    resolved = re.sub(
        r"^[A-Za-z][A-Za-z0-9+.-]*://(?=[A-Za-z][A-Za-z0-9+.-]*://)", "", resolved
    )
    if not resolved or "{{" in resolved:
        return None
    return resolved if "://" in resolved else f"https://{resolved}"


def _warn_scripts(node: dict[str, Any], where: str, diagnostics: Diagnostics) -> None:
    events = node.get("event")
    for index, event in enumerate(events if isinstance(events, list) else []):
        script = event.get("script") if isinstance(event, dict) else None
        lines = script.get("exec") if isinstance(script, dict) else None
        text = (
            "\n".join(map(str, lines)) if isinstance(lines, list) else str(lines or "")
        )
        listen = event.get("listen") if isinstance(event, dict) else None
        if listen != "test" and any(m in text for m in _SCRIPT_REQUEST_CHANGES):
            diagnostics.warn(
                f"{where}.event[{index}]",
                "a pre-request script changes the request (signs it, adds headers, rewrites "
                "the URL or body): the generated client does not; add what it computes with "
                "`extra_headers`/`extra_query` or your own `http_client=`",
                "scripts",
            )
        elif any(marker in text for marker in _SCRIPT_SIDE_EFFECTS):
            diagnostics.warn(
                f"{where}.event[{index}]",
                "a script sets variables or sends "
                "requests at run time: it is not run by the generated client",
                "scripts",
            )


class _Walker:
    def __init__(self, context: OperationContext, diagnostics: Diagnostics) -> None:
        self.context = context
        self.diagnostics = diagnostics
        self.modules = NameAllocator(_RESERVED_MODULES)
        self.classes = NameAllocator(_RESERVED_CLASSES)
        self.auth_cache: dict[str, AuthScheme | None] = {}

    def auth(self, block: dict[str, Any], where: str) -> AuthScheme | None:
        request: AuthRequest | None = read_auth(block, where, self.diagnostics)
        if request is None:
            return None
        names = []
        for credential in request.credentials:
            if credential.variable is not None:
                setting = self.context.settings.for_variable(
                    credential.variable, where, credential=True
                )
            else:
                setting = self.context.settings.for_literal(credential.py_name, where)
            names.append(setting.py_name)
        scheme = request.scheme
        return AuthScheme(
            scheme.kind, tuple(names), scheme.prefix, scheme.key_name, scheme.location
        )

    def resource(
        self,
        node: dict[str, Any],
        where: str,
        module: PyIdent,
        klass: ClassName,
        attr: PyIdent,
        inherited: AuthScheme | None,
        is_root: bool,
        behavior: Mapping[str, Any],
    ) -> Resource:
        members = NameAllocator(_RESERVED_ROOT if is_root else _RESERVED_MEMBERS)
        operations: list[Operation] = []
        children: list[Resource] = []
        for index, item in enumerate(_items(node)):
            item_where = f"{where}item[{index}]"
            if not isinstance(item, dict):
                self.diagnostics.warn(item_where, "not an object: skipped", "format")
                continue
            _warn_scripts(item, item_where, self.diagnostics)
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                name = str(item.get("id") or "")
            auth = inherited
            item_behavior = read_behavior(item, item_where, behavior, self.diagnostics)
            if _is_folder(item):
                if "request" in item:
                    self.diagnostics.warn(
                        item_where,
                        "has both `item` and `request`: read as a "
                        "folder, the request is dropped",
                        "format",
                    )
                if auth_type(item.get("auth")) is not None:
                    auth = self.auth(item["auth"], f"{item_where}.auth")
                wanted = snake(name, fallback="folder")
                child_attr = self._member(members, wanted, item_where, name)
                child_module, _ = self.modules.snake(
                    PyIdent(child_attr if is_root else f"{module}_{child_attr}")
                )
                wanted_class = class_name(child_module)
                if f"Async{wanted_class}" in _RESERVED_CLASSES:
                    wanted_class = ClassName(f"{wanted_class}Resource")
                child_class, _ = self.classes.klass(wanted_class)
                children.append(
                    self.resource(
                        item,
                        f"{item_where}.",
                        child_module,
                        child_class,
                        child_attr,
                        auth,
                        False,
                        item_behavior,
                    )
                )
                continue
            request = request_of(item)
            if auth_type(request.get("auth")) is not None:
                auth = self.auth(request["auth"], f"{item_where}.request.auth")
            fallback = f"{request.get('method') or 'get'} {name}".strip()
            wanted = snake(name, fallback="request") if name else snake(fallback)
            method_name = self._member(members, wanted, item_where, name)
            operation = parse_operation(
                item,
                item_where,
                method_name,
                module,
                auth,
                self.context,
                keep_body=item_behavior.get("disableBodyPruning") is True,
            )
            redirects = follow_redirects(item_behavior)
            if redirects is not None:
                operation = replace(operation, follow_redirects=redirects)
            operations.append(operation)
        return Resource(
            wire_name=str(
                node.get("name") or (node.get("info") or {}).get("name") or ""
            ),
            attr_name=attr,
            class_name=klass,
            module=module,
            description=text_of(node.get("description")),
            operations=tuple(operations),
            resources=tuple(children),
        )

    def _member(
        self, members: NameAllocator, wanted: PyIdent, where: str, name: str
    ) -> PyIdent:
        result, changed = members.snake(wanted)
        if changed:
            why = (
                "a name the client uses itself"
                if members.is_reserved(wanted)
                else ("the name of an earlier sibling")
            )
            self.diagnostics.warn(
                where,
                f"{name!r} maps to `{wanted}`, {why}: it is " f"`{result}`",
                "naming",
            )
        return result


def parse_collection(
    collection: dict[str, Any],
    config: Config,
    environment: Mapping[str, str],
    diagnostics: Diagnostics,
) -> Api:
    """The whole collection as an `Api`."""
    info = mapping_at(collection, "info")
    title = string_at(info, "name") or "api"
    package = snake(config.package_name or title, fallback="api")
    variables = read_variables(collection, environment, diagnostics)
    settings = SettingsRegistry(package, variables, diagnostics)
    origins = _origins(collection)
    base_origin = origins.most_common(1)[0][0] if origins else ""
    settings.base_url(_base_url_default(base_origin, variables.values))
    key_style = collection_key_style(collection)
    context = OperationContext(
        settings,
        ErrorRegistry(base_error_name(title)),
        ModelCollector(key_style=key_style),
        diagnostics,
        base_origin,
        BodyTypes(key_style=key_style),
    )
    _warn_scripts(collection, "", diagnostics)
    walker = _Walker(context, diagnostics)
    root_auth = None
    if auth_type(collection.get("auth")) is not None:
        root_auth = walker.auth(collection["auth"], "auth")
    root = walker.resource(
        collection,
        "",
        PyIdent("root"),
        ClassName("Client"),
        PyIdent("client"),
        root_auth,
        True,
        read_behavior(collection, "", {}, diagnostics),
    )
    errors = context.errors
    error_body = None
    if errors.bodies:
        error_body = context.models.add(
            PyIdent("errors"),
            errors.bodies,
            ClassName("ErrorBody"),
            ClassName("ErrorBody"),
            root_label="ErrorBody",
        )
    operations = tuple(op for resource in root.walk() for op in resource.operations)
    auth_schemes, default_auth = Api.choose_auth(operations)
    # Credentials of the default scheme are required when the client is built; any other secret
    # only when a request that needs it is sent (a token endpoint's client_secret, say).
    default_scheme = auth_schemes[default_auth] if default_auth is not None else None
    token_flow = client_token_flow(
        collection, base_origin, settings, default_scheme, diagnostics
    )
    eager = set(default_scheme.settings) if default_scheme is not None else set()
    if token_flow is not None and default_scheme is not None:
        # The token may come from the flow instead: `access_token=` becomes optional.
        eager -= set(default_scheme.settings)
    all_settings = tuple(
        replace(
            setting,
            lazy=setting.fallback_only
            or (setting.secret and setting.py_name not in eager),
        )
        for setting in settings.all()
    )
    return Api(
        title=title,
        package=package,
        dist_name=dist_name(package),
        version=config.version,
        description=text_of(info.get("description")),
        settings=all_settings,
        auth=root_auth,
        root=root,
        models=context.models.build(),
        errors=tuple(errors.cases.values()),
        error_base=errors.base if errors.cases else None,
        error_body_model=error_body,
        error_code_paths=errors.code_paths(),
        auth_schemes=auth_schemes,
        default_auth=default_auth,
        idempotency_header=idempotency_header(collection, diagnostics),
        token_flow=token_flow,
        params=context.body_types.build(),
    )
