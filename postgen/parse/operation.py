"""One Postman request item -> one `Operation`: method, path, parameters, body, models, errors."""

from __future__ import annotations

from typing import Any

from postgen.ir import (
    AuthScheme,
    Body,
    ErrorCase,
    Operation,
    PathPart,
    WireEntry,
)
from postgen.naming import ClassName, PyIdent, class_name, origin_setting_name
from postgen.parse.bodies import BodyDraft, read_body
from postgen.parse.body_fields import json_body, saved_bodies
from postgen.parse.context import OperationContext
from postgen.parse.errors import status_class
from postgen.parse.examples import read_examples
from postgen.parse.infer import scalar_type
from postgen.parse.page_items import read_pagination
from postgen.parse.params import ParamBuilder, WireValue
from postgen.parse.request_parts import (
    header_values,
    read_headers,
    read_path,
    read_query,
)
from postgen.parse.responses import response_kinds
from postgen.parse.url import parse_url, text_of
from postgen.parse.values import template_parts, token_parts
from postgen.parse.variables import split_tokens, substitute

__all__ = ["parse_operation", "request_of"]


def request_of(item: dict[str, Any]) -> dict[str, Any]:
    """`request` as an object: a bare string means GET to that URL; missing means an empty GET."""
    request = item.get("request")
    if isinstance(request, str):
        return {"method": "GET", "url": request}
    return request if isinstance(request, dict) else {"method": "GET", "url": ""}


def _label(method: str, item: dict[str, Any]) -> str:
    name = item.get("name")
    return f"{method} {name if isinstance(name, str) else '(unnamed)'}"


# Postman drops the body of these methods unless `disableBodyPruning` is set.
_PRUNED_METHODS = frozenset({"GET", "COPY", "HEAD", "PURGE", "UNLOCK"})


def _form_body(builder: ParamBuilder, draft: BodyDraft, where: str) -> Body:
    entries: list[WireEntry] = []
    text: list[WireValue] = []
    for form_field in draft.fields:
        if form_field.is_file:
            if not form_field.disabled and not form_field.has_source:
                builder.context.diagnostics.warn(
                    f"{where}.request.body",
                    f"the file field {form_field.key!r} has no file chosen: Postman sends "
                    "an empty part; the client sends the field only when given a file",
                    "body",
                )
            param = builder.param(
                form_field.key,
                "file",
                required=False,
                default=None,
                description=form_field.description,
            )
            entries.append(WireEntry(form_field.key, param=param))
        else:
            text.append(
                WireValue(
                    form_field.key,
                    form_field.value,
                    form_field.disabled,
                    form_field.description,
                )
            )
            entries.append(WireEntry(form_field.key))  # filled in below, in order
    built = iter(builder.entries("form", text, f"{where}.request.body", "form"))
    fields = [
        entry if entry.param is not None or entry.parts else next(built, None)
        for entry in entries
    ]
    return Body(
        kind=draft.kind,
        content_type=draft.content_type,
        fields=tuple(f for f in fields if f is not None),
    )


def _body(
    builder: ParamBuilder,
    draft: BodyDraft | None,
    item: dict[str, Any],
    op_class: ClassName,
    module: PyIdent,
    where: str,
) -> Body | None:
    if draft is None:
        return None
    if draft.kind in ("form", "multipart"):
        return _form_body(builder, draft, where)
    if draft.kind == "json":
        extra = saved_bodies(item, type(draft.sample)) if draft.has_sample else []
        return json_body(builder, draft, extra, op_class, module, where)
    graphql_values: dict[str, PathPart] = {}
    if draft.kind == "graphql":
        # `{{var}}` inside the query or the variables follow the variable rule: the method
        # takes them as arguments and the runtime fills them in before sending.
        for text in (draft.text, draft.variables):
            graphql_values.update(
                token_parts(builder, text, f"{where}.request.body.graphql", "graphql")
            )
    return Body(
        kind=draft.kind,
        content_type=draft.content_type,
        example=draft.text,
        variables=draft.variables,
        graphql_values=tuple(graphql_values.items()),
    )


def _other_origin(origin: str, where: str, context: OperationContext) -> list[PathPart]:
    """An absolute URL prefix for a request whose host is not the client's base URL.

    Every origin can be moved: a literal host becomes a setting whose default is that host, and
    `{{variables}}` in it become client settings (never method arguments: a host belongs to the
    deployment, not to the call).
    """
    resolved = substitute(origin, context.settings.variables.values).rstrip("/")
    if "{{" not in resolved:
        url = resolved if "://" in resolved else f"https://{resolved}"
        base = substitute(context.base_origin, context.settings.variables.values)
        setting = context.settings.for_origin(
            url, origin_setting_name(url, base), where
        )
        return [PathPart("", setting=setting.py_name)]
    parts: list[PathPart] = []
    for piece, is_token in split_tokens(origin):
        if is_token:
            setting = context.settings.for_variable(piece, where)
            parts.append(PathPart("", setting=setting.py_name))
        else:
            parts.append(PathPart(piece))
    return parts


def _content_type(item: WireValue | None, context: OperationContext) -> str | None:
    if item is None or not item.value:
        return None
    return substitute(item.value, context.settings.variables.values) or None


def parse_operation(
    item: dict[str, Any],
    where: str,
    py_name: PyIdent,
    module: PyIdent,
    auth: AuthScheme | None,
    context: OperationContext,
    keep_body: bool = False,
) -> Operation:
    """Build the operation for one request item (names already allocated by the caller)."""
    request = request_of(item)
    method = str(request.get("method") or "GET").upper()
    label = _label(method, item)
    located = f"{where} ({label})"
    body_block = request.get("body")
    is_graphql = isinstance(body_block, dict) and body_block.get("mode") == "graphql"
    builder = ParamBuilder(context, located, graphql=is_graphql)
    url = parse_url(request.get("url"), f"{where}.request.url", context.diagnostics)
    path = read_path(builder, url, located)
    if url.origin and url.origin != context.base_origin:
        path = [*_other_origin(url.origin, located, context), *path]
    query = read_query(builder, url, located)
    headers, content_type_header = read_headers(builder, request, located)
    content_type = _content_type(content_type_header, context)
    op_class = class_name(py_name, fallback="Request")
    draft = read_body(
        request.get("body"),
        content_type,
        f"{where}.request.body",
        context.diagnostics,
    )
    if draft is not None and method in _PRUNED_METHODS and not keep_body:
        context.diagnostics.warn(
            f"{where}.request.body",
            f"Postman does not send a body with {method} (no `disableBodyPruning`): "
            "the method has no body argument",
            "body",
        )
        draft = None
    body = _body(builder, draft, item, op_class, module, where)
    if content_type_header is not None and (body is None or body.kind == "multipart"):
        # No body (or a multipart one, whose boundary the transport adds): the collection's
        # Content-Type is still one of its headers, sent as written.
        if body is None:
            headers.append(
                WireEntry(
                    content_type_header.key,
                    parts=tuple(
                        template_parts(
                            builder,
                            content_type_header.value or "",
                            f"{where}.request.header",
                            "header",
                        )
                    ),
                )
            )
    examples = read_examples(item, where)
    accept = next(
        (h.value or "" for h in header_values(request) if h.key.lower() == "accept"), ""
    )
    kinds = response_kinds(
        examples, str(item.get("name") or ""), "/".join(url.path), accept
    )
    success = kinds.json
    response_model = response_json = None
    response_names: tuple[ClassName, ...] = ()
    root = None
    if success:
        root = context.models.add(
            module, success, ClassName(op_class + "Response"), op_class
        )
    # Read before `response_annotation`, which drops a list root the item type is read from.
    # A download is never a page, whatever its query says.
    page = (
        None
        if kinds.binary and not success
        else read_pagination(item, request, where, module, root, context)
    )
    if page is not None and kinds.text and not success:
        # Its query reads like paging, but what it returns is text: no items to iterate.
        context.diagnostics.warn(
            where,
            f"looks paginated ({page.kind}) but its saved responses are text, not JSON: "
            "the method returns the text, not pages",
            "pagination",
        )
        page = None
    if success:
        if root is not None:
            response_json, response_names = context.models.response_annotation(
                module, root
            )
            response_model = root if response_names == (root,) else None
        else:
            response_json = scalar_type(success)
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
        headers=tuple(headers),
        query=tuple(query),
        body=body,
        response_model=response_model,
        response_json=response_json,
        response_names=response_names,
        response_text=kinds.text,
        response_binary=kinds.binary,
        page=page,
        errors=tuple(errors),
        description=description,
        auth=auth,
        has_success_example=bool(success),
        location=located,
    )
