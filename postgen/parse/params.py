"""A request's parameters: path segments, query entries and headers, in one name space.

`{{var}}` tokens that name collection variables become client settings; others (and dynamic `$`
names) become required method parameters. Literal values that look like secrets become settings
whose values are never written out.
"""

from __future__ import annotations

from typing import Any

from postgen.ir import FixedValue, Param, ParamLocation, PathPart
from postgen.naming import NameAllocator, PyIdent, snake
from postgen.parse.access import string_at
from postgen.parse.context import OperationContext
from postgen.parse.url import RawUrl, text_of
from postgen.parse.variables import is_secret_name, split_tokens, substitute

__all__ = ["ParamBuilder", "read_headers", "read_path", "read_query"]

# Names the generated method body itself uses; a parameter may not shadow them.
_RESERVED_PARAMS = ("self", "options", "body", "path_param", "require_setting", "str")
# A graphql request's own keyword arguments.
_GRAPHQL_PARAMS = ("query", "variables")
# Headers that the runtime or httpx set; copying them from an export would only break requests.
_SKIPPED_HEADERS = {
    "content-length",
    "host",
    "postman-token",
    "connection",
    "accept-encoding",
}


class ParamBuilder:
    """Accumulates one operation's parameters in one name space."""

    def __init__(
        self, context: OperationContext, where: str, graphql: bool = False
    ) -> None:
        self.context = context
        self.where = where
        self.names = NameAllocator(
            _RESERVED_PARAMS + (_GRAPHQL_PARAMS if graphql else ())
        )
        self.params: list[Param] = []
        self.by_wire: dict[tuple[str, str], PyIdent] = {}

    def param(
        self,
        wire: str,
        location: ParamLocation,
        *,
        required: bool,
        default: str | None,
        description: str = "",
        example: str = "",
    ) -> PyIdent:
        key = (location if location != "path" else "path", wire)
        if key in self.by_wire:
            return self.by_wire[key]
        py_name, _ = self.names.snake(snake(wire, fallback="param"))
        if is_secret_name(wire) or wire.lower() == "authorization":
            example = ""  # an example credential is still a credential
        self.params.append(
            Param(
                wire,
                py_name,
                location,
                required,
                default,
                description,
                example,
            )
        )
        self.by_wire[key] = py_name
        return py_name

    def parts(
        self, text: str, where: str, url_vars: dict[str, tuple[str, str]]
    ) -> list[PathPart]:
        """Literal text with `{{var}}` tokens: collection variables become client settings,
        unknown ones (and dynamic `$` names) become required method parameters."""
        parts: list[PathPart] = []
        for piece, is_token in split_tokens(text):
            if not is_token:
                parts.append(PathPart(piece))
            elif (
                piece in self.context.settings.variables.values
                and not piece.startswith("$")
            ):
                setting = self.context.settings.for_variable(piece, where)
                parts.append(PathPart("", setting=setting.py_name))
            else:
                description = url_vars.get(piece, ("", ""))[1]
                parts.append(
                    PathPart(
                        "",
                        param=self.param(
                            piece,
                            "path",
                            required=True,
                            default=None,
                            description=description,
                        ),
                    )
                )
        return parts


def read_path(builder: ParamBuilder, url: RawUrl, where: str) -> list[PathPart]:
    parts: list[PathPart] = []
    for segment in url.path:
        parts.append(PathPart("/"))
        if segment.startswith(":") and len(segment) > 1:
            # `:id.json` is the variable `id` followed by the literal `.json`.
            name, dot, suffix = segment[1:].partition(".")
            _value, description = url.variables.get(name, ("", ""))
            parts.append(
                PathPart(
                    "",
                    param=builder.param(
                        name,
                        "path",
                        required=True,
                        default=None,
                        description=description,
                    ),
                )
            )
            if dot:
                parts.extend(builder.parts("." + suffix, where, url.variables))
        else:
            parts.extend(builder.parts(segment, where, url.variables))
    return parts or [PathPart("/")]


def _fixed(builder: ParamBuilder, wire: str, value: str, where: str) -> FixedValue:
    return FixedValue(wire, tuple(builder.parts(value, where, {})))


def read_query(builder: ParamBuilder, url: RawUrl, where: str) -> list[FixedValue]:
    fixed: list[FixedValue] = []
    for entry in url.query:
        if not entry.disabled and entry.value is not None and "{{" in entry.value:
            fixed.append(_fixed(builder, entry.key, entry.value, where))
        elif not entry.disabled and is_secret_name(entry.key) and entry.value:
            setting = builder.context.settings.for_literal(snake(entry.key), where)
            builder.context.diagnostics.warn(
                where,
                f"the query value of {entry.key!r} looks like a secret: not written to "
                f"the output; the client reads the `{setting.py_name}` setting",
                "secret",
            )
            fixed.append(
                FixedValue(entry.key, (PathPart("", setting=setting.py_name),))
            )
        else:
            # A literal value in Postman is an example, not a default: sending it silently
            # would surprise the caller, so the parameter is optional and the value documented.
            builder.param(
                entry.key,
                "query",
                required=False,
                default=None,
                description=entry.description,
                example=entry.value or "",
            )
    return fixed


def read_headers(
    builder: ParamBuilder, request: dict[str, Any], where: str
) -> tuple[list[FixedValue], str | None]:
    raw = request.get("header")
    entries: list[tuple[str, str, bool, str]] = []
    if isinstance(raw, str):
        for line in raw.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                entries.append((key.strip(), value.strip(), False, ""))
    elif isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, dict) and string_at(entry, "key"):
                raw_value = entry.get("value")
                entries.append(
                    (
                        entry["key"],
                        "" if raw_value is None else str(raw_value),
                        entry.get("disabled") is True,
                        text_of(entry.get("description")),
                    )
                )
    fixed: list[FixedValue] = []
    content_type: str | None = None
    for key, value, disabled, description in entries:
        lower = key.lower()
        if lower in _SKIPPED_HEADERS:
            continue
        if disabled:
            builder.param(
                key,
                "header",
                required=False,
                default=None,
                description=description,
                example=value,
            )
        elif lower == "content-type":
            content_type = (
                substitute(value, builder.context.settings.variables.values) or None
            )
        elif "{{" in value:
            fixed.append(_fixed(builder, key, value, f"{where}.header"))
        elif value and (is_secret_name(key) or lower == "authorization"):
            setting = builder.context.settings.for_literal(
                snake(key), f"{where}.header"
            )
            builder.context.diagnostics.warn(
                f"{where}.header",
                f"the value of header {key!r} looks like a secret: not "
                f"written to the output; the client reads the `{setting.py_name}` setting",
                "secret",
            )
            fixed.append(FixedValue(key, (PathPart("", setting=setting.py_name),)))
        else:
            fixed.append(FixedValue(key, (PathPart(value),)))
    return fixed, content_type
