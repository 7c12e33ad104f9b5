"""The intermediate representation: a frozen, typed description of the API.

Parsing produces it, rendering consumes it, and nothing changes it in between (frozen dataclasses with
tuples). Every identifier keeps both its wire name (as the collection spells it) and its Python name.
Derived values that templates need are properties here, not Jinja logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from postgen.naming import ClassName, PyIdent, constant_name

__all__ = [
    "Api",
    "AuthScheme",
    "Body",
    "BodyKind",
    "ErrorCase",
    "ModelModule",
    "Operation",
    "Param",
    "ParamLocation",
    "PathPart",
    "Resource",
    "Setting",
    "TokenFlow",
    "WireEntry",
]

#: Generated modules import their models module under this name, so that no model name can
#: clash with a resource class, a runtime import or another module-level name.
MODELS_ALIAS = "_models"

#: Where a parameter's value goes. "variable" is a Postman `{{variable}}` that may sit anywhere
#: (a path segment, part of a header, a form field): it is sent through `WireEntry.parts`.
ParamLocation = Literal["path", "variable", "query", "header", "form", "file"]
AuthKind = Literal["none", "bearer", "basic", "apikey", "digest"]
BodyKind = Literal["json", "text", "form", "multipart", "file", "graphql"]


@dataclass(frozen=True, slots=True)
class Setting:
    """A client constructor option: `base_url`, a credential, or a collection variable."""

    wire_name: str
    py_name: PyIdent
    env_var: str
    default: str | None
    secret: bool
    description: str = ""
    #: Optional at construction, required on use: a credential only some requests need, or the
    #: fallback of a method argument that has no value in the collection.
    lazy: bool = False
    #: Asked to be lazy by the variable rule (see `postgen.parse.values`), whatever auth says.
    fallback_only: bool = False

    @property
    def required(self) -> bool:
        """A setting without any default must be passed or set in the environment."""
        return self.default is None


@dataclass(frozen=True, slots=True)
class AuthScheme:
    """How a request authenticates; its values are names of `Setting`s, never literal secrets."""

    kind: AuthKind
    settings: tuple[PyIdent, ...] = ()
    prefix: str = "Bearer"
    key_name: str = ""
    location: Literal["header", "query"] = "header"

    @property
    def key(self) -> str:
        """A stable identity, used to name the client's auth objects."""
        return f"{self.kind}:{','.join(self.settings)}:{self.prefix}:{self.key_name}:{self.location}"


@dataclass(frozen=True, slots=True)
class TokenFlow:
    """An OAuth2 grant the client runs itself to get its bearer token (see parse/token_flow.py).

    `token_url` is absolute, or a path joined to the client's `base_url`; the credentials are
    names of `Setting`s.
    """

    token_url: str
    grant_type: Literal["client_credentials", "refresh_token"]
    client_auth: Literal["basic", "body"]
    client_id: PyIdent
    client_secret: PyIdent
    refresh_token: PyIdent | None = None
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class Param:
    """One keyword argument of a method.

    `default` is what the method sends when the caller passes nothing (Postman sends an enabled
    literal value, so it is the default; a tuple repeats the key). A `setting` is the client
    setting used when the argument is None; `dynamic` is a Postman dynamic variable (`$guid`)
    the client generates per call when the argument is None.
    """

    wire_name: str
    py_name: PyIdent
    location: ParamLocation
    required: bool
    default: str | tuple[str, ...] | None = None
    description: str = ""
    example: str = ""
    setting: PyIdent | None = None
    dynamic: str | None = None
    #: An enabled query key without a value (`?flag`): by default sent bare, as Postman does.
    key_only: bool = False

    @property
    def annotation(self) -> str:
        """The Python type annotation of the parameter."""
        base = {
            "file": "FileInput | list[FileInput]",
            "query": "QueryValue",
            "form": "QueryValue",
            "path": "PathValue",
            "variable": "PathValue",
        }.get(self.location, "str")
        return base if self.required else f"{base} | None"


@dataclass(frozen=True, slots=True)
class PathPart:
    """A piece of a built string: literal text, a method parameter, or a client setting."""

    text: str
    param: PyIdent | None = None
    setting: PyIdent | None = None


@dataclass(frozen=True, slots=True)
class WireEntry:
    """One query pair, header or form field, in collection order.

    Either the whole value is a method parameter (`param`), or it is built from `parts`: literal
    text, method parameters and client settings (`Bearer {{token}}`, `v{{version}}`).
    """

    wire_name: str
    parts: tuple[PathPart, ...] = ()
    param: PyIdent | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """The request body."""

    kind: BodyKind
    content_type: str | None = None
    model: ClassName | None = None
    example: str = ""
    is_array: bool = False
    #: Form fields (urlencoded and multipart), in collection order.
    fields: tuple[WireEntry, ...] = ()
    #: A graphql body's saved `variables`, as JSON text ("" when it has none).
    variables: str = ""
    #: The `{{tokens}}` of a graphql query and variables, and what supplies each one.
    graphql_values: tuple[tuple[str, PathPart], ...] = ()

    @property
    def annotation(self) -> str:
        """The type the `body` parameter accepts."""
        if self.kind in ("json", "graphql"):
            if self.model is not None:
                plain = "Sequence[Any]" if self.is_array else "Mapping[str, Any]"
                return f"{MODELS_ALIAS}.{self.model} | {plain}"
            return "Any"
        return "str | bytes"


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
    #: When the response is a JSON array of objects: the item model (the method returns a list).
    response_item: ClassName | None = None
    #: False when Postman's `protocolProfileBehavior.followRedirects` is false for this request.
    follow_redirects: bool | None = None
    #: When every success example is a JSON scalar of one type: `str`, `int`, `float` or `bool`.
    response_scalar: str | None = None

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

    @property
    def return_type(self) -> str:
        """The annotation of the method's return value."""
        if self.response_item is not None:
            return f"list[{MODELS_ALIAS}.{self.response_item}]"
        if self.response_model is None:
            return self.response_scalar or "Any"
        return f"{MODELS_ALIAS}.{self.response_model}"

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
        """Parameters in signature order: required first, then optional, each in collection order."""
        return tuple(p for p in self.params if p.required) + tuple(
            p for p in self.params if not p.required
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
            if operation.response_model is not None:
                names.add(operation.response_model)
            if operation.body is not None and operation.body.model is not None:
                names.add(operation.body.model)
        return tuple(sorted(names))


@dataclass(frozen=True, slots=True)
class ModelModule:
    """One generated models module: JSON Schema `$defs` that datamodel-code-generator renders,
    and `(name, shared base)` subclasses that postgen writes itself."""

    name: PyIdent
    defs: tuple[tuple[str, Any], ...]
    subclasses: tuple[tuple[str, str], ...] = ()


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
