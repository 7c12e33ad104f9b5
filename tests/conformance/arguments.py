"""The keyword arguments that call a generated method "with the request's own values".

This is the one place that knows how a request's values map onto a method's parameters, so it is
the module to adapt when the generator's signatures change. It is keyed by each IR `Param`'s wire
name and location and never guesses from Python names:

| location | value passed |
|---|---|
| path   | a `:name` segment: its `url.variable` value (percent-decoded, as for query values) |
| variable | a `{{name}}` token anywhere: nothing when the argument falls back to a client setting (which holds the copy's value) or is a dynamic variable the client generates (compared by shape); else the variable's value, or the literal `{{name}}` newman would send |
| query  | the enabled entries with that key (a list when repeated), percent-decoded (`+` as a space, as servers read a query): Postman sends the text as written, a server decodes it, and a method encodes what it is given; nothing for `?flag` (no `=`): the argument's default, `KEY_ONLY`, sends the bare key |
| header | the enabled header with that name (disabled headers are not sent, so not passed) |
| form   | the enabled urlencoded / formdata text entries with that key (a list when repeated) |
| file   | the upload file (as a `Path`) for an enabled formdata file entry with a source |

The body: a JSON object whose fields are arguments -> each field by its wire key (keys without
an argument in `extra_body`); other JSON -> `body=` the parsed value (variables substituted, comments stripped as newman
does; the text when it still does not parse); text -> `body=` the text; file -> `body=` the
upload's bytes (or the inline `content`); graphql -> `query=` and `variables=` (parsed).
Values are substituted like newman (environment over collection variables). Anything it does not
recognise (a location, a body kind, an argument the method does not accept, a required parameter
it cannot fill) is reported in `Call.notes`, never raised. A path value that is empty makes the
SDK raise `ValueError` before sending, which is right; `Call.empty_path` then holds a stand-in
(`:name`, what newman sends) for a second call that lets the rest of the request be judged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_plus

from postgen.ir import Operation, Param
from tests.conformance.postman import (
    Entry,
    as_mapping,
    dynamic_value,
    resolve,
    url_view,
)

__all__ = ["Call", "call_arguments", "strip_json_comments"]

_COMMENT_OR_STRING = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_EMPTY_STAND_IN = "conformance-empty"


@dataclass(slots=True)
class Call:
    """What to call a method with, and what could not be derived."""

    kwargs: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    empty_path: dict[str, str] = field(default_factory=dict)


def strip_json_comments(text: str) -> str:
    """Drop `//` and `/* */` comments outside strings, as newman does for JSON bodies."""
    return _COMMENT_OR_STRING.sub(
        lambda m: m.group(0) if m.group(0).startswith('"') else "", text
    )


def _entries(raw: Any) -> list[Entry]:
    if isinstance(raw, str):
        lines = [line.partition(":") for line in raw.splitlines()]
        return [Entry(k.strip(), v.strip()) for k, sep, v in lines if sep and k.strip()]
    entries = []
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            value = entry.get("value")
            entries.append(
                Entry(
                    entry["key"],
                    None if value is None else str(value),
                    entry.get("disabled") is True,
                    str(entry.get("type") or "text"),
                    entry.get("src"),
                )
            )
    return entries


def _as_fields(value: dict[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """A JSON object body as the method's field arguments; keys it has no argument for (the
    collection's sample showed others) go in `extra_body`."""
    found: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, item in value.items():
        if key in fields:
            found[fields[key]] = item
        else:
            extra[key] = item
    if extra:
        found["extra_body"] = extra
    return found


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


class _Values:
    """The request's own values, substituted as newman substitutes them."""

    def __init__(
        self, request: Mapping[str, Any], variables: Mapping[str, str]
    ) -> None:
        self.variables = variables
        self.url = url_view(request.get("url"))
        self.headers = _entries(request.get("header"))
        body = request.get("body")
        self.body: Mapping[str, Any] = body if isinstance(body, dict) else {}
        mode = self.body.get("mode")
        self.form = (
            _entries(self.body.get(mode)) if mode in ("urlencoded", "formdata") else []
        )

    def sub(self, text: str) -> str:
        return resolve(text, self.variables)

    def path(self, param: Param, call: Call) -> Any:
        wire = param.wire_name
        if wire.startswith("$"):
            value = dynamic_value(wire)
            if value is None:
                call.notes.append(f"dynamic variable {wire}: no value of a known shape")
                return f"conformance-{wire[1:]}"
            return value
        segments = [
            s for s in self.url.path if s == f":{wire}" or s.startswith(f":{wire}.")
        ]
        if segments:
            value = unquote(self.sub(self.url.variables.get(wire, "")))
            stand_in = f":{wire}"
        elif wire in self.variables:
            value, stand_in = self.sub(self.variables[wire]), _EMPTY_STAND_IN
        else:
            # Not a variable: newman resolves what it can inside (`hello_{{var}}`) and sends
            # the rest of the token as it is.
            return self.sub("{{" + wire + "}}")
        token = "{{" + wire + "}}"
        in_path = (
            segments
            or any(token in s for s in self.url.path)
            or any(token in str(v) for v in self.url.variables.values())
        )
        if not value and in_path:
            call.empty_path[str(param.py_name)] = stand_in
        return value

    def matching(
        self, entries: list[Entry], wire: str, *, fold: bool = False
    ) -> list[Entry]:
        def same(key: str) -> bool:
            key = self.sub(key)
            return key.lower() == wire.lower() if fold else key == wire

        return [e for e in entries if not e.disabled and same(e.key)]

    def argument(self, param: Param, upload: Path, call: Call) -> tuple[bool, Any]:
        """(found, value) for one parameter."""
        location, wire = param.location, param.wire_name
        if location == "variable" and (param.dynamic or param.setting):
            # The client makes the value (a dynamic variable, compared by shape) or reads its
            # setting, which holds the copy's value: passing nothing tests exactly that.
            return False, None
        if location == "body":
            return False, None  # a JSON body field: see `body_arguments`
        if location in ("path", "variable"):
            return True, self.path(param, call)
        if location == "query":
            entries = self.matching(self.url.query, wire)
            if entries and all(e.value is None for e in entries):
                return False, None  # `?flag`: the argument's default sends the bare key
            values = [
                unquote_plus(self.sub(e.value)) if e.value is not None else ""
                for e in entries
            ]
            return bool(values), _one_or_many(values) if values else None
        if location == "header":
            values = [
                self.sub(e.value or "")
                for e in self.matching(self.headers, wire, fold=True)
            ]
            return bool(values), _one_or_many(values) if values else None
        if location == "form":
            entries = [e for e in self.matching(self.form, wire) if e.kind != "file"]
            values = [self.sub(e.value or "") for e in entries]
            return bool(values), _one_or_many(values) if values else None
        if location == "file":
            files = [
                e for e in self.matching(self.form, wire) if e.kind == "file" and e.src
            ]
            count = sum(len(e.src) if isinstance(e.src, list) else 1 for e in files)
            if count > 1:
                # Several files in one field: a list, one part per file (the copy points
                # every source at the one upload file).
                return True, [upload] * count
            return bool(files), upload if files else None
        call.notes.append(
            f"parameter {param.py_name} ({location} {wire!r}): location not known"
        )
        return False, None

    def body_arguments(
        self, operation: Operation, upload: Path, call: Call
    ) -> dict[str, Any]:
        kind = operation.body.kind if operation.body is not None else None
        if kind is None or kind in ("form", "multipart"):
            return {}
        if kind == "graphql":
            block = as_mapping(self.body.get("graphql"))
            found: dict[str, Any] = {"query": self.sub(str(block.get("query") or ""))}
            variables = block.get("variables")
            if isinstance(variables, str) and variables.strip():
                try:
                    found["variables"] = json.loads(
                        strip_json_comments(self.sub(variables))
                    )
                except ValueError:
                    call.notes.append(
                        "graphql variables do not parse as JSON: not passed"
                    )
            elif isinstance(variables, dict):
                found["variables"] = variables
            return found
        if kind == "file":
            block = as_mapping(self.body.get("file"))
            if block.get("src"):
                return {"body": upload.read_bytes()}
            return {"body": str(block.get("content") or "")}
        raw = self.sub(str(self.body.get("raw") or ""))
        if kind == "text":
            return {"body": raw}
        if not raw.strip():
            return {}
        try:
            value = json.loads(strip_json_comments(raw))
            # A JSON string body (`"<object>"`) is passed as its text: a `str` body is sent
            # as written, quotes included.
            if isinstance(value, str):
                return {"body": raw}
            fields = {
                p.wire_name: str(p.py_name)
                for p in operation.params
                if p.location == "body"
            }
            if fields and isinstance(value, dict):
                return _as_fields(value, fields)
            return {"body": value}
        except ValueError:
            call.notes.append("raw JSON body does not parse: passed as text")
            return {"body": raw}


def call_arguments(
    operation: Operation,
    request: Mapping[str, Any],
    variables: Mapping[str, str],
    upload: Path,
    accepted: Mapping[str, bool] | None = None,
) -> Call:
    """The call for `operation` with the values of its item's `request` (from the copy).

    `accepted`: the method's keyword parameters (name -> required), from its signature; when
    given, arguments it does not take are dropped and reported, and required ones that could not
    be derived are reported.
    """
    call = Call()
    values = _Values(request, variables)
    for param in operation.params:
        found, value = values.argument(param, upload, call)
        if found:
            call.kwargs[str(param.py_name)] = value
    call.kwargs.update(values.body_arguments(operation, upload, call))
    if accepted is not None:
        for name in [n for n in call.kwargs if n not in accepted and n != "extra_body"]:
            call.notes.append(
                f"argument {name} is not a parameter of the method: dropped"
            )
            del call.kwargs[name]
        for name, required in accepted.items():
            if required and name == "body" and name not in call.kwargs:
                call.kwargs[name] = None
                call.notes.append(
                    "the request has no body: body=None passed (it is required)"
                )
            elif required and name not in call.kwargs:
                call.notes.append(f"required parameter {name}: no value in the request")
    return call
