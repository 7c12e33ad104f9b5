"""Field converters for legacy v1 requests: headers, body, URL, auth, events, variables.

Each function reads one v1 entity (a request, folder or the collection), reports anything it has to
skip or repair, and returns the v2.1-shaped value. The rules follow the transformer's
`converter-v1-to-v21.js` (POSTMAN-FORMAT.md §13); deviations are marked "postgen choice".
"""

from __future__ import annotations

import re
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.formats.shared import Json, attribute_type
from postgen.formats.v1_auth import convert_auth
from postgen.formats.v3_url import split_url

__all__ = [
    "convert_auth",
    "convert_body",
    "convert_events",
    "convert_headers",
    "convert_url",
    "convert_variables",
    "parse_header_string",
]

# Transformer `common/v1.js`: a header line, optionally commented out with `//`.
_HEADER_LINE = re.compile(r"^((//\s*)?\S+):(.*)$", re.MULTILINE)
_FOLDED_LINE = re.compile(r"\r\n([ \t])")
_DISABLED_PREFIX = "//"
_HEADER_FIELDS = frozenset({"key", "value", "disabled", "description"})
_BODY_MODES = {
    "raw": "raw",
    "urlencoded": "urlencoded",
    "params": "formdata",
    "binary": "file",
    "graphql": "graphql",
}


def _at(where: str, field: str) -> str:
    # `where` is "" for the collection itself, whose fields are top-level paths.
    return f"{where}.{field}" if where else field


def _skip(diagnostics: Diagnostics, where: str, message: str) -> None:
    diagnostics.warn(where, message, "format")


def _enable(entry: Json) -> Json:
    # A `//` key prefix (v1's commented-out header) and `enabled:false` both mean disabled.
    if isinstance(entry.get("key"), str) and entry["key"].startswith(_DISABLED_PREFIX):
        entry["key"] = entry["key"][len(_DISABLED_PREFIX) :].strip()
        entry["disabled"] = True
    if entry.pop("enabled", None) is False:
        entry["disabled"] = True
    return entry


def parse_header_string(text: str) -> list[Json]:
    """Parse the v1 `headers` string: `Key: value` per line, a `//` prefix means disabled."""
    return [
        _enable({"key": match.group(1), "value": match.group(3).strip()})
        for match in _HEADER_LINE.finditer(_FOLDED_LINE.sub(r"\1", text))
    ]


def _entries(
    raw: Any, where: str, diagnostics: Diagnostics, keep: frozenset[str] | None = None
) -> list[Json]:
    """Header / form / query / path-variable entries; keyless or non-object ones are skipped.

    `keep` limits the copied fields: v1 entries carry editor fields (`name`, `type: text`).
    """
    if not isinstance(raw, list):
        if raw not in (None, "", {}):
            _skip(diagnostics, where, "expected a list; ignored")
        return []
    entries: list[Json] = []
    for index, item in enumerate(raw):
        key = item.get("key") if isinstance(item, dict) else None
        if not isinstance(key, str) or not key:
            _skip(
                diagnostics,
                f"{where}[{index}]",
                "entry without a string `key`; skipped",
            )
            continue
        entry = _enable({k: v for k, v in item.items() if keep is None or k in keep})
        entry.pop("name", None)
        if not entry.get("description"):
            # Empty descriptions are noise in v1 exports (the transformer's cleanEmptyValue).
            entry.pop("description", None)
        entries.append(entry)
    return entries


def convert_headers(request: Json, where: str, diagnostics: Diagnostics) -> list[Json]:
    """`headerData` first, then string headers whose key `headerData` did not already give."""
    text = request.get("headers")
    keep = _HEADER_FIELDS | {"enabled"}
    if isinstance(text, list):
        # Some exporters already wrote v2-style header objects here.
        return _entries(text, _at(where, "headers"), diagnostics, keep)
    headers = _entries(
        request.get("headerData"), _at(where, "headerData"), diagnostics, keep
    )
    seen = {header["key"] for header in headers}
    if isinstance(text, str):
        headers += [h for h in parse_header_string(text) if h["key"] not in seen]
    elif text is not None:
        _skip(
            diagnostics, _at(where, "headers"), "expected a string of headers; ignored"
        )
    return headers


def _form_entries(
    data: Any, where: str, mode: str, diagnostics: Diagnostics
) -> list[Json]:
    if isinstance(data, str) and mode == "urlencoded":
        # postgen choice: a urlencoded body written as a query string (seen in old exports).
        pairs = [part.partition("=") for part in data.split("&") if part]
        return [{"key": key, "value": value} for key, _, value in pairs if key]
    entries = _entries(data, where, diagnostics)
    for entry in entries:
        if entry.get("type") == "file" and "value" in entry:
            # v1 keeps the file path in `value`; v2 calls it `src`.
            value = entry.pop("value")
            entry["src"] = value if isinstance(value, str | list) else None
    return entries


def _infer_mode(data: Any, raw_data: Any, graphql: Any) -> str | None:
    # The transformer's order: raw text, then a list of fields, then graphql; nothing -> no body.
    if not data and not raw_data and not graphql:
        return None
    if isinstance(raw_data, str) and raw_data:
        return "raw"
    if isinstance(data, list) or isinstance(raw_data, list):
        return "formdata"
    return "graphql" if isinstance(graphql, dict) else "raw"


def convert_body(request: Json, where: str, diagnostics: Diagnostics) -> Json | None:
    """Map `dataMode` (params->formdata, binary->file) or infer it: raw > formdata > graphql.

    postgen choice: an empty formdata/urlencoded list (v1 GETs often carry `dataMode: params`
    with `data: []`) gives no body, so no empty form parameter reaches the client."""
    data, raw_data, graphql = (
        request.get(k) for k in ("data", "rawModeData", "graphqlModeData")
    )
    if (
        isinstance(raw_data, list)
        and len(raw_data) == 1
        and isinstance(raw_data[0], str)
    ):
        raw_data = raw_data[0]
    data_mode = request.get("dataMode")
    mode = _BODY_MODES.get(data_mode) if isinstance(data_mode, str) else None
    if data_mode is not None and mode is None:
        _skip(
            diagnostics,
            _at(where, "dataMode"),
            f"unknown dataMode {data_mode!r}; inferred",
        )
    mode = mode or _infer_mode(data, raw_data, graphql)
    if mode is None:
        return None
    body: Json = {"mode": mode}
    if mode == "raw":
        body["raw"] = raw_data if isinstance(raw_data, str) and raw_data else ""
        if not body["raw"] and isinstance(data, str):
            body["raw"] = data
        if isinstance(request.get("dataOptions"), dict) and request["dataOptions"]:
            body["options"] = request["dataOptions"]
    elif mode == "file":
        body["file"] = {"src": raw_data if isinstance(raw_data, str) else None}
    elif mode == "graphql":
        if not isinstance(graphql, dict):
            _skip(diagnostics, _at(where, "graphqlModeData"), "missing; empty query")
            graphql = {"query": raw_data if isinstance(raw_data, str) else ""}
        body["graphql"] = {
            k: graphql[k] for k in ("query", "variables") if k in graphql
        }
    else:
        field = "data" if data not in (None, "") else "rawModeData"
        body[mode] = _form_entries(
            request.get(field), _at(where, field), mode, diagnostics
        )
        if not body[mode]:
            return None
    if request.get("dataDisabled") is True:
        body["disabled"] = True
    return body


_COMPONENTS = ("protocol", "auth", "host", "port", "path")


def _raw_query(url: str) -> list[Json]:
    query = url.partition("#")[0].partition("?")[2]
    entries: list[Json] = []
    for part in query.split("&") if query else []:
        key, equals, value = part.partition("=")
        entries.append({"key": key or None, "value": value if equals else None})
    return entries


def convert_url(request: Json, where: str, diagnostics: Diagnostics) -> str | Json:
    """The raw URL string, or `{raw, variable?, query?}` when v1 has path variables or query
    parameter entries. `raw` stays as written: it already holds the enabled query."""
    url = request.get("url")
    if not isinstance(url, str):
        if url is not None:
            _skip(diagnostics, _at(where, "url"), "expected a string; URL left empty")
        url = ""
    path_data = request.get("pathVariableData")
    variables = _entries(
        path_data, _at(where, "pathVariableData"), diagnostics, _HEADER_FIELDS
    )
    seen = {variable["key"] for variable in variables}
    path_vars = request.get("pathVariables")
    if isinstance(path_vars, dict):
        variables += [
            {"key": k, "value": v} for k, v in path_vars.items() if k not in seen
        ]
    elif path_vars not in (None, [], ""):
        # `pathVariables: []` is a common schema violation meaning "none"; other shapes are odd.
        _skip(diagnostics, _at(where, "pathVariables"), "expected an object; ignored")
    query = _entries(request.get("queryParams"), _at(where, "queryParams"), diagnostics)
    if query:
        # The transformer's merge: the entries (they may carry descriptions), then any other
        # parameter that only the raw URL has.
        for entry in query:
            entry.pop("equals", None)
        named = {entry["key"] for entry in query}
        query += [entry for entry in _raw_query(url) if entry["key"] not in named]
    if not variables and not query:
        return url
    result: Json = {"raw": url}
    # Components, as the transformer writes them: Postman builds a URL object from its
    # components only, so `raw` alone would be an empty URL to it.
    parts = split_url(url)
    result.update({key: parts[key] for key in _COMPONENTS if key in parts})
    if variables:
        result["variable"] = variables
    if query:
        result["query"] = query
    return result


def _event(raw: Json) -> Json:
    # Defaults as in the transformer: listen `test`, JavaScript, `exec` as a list of lines.
    event = {**raw, "listen": raw.get("listen") or "test"}
    script = raw.get("script")
    if isinstance(script, dict):
        lines = script.get("exec")
        lines = lines.split("\n") if isinstance(lines, str) else lines
        event["script"] = {**script, "type": script.get("type") or "text/javascript"}
        event["script"]["exec"] = lines
    return event


def convert_events(entity: Json, where: str, diagnostics: Diagnostics) -> list[Json]:
    """A non-empty `events` list wins; otherwise `preRequestScript` and `tests` become events."""
    events = entity.get("events")
    if isinstance(events, list) and events:
        for index, raw in enumerate(events):
            if not isinstance(raw, dict):
                _skip(
                    diagnostics,
                    f"{_at(where, 'events')}[{index}]",
                    "not an object; skipped",
                )
        return [_event(raw) for raw in events if isinstance(raw, dict)]
    if events not in (None, []):
        _skip(diagnostics, _at(where, "events"), "expected a list; ignored")
    scripts = (
        ("prerequest", entity.get("preRequestScript")),
        ("test", entity.get("tests")),
    )
    return [
        _event({"listen": listen, "script": {"exec": code}})
        for listen, code in scripts
        if code
    ]


def convert_variables(entity: Json, where: str, diagnostics: Diagnostics) -> list[Json]:
    """v1 `variables` (or `variable`) -> v2 `variable`: name from `key` or `id`."""
    raw = entity.get("variables", entity.get("variable"))
    if raw is not None and not isinstance(raw, list):
        _skip(diagnostics, _at(where, "variables"), "expected a list; ignored")
    result: list[Json] = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        name = (item.get("key") or item.get("id")) if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(name, str):
            _skip(
                diagnostics, f"{_at(where, 'variables')}[{index}]", "no `key`; skipped"
            )
            continue
        value, kind = item.get("value"), item.get("type")
        kind = ("string" if kind == "text" else kind) or attribute_type(value)
        variable: Json = {"key": name, "value": value, "type": kind}
        if item.get("disabled") is True:
            variable["disabled"] = True
        if item.get("description"):
            variable["description"] = item["description"]
        result.append(variable)
    return result
