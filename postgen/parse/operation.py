"""One Postman request item -> one `Operation`: method, path, parameters, body, models, errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.ir import (
    AuthScheme,
    Body,
    ErrorCase,
    FixedValue,
    Operation,
    Param,
    ParamLocation,
    PathPart,
)
from postgen.naming import ClassName, NameAllocator, PyIdent, class_name, snake
from postgen.parse.access import string_at
from postgen.parse.bodies import BodyDraft, read_body
from postgen.parse.errors import ErrorRegistry, status_class
from postgen.parse.examples import read_examples
from postgen.parse.models import ModelCollector
from postgen.parse.settings import SettingsRegistry
from postgen.parse.url import RawUrl, parse_url, text_of
from postgen.parse.variables import is_secret_name, split_tokens, substitute

__all__ = ["OperationContext", "parse_operation", "request_of"]

# Names the generated method body itself uses; a parameter may not shadow them.
_RESERVED_PARAMS = ("self", "options", "body", "path_param")
# Headers that the runtime or httpx set; copying them from an export would only break requests.
_SKIPPED_HEADERS = {
    "content-length",
    "host",
    "postman-token",
    "connection",
    "accept-encoding",
}


@dataclass(slots=True)
class OperationContext:
    """Everything shared by all requests of one build."""

    settings: SettingsRegistry
    errors: ErrorRegistry
    models: ModelCollector
    diagnostics: Diagnostics
    base_origin: str


def request_of(item: dict[str, Any]) -> dict[str, Any]:
    """`request` as an object: a bare string means GET to that URL; missing means an empty GET."""
    request = item.get("request")
    if isinstance(request, str):
        return {"method": "GET", "url": request}
    return request if isinstance(request, dict) else {"method": "GET", "url": ""}


def _label(method: str, item: dict[str, Any]) -> str:
    name = item.get("name")
    return f"{method} {name if isinstance(name, str) else '(unnamed)'}"


class _Builder:
    """Accumulates one operation's parameters in one name space."""

    def __init__(self, context: OperationContext, where: str) -> None:
        self.context = context
        self.where = where
        self.names = NameAllocator(_RESERVED_PARAMS)
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


def _path(builder: _Builder, url: RawUrl, where: str) -> list[PathPart]:
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


def _fixed(builder: _Builder, wire: str, value: str, where: str) -> FixedValue:
    return FixedValue(wire, tuple(builder.parts(value, where, {})))


def _query(builder: _Builder, url: RawUrl, where: str) -> list[FixedValue]:
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


def _headers(
    builder: _Builder, request: dict[str, Any], where: str
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


def _body(
    builder: _Builder, draft: BodyDraft | None, op_class: ClassName, module: PyIdent
) -> Body | None:
    if draft is None:
        return None
    if draft.kind in ("form", "multipart"):
        for form_field in draft.fields:
            builder.param(
                form_field.key,
                "file" if form_field.is_file else "form",
                required=False,
                default=None,
                description=form_field.description,
            )
        return Body(kind=draft.kind)
    model = None
    if draft.kind == "json" and draft.has_sample:
        model = builder.context.models.add(
            module,
            [draft.sample],
            ClassName(op_class + "Body"),
            ClassName(op_class + "Body"),
            root_label="Body",
        )
    return Body(
        kind=draft.kind,
        content_type=draft.content_type,
        model=model,
        example=draft.text,
        is_array=model is not None and builder.context.models.is_array(module, model),
    )


def _other_origin(origin: str, where: str, context: OperationContext) -> list[PathPart]:
    """An absolute URL prefix for a request whose host is not the client's base URL.

    A literal host is written as it is; `{{variables}}` in it become client settings (never method
    parameters: a host belongs to the deployment, not to the call).
    """
    resolved = substitute(origin, context.settings.variables.values).rstrip("/")
    if "{{" not in resolved:
        return [PathPart(resolved if "://" in resolved else f"https://{resolved}")]
    parts: list[PathPart] = []
    for piece, is_token in split_tokens(origin):
        if is_token:
            setting = context.settings.for_variable(piece, where)
            parts.append(PathPart("", setting=setting.py_name))
        else:
            parts.append(PathPart(piece))
    return parts


def parse_operation(
    item: dict[str, Any],
    where: str,
    py_name: PyIdent,
    module: PyIdent,
    auth: AuthScheme | None,
    context: OperationContext,
) -> Operation:
    """Build the operation for one request item (names already allocated by the caller)."""
    request = request_of(item)
    method = str(request.get("method") or "GET").upper()
    label = _label(method, item)
    located = f"{where} ({label})"
    builder = _Builder(context, located)
    url = parse_url(request.get("url"), f"{where}.request.url", context.diagnostics)
    path = _path(builder, url, located)
    if url.origin and url.origin != context.base_origin:
        path = [*_other_origin(url.origin, located, context), *path]
    fixed_query = _query(builder, url, located)
    fixed_headers, content_type = _headers(builder, request, located)
    op_class = class_name(py_name, fallback="Request")
    body = _body(
        builder,
        read_body(
            request.get("body"),
            content_type,
            f"{where}.request.body",
            context.diagnostics,
        ),
        op_class,
        module,
    )
    examples = read_examples(item, where)
    success = [
        e.json
        for e in examples
        if e.is_json and (e.status is None or 200 <= e.status < 300)
    ]
    response_model = response_item = None
    if success:
        response_model = context.models.add(
            module, success, ClassName(op_class + "Response"), op_class
        )
        if response_model is not None:
            response_item = context.models.list_item(module, response_model)
    errors: list[ErrorCase] = []
    uncoded: dict[int, None] = {}  # statuses of error examples without a code, in order
    for example in examples:
        if example.status is not None and example.status >= 400:
            case = context.errors.add(example)
            if case is None:
                uncoded[example.status] = None
            elif case not in errors:
                errors.append(case)
    if uncoded:
        # One warning per request, not per example: GitHub alone has 793 such examples.
        statuses = ", ".join(str(status) for status in uncoded)
        classes = ", ".join(dict.fromkeys(status_class(status) for status in uncoded))
        context.diagnostics.warn(
            located,
            f"no error code in its {statuses} example(s): they raise {classes}",
            "errors",
        )
    description = text_of(request.get("description")) or text_of(
        item.get("description")
    )
    return Operation(
        wire_name=str(item.get("name") or ""),
        py_name=py_name,
        method=method,
        path=tuple(path),
        params=tuple(builder.params),
        fixed_headers=tuple(fixed_headers),
        fixed_query=tuple(fixed_query),
        body=body,
        response_model=response_model,
        response_item=response_item,
        errors=tuple(errors),
        description=description,
        auth=auth,
        has_success_example=bool(success),
        location=located,
    )
