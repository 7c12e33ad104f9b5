"""Request bodies: raw (JSON or text), urlencoded, formdata, file and graphql.

A raw JSON body is often not valid JSON (comments, unquoted `{{var}}` placeholders, trailing commas),
so it is cleaned before parsing; the parsed sample becomes the request model's only example.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.ir import BodyKind
from postgen.parse.access import mapping_at, string_at
from postgen.parse.url import text_of

__all__ = ["TOKEN_VALUE", "BodyDraft", "FormField", "parse_lenient_json", "read_body"]

_LANGUAGE_TYPES = {
    "json": "application/json",
    "xml": "application/xml",
    "html": "text/html",
    "javascript": "application/javascript",
    "text": "text/plain",
}
#: Placeholders outside strings (`"age": {{age}}`) become this string so the JSON parses; the
#: value's type is unknown (`postgen.parse.body_fields` reads it as `Any`).
TOKEN_VALUE = "postgen-placeholder"
_PLACEHOLDER = json.dumps(TOKEN_VALUE)
_COMMENT_OR_STRING = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_BARE_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\{\{[^{}]*?\}\}')


@dataclass(frozen=True, slots=True)
class FormField:
    """One urlencoded or formdata entry; `value` is None for a file field."""

    key: str
    value: str | None
    is_file: bool
    disabled: bool
    description: str
    #: A file field with a file chosen in the collection (`src`); never read, only noted.
    has_source: bool = False


@dataclass(slots=True)
class BodyDraft:
    """What the request body looks like before names are allocated."""

    kind: BodyKind
    content_type: str | None = None
    sample: Any = None
    has_sample: bool = False
    text: str = ""
    fields: list[FormField] = field(default_factory=list)
    #: A graphql body's saved variables, as JSON text.
    variables: str = ""


def _strip_comments(text: str) -> str:
    return _COMMENT_OR_STRING.sub(
        lambda m: m.group(0) if m.group(0).startswith('"') else "", text
    )


def _replace_bare_tokens(text: str) -> str:
    return _BARE_TOKEN.sub(
        lambda m: m.group(0) if m.group(0).startswith('"') else _PLACEHOLDER, text
    )


def parse_lenient_json(text: str) -> tuple[bool, Any]:
    """Parse JSON the way Postman sends it: comments stripped, placeholders and commas repaired."""
    try:
        return True, json.loads(text)
    except (
        ValueError,
        RecursionError,
    ):  # too deep: `postgen.bounds` cut what it could see
        pass
    cleaned = _TRAILING_COMMA.sub(r"\1", _replace_bare_tokens(_strip_comments(text)))
    try:
        return True, json.loads(cleaned)
    except (ValueError, RecursionError):
        return False, None


def _form_fields(entries: Any, mode: str) -> list[FormField]:
    fields: list[FormField] = []
    for entry in entries if isinstance(entries, list) else []:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("key"), str)
            or not entry["key"]
        ):
            continue
        is_file = mode == "formdata" and entry.get("type") == "file"
        value = entry.get("value")
        fields.append(
            FormField(
                key=entry["key"],
                value=None if is_file else ("" if value is None else str(value)),
                is_file=is_file,
                disabled=entry.get("disabled") is True,
                description=text_of(entry.get("description")),
                has_source=bool(entry.get("src")),
            )
        )
    return fields


def read_body(
    body: Any, content_type: str | None, where: str, diagnostics: Diagnostics
) -> BodyDraft | None:
    """The body of a request, or None when it sends none."""
    if not isinstance(body, dict) or body.get("disabled") is True:
        return None
    mode = body.get("mode")
    if not isinstance(mode, str):
        return None
    if mode in ("urlencoded", "formdata"):
        fields = _form_fields(body.get(mode), mode)
        if not fields:
            return None
        # Postman sends formdata as multipart even when every field is text.
        kind: BodyKind = "multipart" if mode == "formdata" else "form"
        # A multipart Content-Type needs the boundary the transport chooses: never copied. A
        # urlencoded body keeps a declared type only when it is that one (with a charset, say):
        # Postman replaces anything else with its own, as the client does.
        declared = None
        form_type = "application/x-www-form-urlencoded"
        if kind == "form" and content_type is not None:
            if content_type.split(";")[0].strip().lower() == form_type:
                declared = content_type
            else:
                diagnostics.warn(
                    where,
                    f"Content-Type {content_type!r} on a urlencoded body: sent as "
                    f"{form_type}, as Postman sends it",
                    "body",
                )
        return BodyDraft(kind=kind, fields=fields, content_type=declared)
    if mode == "file":
        if content_type is None:
            # Postman types the body from the file it reads; the client has only the bytes.
            diagnostics.warn(
                where,
                "a file body with no Content-Type header: Postman sends one it derives "
                "from the file; the client sends none (pass it with extra_headers=)",
                "body",
            )
        return BodyDraft(kind="file", content_type=content_type)
    if mode == "graphql":
        graphql = mapping_at(body, "graphql")
        return BodyDraft(
            kind="graphql",
            content_type=content_type or "application/json",
            text=string_at(graphql, "query"),
            variables=string_at(graphql, "variables"),
        )
    if mode != "raw":
        diagnostics.warn(
            f"{where}.mode", f"unknown body mode {mode!r}: sent as raw text", "body"
        )
    raw = string_at(body, "raw")
    options = body.get("options")
    language = ""
    if isinstance(options, dict) and isinstance(options.get("raw"), dict):
        language = str(options["raw"].get("language") or "")
    stripped = raw.strip()
    if not stripped:
        return None  # `"raw": ""` is no body at all: no argument, nothing sent
    declared = content_type or _LANGUAGE_TYPES.get(language)
    is_json = (declared is not None and "json" in declared) or (
        declared is None and stripped[:1] in ("{", "[")
    )
    if "{{$" in raw:
        diagnostics.warn(
            f"{where}.raw",
            "the body sample uses Postman's dynamic variables ({{$...}}): Postman fills them "
            "in; the client sends the body it is given",
            "variables",
        )
    if is_json:
        # Without a language or header Postman sends `text/plain`, even for JSON text.
        ok, sample = parse_lenient_json(raw)
        if not ok:
            diagnostics.warn(
                f"{where}.raw",
                "the JSON body sample does not parse: the body is untyped",
                "body",
            )
        return BodyDraft(
            kind="json",
            content_type=declared or "text/plain",
            sample=sample,
            has_sample=ok and isinstance(sample, dict | list),
        )
    return BodyDraft(kind="text", content_type=declared or "text/plain", text=raw)
