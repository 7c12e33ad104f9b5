"""Walk the item tree: folders become resources, requests become operations; assemble the `Api`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.ir import Api, AuthScheme, Operation, Resource
from postgen.naming import ClassName, PyIdent, class_name, dist_name, snake
from postgen.naming_clashes import resolve
from postgen.naming_forms import module_name, package_name
from postgen.overrides import NameOverrides
from postgen.parse.access import mapping_at, string_at
from postgen.parse.auth import AuthRequest, auth_type, read_auth
from postgen.parse.behavior import follow_redirects, read_behavior
from postgen.parse.body_fields import BodyTypes
from postgen.parse.context import OperationContext
from postgen.parse.errors import ErrorRegistry, base_error_name, status_class
from postgen.parse.examples import read_examples
from postgen.parse.idempotency import idempotency_header
from postgen.parse.maps import collection_key_style
from postgen.parse.models import ModelCollector
from postgen.parse.operation import parse_operation, request_of
from postgen.parse.reserved import RESERVED_MEMBERS, RESERVED_MODULES, RESERVED_ROOT
from postgen.parse.scripts import warn_scripts
from postgen.parse.settings import SettingsRegistry
from postgen.parse.token_flow import client_token_flow
from postgen.parse.tree import (
    Entry,
    folder_text,
    is_folder,
    items_of,
    member_of,
    preferred_name,
    requests_below,
    resource_class,
    warn_clashes,
    warn_unused,
)
from postgen.parse.url import parse_url, text_of
from postgen.parse.variables import read_variables, substitute

__all__ = ["parse_collection"]


def _origins(node: dict[str, Any]) -> Counter[str]:
    """How often each origin (`{{baseUrl}}`, `https://api.x.com`) occurs: the most common one
    becomes the client's `base_url`. URL problems are reported by the main walk, not here.
    """
    found: Counter[str] = Counter()
    for item in items_of(node):
        if not isinstance(item, dict):
            continue
        if is_folder(item):
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


def _has_name(item: dict[str, Any]) -> bool:
    name = item.get("name")
    return isinstance(name, str) and bool(name.strip())


@dataclass(frozen=True, slots=True)
class _Spec:
    """Where a resource sits and what it is called."""

    wire_name: str
    description: str
    attr: PyIdent
    klass: ClassName
    module: PyIdent
    attr_path: tuple[str, ...]
    #: The attribute a request named like this resource would stutter with (None: the root,
    #: or a folder without a name of its own, which is named after what it holds).
    owner: str | None = None


class _Walker:
    def __init__(
        self,
        context: OperationContext,
        diagnostics: Diagnostics,
        overrides: NameOverrides,
    ) -> None:
        self.context = context
        self.diagnostics = diagnostics
        self.overrides = overrides
        self.modules: set[str] = set(RESERVED_MODULES)
        self.used: set[str] = set()  # overrides that matched an item
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
                setting = self.context.settings.for_literal(
                    credential.py_name, where, credential.value
                )
            names.append(setting.py_name)
        scheme = request.scheme
        return AuthScheme(
            scheme.kind, tuple(names), scheme.prefix, scheme.key_name, scheme.location
        )

    def children(self, folder: Entry) -> list[Entry]:
        """The items of a folder (or the collection), each with what it inherits."""
        found: list[Entry] = []
        prefix = f"{folder.where}." if folder.where else ""
        for index, item in enumerate(items_of(folder.item)):
            where = f"{prefix}item[{index}]"
            if not isinstance(item, dict):
                self.diagnostics.warn(where, "not an object: skipped", "format")
                continue
            warn_scripts(item, where, self.diagnostics)
            behavior = read_behavior(item, where, folder.behavior, self.diagnostics)
            auth = folder.auth
            if is_folder(item):
                if "request" in item:
                    self.diagnostics.warn(
                        where,
                        "has both `item` and `request`: read as a "
                        "folder, the request is dropped",
                        "format",
                    )
                if auth_type(item.get("auth")) is not None:
                    auth = self.auth(item["auth"], f"{where}.auth")
            name = item.get("name")
            names = (*folder.names, name if isinstance(name, str) else "")
            found.append(Entry(where, item, names, auth, behavior))
        return found

    def splice(self, entries: list[Entry], owner: str | None) -> list[Entry]:
        """A folder named like the resource that holds it is no level of its own."""
        flat: list[Entry] = []
        for entry in entries:
            if (
                owner is not None
                and is_folder(entry.item)
                and preferred_name(entry, self.overrides) == owner
            ):
                flat.extend(self.splice(self.children(entry), owner))
            else:
                flat.append(entry)
        return flat

    def resource(self, entries: list[Entry], spec: _Spec, is_root: bool) -> Resource:
        entries = self.splice(entries, spec.owner)
        groups: list[list[Entry]] = []
        folders: dict[str, list[Entry]] = {}
        for entry in entries:
            if is_folder(entry.item):
                wanted = preferred_name(entry, self.overrides)
                if wanted in folders:  # sibling folders of one name are one resource
                    folders[wanted].append(entry)
                    continue
                folders[wanted] = group = [entry]
            else:
                group = [entry]
            groups.append(group)
        members = [member_of(group, self.overrides, self.used) for group in groups]
        resolved = resolve(
            members, RESERVED_ROOT if is_root else RESERVED_MEMBERS, spec.owner
        )
        warn_clashes(groups, resolved, self.diagnostics)
        operations: list[Operation] = []
        children: list[Resource] = []
        classes: set[str] = set()
        for group, result in zip(groups, resolved, strict=True):
            if is_folder(group[0].item):
                children.append(self.child(group, result.name, spec, classes))
            else:
                operations.append(self.operation(group[0], result.name, spec.module))
        return Resource(
            wire_name=spec.wire_name,
            attr_name=spec.attr,
            class_name=spec.klass,
            module=spec.module,
            description=spec.description,
            operations=tuple(operations),
            resources=tuple(children),
        )

    def child(
        self, group: list[Entry], attr: PyIdent, parent: _Spec, classes: set[str]
    ) -> Resource:
        attr_path = (*parent.attr_path, str(attr))
        module = module_name(attr_path)
        if module in RESERVED_MODULES:
            module = module_name((*attr_path[:-1], f"{attr}_resource"))
        if module in self.modules:
            module = module_name(attr_path, distinct=True)
        self.modules.add(module)
        spec = _Spec(
            wire_name=folder_text(group[0].item),
            description=next(
                (
                    text
                    for text in (text_of(e.item.get("description")) for e in group)
                    if text
                ),
                "",
            ),
            attr=attr,
            klass=resource_class(attr, parent.klass, module, classes),
            module=module,
            attr_path=attr_path,
            owner=str(attr) if any(_has_name(e.item) for e in group) else None,
        )
        entries = [child for folder in group for child in self.children(folder)]
        return self.resource(entries, spec, False)

    def operation(
        self, entry: Entry, method_name: PyIdent, module: PyIdent
    ) -> Operation:
        item, where = entry.item, entry.where
        request = request_of(item)
        auth = entry.auth
        if auth_type(request.get("auth")) is not None:
            auth = self.auth(request["auth"], f"{where}.request.auth")
        op_class = class_name(method_name, fallback="Request")
        model = self.overrides.models.get(entry.key)
        if model is not None:
            self.used.add(f"models:{entry.key}")
            self.context.models.roots[(module, f"{op_class}Response")] = model
        body_name = self.overrides.models.get(f"{entry.key} #body")
        if body_name is not None:
            # The body's own TypedDict (an array body's items) and the prefix of its nested ones.
            self.used.add(f"models:{entry.key} #body")
            key = (module, ClassName(f"{op_class}Body"))
            self.context.body_types.renamed[key] = ClassName(body_name)
        operation = parse_operation(
            item,
            where,
            method_name,
            module,
            auth,
            self.context,
            keep_body=entry.behavior.get("disableBodyPruning") is True,
        )
        redirects = follow_redirects(entry.behavior)
        if redirects is not None:
            operation = replace(operation, follow_redirects=redirects)
        return operation


def parse_collection(
    collection: dict[str, Any],
    config: Config,
    environment: Mapping[str, str],
    diagnostics: Diagnostics,
) -> Api:
    """The whole collection as an `Api`."""
    info = mapping_at(collection, "info")
    title = string_at(info, "name") or "api"
    overrides = config.names or NameOverrides()
    variables = read_variables(collection, environment, diagnostics)
    origins = _origins(collection)
    base_origin = origins.most_common(1)[0][0] if origins else ""
    base_url = _base_url_default(base_origin, variables.values)
    chosen = config.package_name or overrides.package
    package = snake(chosen, fallback="api") if chosen else package_name(title, base_url)
    settings = SettingsRegistry(package, variables, diagnostics)
    settings.base_url(base_url)
    key_style = collection_key_style(collection)
    context = OperationContext(
        settings,
        ErrorRegistry(base_error_name(title), overrides=overrides),
        ModelCollector(key_style=key_style),
        diagnostics,
        base_origin,
        BodyTypes(key_style=key_style),
    )
    warn_scripts(collection, "", diagnostics)
    context.errors.plan(
        example
        for item in requests_below(collection)
        for example in read_examples(item, "")
    )
    walker = _Walker(context, diagnostics, overrides)
    root_auth = None
    if auth_type(collection.get("auth")) is not None:
        root_auth = walker.auth(collection["auth"], "auth")
    top = Entry(
        "", collection, (), root_auth, read_behavior(collection, "", {}, diagnostics)
    )
    root = walker.resource(
        walker.children(top),
        _Spec(
            wire_name=title,
            description=text_of(collection.get("description")),
            attr=PyIdent("client"),
            klass=ClassName("Client"),
            module=PyIdent("root"),
            attr_path=(),
        ),
        is_root=True,
    )
    warn_unused(overrides, walker.used, context.errors.cases.values(), diagnostics)
    for status, code in context.errors.junk:
        diagnostics.warn(
            "errors",
            f"error code {code!r} ({status}) is a placeholder or not a code: such errors "
            f"raise {status_class(status)}",
            "errors",
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
