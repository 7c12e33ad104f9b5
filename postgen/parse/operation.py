"""One Postman request item -> one `Operation`: method, path, parameters, body, models, errors."""

from __future__ import annotations

from typing import Any

from postgen.ir import (
    AuthScheme,
    Body,
    ErrorCase,
    Operation,
    PathPart,
)
from postgen.naming import ClassName, PyIdent, class_name
from postgen.parse.bodies import BodyDraft, read_body
from postgen.parse.context import OperationContext
from postgen.parse.errors import status_class
from postgen.parse.examples import read_examples
from postgen.parse.infer import scalar_type
from postgen.parse.params import ParamBuilder, read_headers, read_path, read_query
from postgen.parse.url import parse_url, text_of
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


def _body(
    builder: ParamBuilder, draft: BodyDraft | None, op_class: ClassName, module: PyIdent
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
    body_block = request.get("body")
    is_graphql = isinstance(body_block, dict) and body_block.get("mode") == "graphql"
    builder = ParamBuilder(context, located, graphql=is_graphql)
    url = parse_url(request.get("url"), f"{where}.request.url", context.diagnostics)
    path = read_path(builder, url, located)
    if url.origin and url.origin != context.base_origin:
        path = [*_other_origin(url.origin, located, context), *path]
    fixed_query = read_query(builder, url, located)
    fixed_headers, content_type = read_headers(builder, request, located)
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
        response_scalar=None if response_model else scalar_type(success),
        errors=tuple(errors),
        description=description,
        auth=auth,
        has_success_example=bool(success),
        location=located,
    )
