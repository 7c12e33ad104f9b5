"""The intermediate representation: a frozen, typed description of the API.

Parsing produces it, rendering consumes it, and nothing changes it in between (frozen dataclasses with
tuples). Every identifier keeps both its wire name (as the collection spells it) and its Python name.
Derived values that templates need are properties here, not Jinja logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postgen.ir_pagination import Pagination
from postgen.ir_request import (
    AuthScheme,
    Body,
    BodyKind,
    Param,
    ParamLocation,
    PathPart,
    Setting,
    TokenFlow,
    WireEntry,
)
from postgen.naming import ClassName, PyIdent, constant_name

__all__ = [
    "Api",
    "AuthScheme",
    "Body",
    "BodyKind",
    "ErrorCase",
    "ModelModule",
    "Operation",
    "Pagination",
    "Param",
    "ParamLocation",
    "ParamsModule",
    "PathPart",
    "Resource",
    "Setting",
    "TokenFlow",
    "WireEntry",
]

#: Generated modules import their models module under this name, so that no model name can
#: clash with a resource class, a runtime import or another module-level name.
MODELS_ALIAS = "_models"
#: ... and their request-body `TypedDict`s module under this one.
PARAMS_ALIAS = "_params"


def _members(annotation: str) -> list[str]:
    """The top-level members of a union annotation: `list[A | B] | str` -> `list[A | B]`, `str`."""
    members: list[str] = []
    depth = start = 0
    for index, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            members.append(annotation[start:index].strip())
            start = index + 1
    members.append(annotation[start:].strip())
    return members


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """A documented error: HTTP status plus the body's code, mapped to one exception class."""

    status: int
    code: str
    class_name: ClassName
    status_class: str
    message: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    """One request of the collection, as one method."""

    wire_name: str
    py_name: PyIdent
    method: str
    path: tuple[PathPart, ...]
    params: tuple[Param, ...]
    headers: tuple[WireEntry, ...]
    query: tuple[WireEntry, ...]
    body: Body | None
    response_model: ClassName | None
    errors: tuple[ErrorCase, ...]
    description: str
    auth: AuthScheme | None
    has_success_example: bool
    location: str
    #: False when Postman's `protocolProfileBehavior.followRedirects` is false for this request.
    follow_redirects: bool | None = None
    #: The type of a JSON success body, as an annotation (`_models.Job`, `list[_models.Item]`,
    #: `dict[str, int]`, `str`); None when no example is JSON (or the JSON has no one type).
    response_json: str | None = None
    #: The model classes `response_json` names (for the resource module's imports).
    response_names: tuple[ClassName, ...] = ()
    #: Some success example is text or XML: the method may return `str`.
    response_text: bool = False
    #: Some success example is a file (or the request is a download): a binary response.
    response_binary: bool = False
    #: The pagination scheme the request shows: the method returns a page of items.
    page: Pagination | None = None

    @property
    def path_template(self) -> str:
        """`/crm/bulk/v2/write/{job_id}`: the path as documentation shows it."""
        return "".join(
            (
                f"{{{part.param}}}"
                if part.param
                else f"{{{part.setting}}}" if part.setting else part.text
            )
            for part in self.path
        )

    def return_parts(self, is_async: bool = False) -> tuple[str, ...]:
        """The members of the return type: the JSON type('s members), `str`, the binary
        response. More than one means a union."""
        parts = _members(self.response_json) if self.response_json else []
        if self.response_text and "str" not in parts:
            parts.append("str")
        if self.response_binary:
            parts.append("AsyncBinaryResponse" if is_async else "BinaryResponse")
        return tuple(parts)

    def returns(self, is_async: bool) -> str:
        """The annotation of the method's return value (sync or async)."""
        if self.page is not None:
            return self.page.returns(is_async)
        return " | ".join(self.return_parts(is_async)) or "Any"

    @property
    def return_type(self) -> str:
        """The annotation of the sync method's return value."""
        return self.returns(False)

    @property
    def return_note(self) -> str:
        """What the docstring says about a return value that is not plain JSON ("" if it is)."""
        if self.page is not None:
            item = self.page.item_type.removeprefix(f"{MODELS_ALIAS}.")
            return (
                f"Returns a page of ``{item}``:\niterating it yields the items of every "
                f"page, fetched as needed ({self.page.kind}\npagination); ``.data`` is this "
                "page's items. ``with_raw_response`` gives the first\npage's raw response."
            )
        parts = self.return_parts()
        if not parts:
            return "Returns the decoded JSON, untyped: the collection saves no JSON success example."
        if parts == ("BinaryResponse",):
            return (
                "Returns the file as a ``BinaryResponse`` (``.content``, ``.iter_bytes()``, "
                "``.write_to_file(path)``)."
            )
        if parts == ("str",) and self.response_json is None:
            return "Returns the body as text: the saved examples are not JSON."
        if self.response_json and (self.response_text or self.response_binary):
            return (
                "The saved examples are not all JSON: the content type picks the type."
            )
        return ""

    @property
    def is_typed(self) -> bool:
        """Whether the method returns something more precise than `Any`."""
        return self.return_type != "Any"

    def param(self, py_name: str) -> Param:
        """The parameter called `py_name`."""
        for param in self.params:
            if param.py_name == py_name:
                return param
        raise KeyError(py_name)

    @property
    def summary(self) -> str:
        """The first line of the description, or the request's name."""
        for line in self.description.splitlines():
            if line.strip():
                return line.strip()
        return self.wire_name.strip() or str(self.py_name)

    @property
    def documented_params(self) -> tuple[Param, ...]:
        """Parameters worth an `Args:` line: described, with an example, or renamed."""
        return tuple(
            p
            for p in self.signature_params
            if p.description
            or p.example
            or p.wire_name != p.py_name
            or p.location == "variable"
        )

    @property
    def signature_params(self) -> tuple[Param, ...]:
        """Parameters in signature order: required first, then body fields, then the other
        optional ones, each in collection order."""
        return (
            tuple(p for p in self.params if p.required)
            + tuple(p for p in self.params if p.location == "body")
            + tuple(p for p in self.params if not p.required and p.location != "body")
        )


@dataclass(frozen=True, slots=True)
class Resource:
    """A Postman folder (or the collection root): a namespace of methods and sub-resources."""

    wire_name: str
    attr_name: PyIdent
    class_name: ClassName
    module: PyIdent
    description: str
    operations: tuple[Operation, ...]
    resources: tuple[Resource, ...]

    def walk(self) -> tuple[Resource, ...]:
        """This resource and all below it, depth first, in collection order."""
        found: list[Resource] = [self]
        for child in self.resources:
            found.extend(child.walk())
        return tuple(found)

    @property
    def model_names(self) -> tuple[ClassName, ...]:
        """The models that this resource's methods use, sorted for stable imports."""
        names: set[ClassName] = set()
        for operation in self.operations:
            # A paginated method names its item type, not the whole body's model.
            page = operation.page
            names.update(page.item_names if page else operation.response_names)
        return tuple(sorted(names))

    @property
    def param_names(self) -> tuple[ClassName, ...]:
        """The request-body `TypedDict`s that this resource's methods use, sorted."""
        names: set[ClassName] = set()
        for operation in self.operations:
            if operation.body is not None:
                names.update(operation.body.param_names)
        return tuple(sorted(names))


@dataclass(frozen=True, slots=True)
class ModelModule:
    """One generated models module: JSON Schema `$defs` that datamodel-code-generator renders,
    and `(name, shared base)` subclasses that postgen writes itself."""

    name: PyIdent
    defs: tuple[tuple[str, Any], ...]
    subclasses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ParamsModule:
    """One generated params module: the request-body `TypedDict`s of one resource module, as
    JSON Schema `$defs` (objects keyed by wire names) that postgen renders itself."""

    name: PyIdent
    defs: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Api:
    """The whole API, ready to render."""

    title: str
    package: PyIdent
    dist_name: str
    version: str
    description: str
    settings: tuple[Setting, ...]
    auth: AuthScheme | None
    root: Resource
    models: tuple[ModelModule, ...]
    errors: tuple[ErrorCase, ...]
    error_base: ClassName | None
    error_body_model: ClassName | None
    error_code_paths: tuple[tuple[str, ...], ...]
    #: Every distinct auth scheme the requests use, in first-use order.
    auth_schemes: tuple[AuthScheme, ...] = ()
    #: Index into `auth_schemes` of the client's default (the scheme most requests use).
    default_auth: int | None = None
    #: The header the API deduplicates POST/PATCH requests by (`Idempotency-Key`), if any.
    idempotency_header: str | None = None
    #: How the client fetches its own token when built with a client id and secret.
    token_flow: TokenFlow | None = None
    #: The request-body `TypedDict` modules, one per resource module that has any.
    params: tuple[ParamsModule, ...] = ()

    @property
    def env_prefix(self) -> str:
        """The prefix of the client's environment variables: `ZOHO_CRM_BULK_WRITE`."""
        return constant_name(self.package)

    @property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation, in collection order."""
        return tuple(op for resource in self.root.walk() for op in resource.operations)

    @staticmethod
    def choose_auth(
        operations: tuple[Operation, ...],
    ) -> tuple[tuple[AuthScheme, ...], int | None]:
        """The distinct schemes in first-use order, and the index of the most used one (None
        when most requests send no auth)."""
        schemes: dict[str, AuthScheme] = {}
        counts: dict[str | None, int] = {}
        for operation in operations:
            key = operation.auth.key if operation.auth is not None else None
            if operation.auth is not None:
                schemes.setdefault(operation.auth.key, operation.auth)
            counts[key] = counts.get(key, 0) + 1
        if not counts:
            return (), None
        best = max(
            counts, key=lambda key: counts[key]
        )  # first-seen wins ties (dicts keep order)
        keys = list(schemes)
        return tuple(schemes.values()), (None if best is None else keys.index(best))

    @property
    def lazy_settings(self) -> dict[str, str]:
        """Lazily required settings: Python name -> environment variable."""
        return {str(s.py_name): s.env_var for s in self.settings if s.lazy}

    def auth_argument(self, operation: Operation, client: str) -> str | None:
        """The `auth=` argument a method passes when its auth differs from the client default."""
        default = self.default_auth
        if operation.auth is None:
            return None if default is None else "NO_AUTH"
        index = [scheme.key for scheme in self.auth_schemes].index(operation.auth.key)
        return None if index == default else f"{client}.auth_schemes[{index}]"
