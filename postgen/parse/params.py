"""A request's parameters in one name space: `ParamBuilder` makes each argument and wire entry.

Every value keeps Postman's meaning: an enabled literal is sent (it is the argument's default), a
disabled one is an optional argument that sends nothing by default, `{{var}}` tokens follow the
variable rule (`postgen.parse.values`), and a placeholder such as `<string>` is an argument the
caller supplies. Literal values that look like secrets become settings never written out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from postgen.ir import Param, ParamLocation, PathPart, WireEntry
from postgen.naming import NameAllocator, PyIdent, snake
from postgen.parse.context import OperationContext
from postgen.parse.values import is_placeholder, template_parts
from postgen.parse.variables import is_secret_name, is_secret_value

__all__ = ["ParamBuilder", "WireValue"]

# Names the generated method body itself uses; a parameter may not shadow them. The keys of
# `RequestOptions` are taken too: `**options: Unpack[RequestOptions]` may not overlap them.
_RESERVED_PARAMS = (
    "self",
    "options",
    "body",
    "path_param",
    "require_setting",
    "pick",
    "dynamic_value",
    "json_body",
    "graphql_body",
    "read_setting",
    "result",
    "str",
    "extra_headers",
    "extra_query",
    "extra_body",
    "timeout",
    "max_retries",
    "idempotency_key",
)
# A graphql request's own keyword arguments.
_GRAPHQL_PARAMS = ("query", "variables")


@dataclass(frozen=True, slots=True)
class WireValue:
    """One query, header or form entry as the collection gives it."""

    key: str
    value: str | None
    disabled: bool
    description: str


class ParamBuilder:
    """Accumulates one operation's parameters in one name space."""

    def __init__(
        self, context: OperationContext, where: str, graphql: bool = False
    ) -> None:
        self.context = context
        self.where = where
        self.reserved = frozenset(
            _RESERVED_PARAMS + (_GRAPHQL_PARAMS if graphql else ())
        )
        self.names = NameAllocator(self.reserved)
        self.params: list[Param] = []
        self.by_key: dict[tuple[str, str], PyIdent] = {}

    def param(
        self,
        wire: str,
        location: ParamLocation,
        *,
        required: bool,
        default: str | tuple[str, ...] | None,
        description: str = "",
        example: str = "",
        key: tuple[str, str] | None = None,
        setting: PyIdent | None = None,
        dynamic: str | None = None,
        wanted: PyIdent | None = None,
        key_only: bool = False,
        type_hint: str = "",
        exact: PyIdent | None = None,
    ) -> PyIdent:
        """The argument for one wire value; the same `key` always gives the same argument."""
        key = key or (location, wire)
        if key in self.by_key:
            return self.by_key[key]
        if isinstance(default, str) and is_secret_value(default):
            # Postman sends it, but it reads as a credential: never written, the caller gives it.
            self.context.diagnostics.warn(
                self.where,
                f"the value of {wire!r} looks like a credential: not written to the output; "
                "it is a required argument",
                "secret",
            )
            default, example, required = None, "", True
        if is_secret_value(example):
            example = ""
        if (
            exact is not None
        ):  # a reserved name the caller hands over (a body's `body` key)
            py_name = exact
        else:
            py_name, _ = self.names.snake(wanted or snake(wire, fallback="param"))
        if is_secret_name(wire) or wire.lower() == "authorization":
            example = ""  # an example credential is still a credential
        if example == default:
            example = ""  # the signature shows the default already
        self.params.append(
            Param(
                wire,
                py_name,
                location,
                required,
                default,
                description,
                example,
                setting,
                dynamic,
                key_only,
                type_hint,
            )
        )
        self.by_key[key] = py_name
        return py_name

    def is_taken(self, name: str) -> bool:
        """Whether `name` is already an argument, or a name the method body uses itself."""
        return name in self.reserved or any(p.py_name == name for p in self.params)

    def entry(
        self, location: ParamLocation, item: WireValue, where: str, usage: str
    ) -> WireEntry:
        """One query pair, header or form field as a `WireEntry` (see the module docstring)."""
        value = item.value
        if not item.disabled and value is not None and "{{" in value:
            parts = template_parts(self, value, where, usage, whole_name=item.key)
            return WireEntry(item.key, parts=tuple(parts))
        if not item.disabled and value and is_secret_name(item.key):
            if location == "form":
                # A password or token in a form is the call's data (`old_password=`), not a
                # client credential: a required argument whose example is never written.
                return self._withheld(item.key, where)
            return self.secret_literal(item.key, where, value)
        placeholder = value is not None and is_placeholder(value)
        default = None if item.disabled or placeholder else value
        param = self.param(
            item.key,
            location,
            required=placeholder and not item.disabled,
            default=default,
            description=item.description,
            example=value or "",
            key_only=value is None and not item.disabled and location == "query",
        )
        return WireEntry(item.key, param=param)

    def _withheld(self, key: str, where: str) -> WireEntry:
        self.context.diagnostics.warn(
            where,
            f"the value of form field {key!r} looks like a secret: not written to the "
            "output; it is a required argument",
            "secret",
        )
        param = self.param(key, "form", required=True, default=None)
        return WireEntry(key, param=param)

    def secret_literal(self, key: str, where: str, value: str) -> WireEntry:
        """A literal credential (`X-Api-Key: sk_live_...`): sent from a required client
        setting, its value never written out."""
        setting = self.context.settings.for_literal(snake(key), where, value)
        self.context.diagnostics.warn(
            where,
            f"the value of {key!r} looks like a secret: not written to the output; the "
            f"client reads the `{setting.py_name}` setting",
            "secret",
        )
        return WireEntry(key, parts=(PathPart("", setting=setting.py_name),))

    def entries(
        self,
        location: ParamLocation,
        items: Sequence[WireValue],
        where: str,
        usage: str,
    ) -> list[WireEntry]:
        """`entry` for each item; a key repeated with plain values is one argument whose
        default repeats the key (`services[]=a&services[]=b`)."""
        # A disabled entry whose key is also sent enabled is an alternative value of it, not
        # an argument of its own (it would send the key twice).
        enabled = {item.key for item in items if not item.disabled}
        items = [i for i in items if not (i.disabled and i.key in enabled)]
        plain: dict[str, list[WireValue]] = {}
        for item in items:
            if item.value is None or "{{" not in item.value:
                plain.setdefault(item.key, []).append(item)
        result: list[WireEntry] = []
        seen: set[str] = set()
        for item in items:
            group = plain.get(item.key, [])
            if len(group) > 1 and item in group:
                if item.key in seen:
                    continue
                seen.add(item.key)
                result.append(self._repeated(location, group))
            else:
                result.append(self.entry(location, item, where, usage))
        return result

    def _repeated(
        self, location: ParamLocation, group: Sequence[WireValue]
    ) -> WireEntry:
        sent = tuple(i.value or "" for i in group if not i.disabled)
        param = self.param(
            group[0].key,
            location,
            required=False,
            default=sent or None,
            description=next((i.description for i in group if i.description), ""),
            example=", ".join(i.value or "" for i in group if i.disabled),
        )
        return WireEntry(group[0].key, param=param)
