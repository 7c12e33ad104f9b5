"""What `bodies_report.py` looks at: annotations, example kinds, replayed responses, error texts.

Kept apart from the report so each module stays small; every helper reads only public behaviour
of a generated client (annotations, the runtime's parser) so it measures old and new code alike.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx
import pydantic

from postgen.parse.examples import Example

__all__ = [
    "BINARY",
    "CODE_KEYS",
    "DETAIL_LISTS",
    "REQUEST_ID_HEADERS",
    "accept",
    "aliased_refused",
    "all_required",
    "args",
    "conforms",
    "detail_strings",
    "headers",
    "is_model",
    "is_typeddict",
    "is_union",
    "kind",
    "list_code",
    "names_model",
    "response",
    "walk_types",
]

BINARY = re.compile(
    r"^(image|audio|video|font)/|^application/(octet-stream|pdf|zip|x-zip|gzip|x-gzip|x-tar"
    r"|x-7z|vnd\.openxmlformats|msword|vnd\.ms-)"
)


REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "paypal-debug-id",
    "x-github-request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-correlation-id",
    "correlation-id",
)


CODE_KEYS = ("code", "errorCode", "error_code")


DETAIL_LISTS = ("details", "errors")


def headers(response: Mapping[str, Any]) -> list[tuple[str, str]]:
    raw = response.get("header", response.get("headers"))
    if isinstance(raw, str):
        raw = raw.splitlines()
    pairs: list[tuple[str, str]] = []
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            pairs.append((entry["key"], str(entry.get("value") or "")))
        elif isinstance(entry, str) and ":" in entry:
            key, value = entry.split(":", 1)
            pairs.append((key.strip(), value.strip()))
    return pairs


def kind(example: Example, headers: list[tuple[str, str]]) -> str:
    """binary, json, text or empty, as a user meets the body (JSON whatever the media type
    says, when it parses; an attachment of JSON, Twitter's `json.json`, is still JSON).
    """
    content_type = example.content_type
    disposition = next(
        (v for k, v in headers if k.lower() == "content-disposition"), ""
    )
    attachment = "attachment" in disposition.lower() and "json" not in content_type
    if BINARY.search(content_type) or attachment:
        return "binary"
    if example.is_json:
        return "json"
    if not example.body_text.strip():
        return "empty"
    return "text"


def args(annotation: Any) -> tuple[Any, ...]:
    return typing.get_args(annotation)


def is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or origin is types.UnionType


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)


def is_typeddict(annotation: Any) -> bool:
    return isinstance(annotation, type) and typing.is_typeddict(annotation)


def walk_types(annotation: Any, seen: set[int]) -> Iterator[Any]:
    """Every model and TypedDict class reachable from an annotation."""
    if typing.get_origin(annotation) in (typing.NotRequired, typing.Required):
        annotation = args(annotation)[0]
    if is_model(annotation) or is_typeddict(annotation):
        if id(annotation) in seen:
            return
        seen.add(id(annotation))
        yield annotation
        if is_model(annotation):
            for info in annotation.model_fields.values():
                yield from walk_types(info.annotation, seen)
        else:
            for value in typing.get_type_hints(annotation).values():
                yield from walk_types(value, seen)
        return
    for arg in args(annotation):
        yield from walk_types(arg, seen)


def names_model(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.NotRequired, typing.Required):
        annotation = args(annotation)[0]
    if is_model(annotation):
        return True
    return any(names_model(arg) for arg in args(annotation))


def all_required(cls: Any) -> bool:
    if is_model(cls):
        fields = cls.model_fields
        return bool(fields) and all(f.is_required() for f in fields.values())
    keys = cls.__required_keys__ | cls.__optional_keys__
    return bool(keys) and cls.__required_keys__ == keys


def aliased_refused(cls: Any) -> int:
    if not is_model(cls) or cls.model_config.get("populate_by_name"):
        return 0
    return sum(
        1
        for name, info in cls.model_fields.items()
        if info.alias is not None and info.alias != name
    )


def conforms(value: Any, annotation: Any) -> bool:
    if annotation is Any or annotation is object:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    if is_union(annotation):
        return any(conforms(value, arg) for arg in args(annotation))
    origin = typing.get_origin(annotation)
    if origin in (list, Sequence):
        return isinstance(value, list)
    if origin in (dict, Mapping):
        return isinstance(value, dict)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return True


def accept(item: dict[str, Any]) -> str:
    request = item.get("request")
    headers = request.get("header") if isinstance(request, dict) else None
    for entry in headers if isinstance(headers, list) else []:
        if isinstance(entry, dict) and str(entry.get("key", "")).lower() == "accept":
            return str(entry.get("value") or "").lower()
    return ""


def response(
    example: Example, headers: list[tuple[str, str]], status: int
) -> httpx.Response:
    sent = [
        (k, v)
        for k, v in headers
        if k.lower() in ("content-type", "content-disposition")
    ]
    if example.content_type and not sent:
        sent = [("Content-Type", example.content_type)]
    return httpx.Response(
        status,
        headers=sent + [(k, v) for k, v in headers if k.lower() in REQUEST_ID_HEADERS],
        # A JSON example is replayed as the data it holds (Postman's own view accepts comments
        # and trailing commas, which no server sends).
        content=(
            json.dumps(example.json).encode()
            if example.is_json
            else example.body_text.encode("utf-8")
        ),
        request=httpx.Request("GET", "https://example.test/"),
    )


def list_code(body: Any) -> str | None:
    for key in DETAIL_LISTS:
        entries = body.get(key) if isinstance(body, dict) else None
        if (
            isinstance(entries, list)
            and entries
            and all(isinstance(e, dict) for e in entries)
        ):
            codes = {str(e[k]) for e in entries for k in CODE_KEYS if e.get(k)}
            if len(codes) == 1:
                return codes.pop()
    return None


def detail_strings(body: Any) -> list[str]:
    found: list[str] = []
    containers = [body, body.get("error")] if isinstance(body, dict) else []
    for container in containers:
        for key in DETAIL_LISTS:
            entries = container.get(key) if isinstance(container, dict) else None
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict):
                    found.extend(
                        v for v in entry.values() if isinstance(v, str) and len(v) >= 3
                    )
                elif isinstance(entry, str) and len(entry) >= 3:
                    found.append(entry)
    return found
