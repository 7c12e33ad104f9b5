"""The request side of the intermediate representation: what a method sends and from where.

Settings and auth schemes (per client), parameters, path parts, wire entries and bodies (per
request). Frozen dataclasses, as the rest of `postgen.ir` (which re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from postgen.naming import ClassName, PyIdent

__all__ = [
    "AuthKind",
    "AuthScheme",
    "Body",
    "BodyKind",
    "Param",
    "ParamLocation",
    "PathPart",
    "Setting",
    "TokenFlow",
    "WireEntry",
]

#: Where a parameter's value goes. "variable" is a Postman `{{variable}}` that may sit anywhere
#: (a path segment, part of a header, a form field): it is sent through `WireEntry.parts`.
ParamLocation = Literal["path", "variable", "query", "header", "form", "file", "body"]
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
    #: A body field's type (`str`, `Sequence[_params.Item]`): sent only when given.
    type_hint: str = ""

    @property
    def annotation(self) -> str:
        """The Python type annotation of the parameter."""
        if self.location == "body":
            return f"{self.type_hint or 'Any'} | NotGiven"
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
    """The request body.

    A JSON object body is sent from keyword arguments, one per top-level key (`json_fields`),
    with `body=` as the whole-body escape hatch; any other JSON body (an array, a map) is one
    typed `body` argument.
    """

    kind: BodyKind
    content_type: str | None = None
    example: str = ""
    #: Form fields (urlencoded and multipart), in collection order.
    fields: tuple[WireEntry, ...] = ()
    #: A graphql body's saved `variables`, as JSON text ("" when it has none).
    variables: str = ""
    #: The `{{tokens}}` of a graphql query and variables, and what supplies each one.
    graphql_values: tuple[tuple[str, PathPart], ...] = ()
    #: A JSON object body's top-level keys, each sent from the method argument `param`.
    json_fields: tuple[WireEntry, ...] = ()
    #: Whether the JSON body is an object built from keyword arguments (`json_fields`).
    is_object: bool = False
    #: Whether `body=` replaces the whole object (False when a top-level key is `body`).
    whole: bool = True
    #: The type of the `body` argument of a JSON body that is not an object.
    body_type: str = ""
    #: The `TypedDict`s of the params module that the method's annotations name.
    param_names: tuple[ClassName, ...] = ()

    @property
    def annotation(self) -> str:
        """The type the `body` parameter accepts."""
        if self.kind in ("json", "graphql"):
            if self.is_object:
                return "Mapping[str, Any] | NotGiven"
            return self.body_type or "Any"
        return "str | bytes"
