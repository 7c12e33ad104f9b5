"""Issue 10's figures over ../shared/corpus: request bodies, response types and errors.

Builds every corpus collection, imports the generated client and measures what a user meets:

- bodies: JSON bodies with a typed root; pydantic body fields whose Python name is refused (an
  alias without `populate_by_name`); body types (roots, nested) that make every field required;
  body annotations naming a pydantic model (a dict literal does not type-check there);
- responses: methods with a binary, text/XML or JSON success example and what they return;
  saved success examples that `strict=True` rejects, and those whose lenient result does not fit
  the declared return type; methods returning a `RootModel`; map-like classes; `datetime` fields;
- errors: JSON error examples whose exception has no `code`, whose code sits in a list of
  entries, whose detail strings `str(error)` drops, and whose request id header is not on the
  exception.

Only the generated client's public behaviour is measured (its methods' annotations, the runtime's
response parsing and error mapping), so the same script measures the code before and after.

Usage: python benchmarks/bodies_report.py [--out DIR] [--verbose] [NAME_SUBSTRING ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import tempfile
import types
import typing
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import pydantic

from postgen import build
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats import load_collection
from postgen.ir import Api, Operation
from postgen.parse.examples import Example, read_examples

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

_BINARY = re.compile(
    r"^(image|audio|video|font)/|^application/(octet-stream|pdf|zip|x-zip|gzip|x-gzip|x-tar"
    r"|x-7z|vnd\.openxmlformats|msword|vnd\.ms-)"
)
_REQUEST_ID_HEADERS = (
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
_CODE_KEYS = ("code", "errorCode", "error_code")
_DETAIL_LISTS = ("details", "errors")

FIGURES = (
    ("json bodies (typed)", "json_bodies"),
    ("body roots, all fields required", "roots_all_required"),
    ("body nested types", "nested_types"),
    ("body nested types, all fields required", "nested_all_required"),
    ("body fields aliased, Python name refused", "aliased_refused"),
    ("body annotations naming a pydantic model", "pydantic_in_body"),
    ("model fields aliased, no populate_by_name (all models)", "aliased_all"),
    ("methods with a binary success example", "binary_ops"),
    ("  ... not returning a binary type", "binary_not_binary"),
    ("methods with a text/XML success example", "text_ops"),
    ("  ... whose type does not admit str", "text_not_str"),
    ("success examples replayed", "examples"),
    ("  ... rejected by strict=True", "strict_rejects"),
    ("  ... lenient result outside the return type", "type_violations"),
    ("methods returning a RootModel", "root_model_returns"),
    ("methods returning a list", "list_returns"),
    ("dict[str, T] positions in models", "map_positions"),
    ("response fields typed datetime", "datetime_fields"),
    ("JSON error examples", "error_examples"),
    ("  ... exception without code", "error_code_none"),
    ("  ... code only in a list of entries, not found", "code_in_list_missed"),
    ("  ... detail strings missing from str(error)", "details_missing"),
    ("  ... request id header not on the exception", "request_id_missing"),
)


def _requests(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    items = node.get("item") if isinstance(node, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        path = f"{where}item[{index}]"
        if isinstance(item.get("item"), list):
            yield from _requests(item, f"{path}.")
        else:
            yield path, item


def _headers(response: Mapping[str, Any]) -> list[tuple[str, str]]:
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


def _kind(example: Example, headers: list[tuple[str, str]]) -> str:
    content_type = example.content_type
    disposition = next(
        (v for k, v in headers if k.lower() == "content-disposition"), ""
    )
    if "json" in content_type or (not content_type and example.is_json):
        return "json"  # an attachment of JSON (Twitter's `json.json`) is still JSON
    if _BINARY.search(content_type) or "attachment" in disposition.lower():
        return "binary"
    if not example.body_text.strip():
        return "empty"
    return "text"


def _args(annotation: Any) -> tuple[Any, ...]:
    return typing.get_args(annotation)


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or origin is types.UnionType


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)


def _is_typeddict(annotation: Any) -> bool:
    return isinstance(annotation, type) and typing.is_typeddict(annotation)


def _walk_types(annotation: Any, seen: set[int]) -> Iterator[Any]:
    """Every model and TypedDict class reachable from an annotation."""
    if typing.get_origin(annotation) in (typing.NotRequired, typing.Required):
        annotation = _args(annotation)[0]
    if _is_model(annotation) or _is_typeddict(annotation):
        if id(annotation) in seen:
            return
        seen.add(id(annotation))
        yield annotation
        if _is_model(annotation):
            for info in annotation.model_fields.values():
                yield from _walk_types(info.annotation, seen)
        else:
            for value in typing.get_type_hints(annotation).values():
                yield from _walk_types(value, seen)
        return
    for arg in _args(annotation):
        yield from _walk_types(arg, seen)


def _names_model(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.NotRequired, typing.Required):
        annotation = _args(annotation)[0]
    if _is_model(annotation):
        return True
    return any(_names_model(arg) for arg in _args(annotation))


def _all_required(cls: Any) -> bool:
    if _is_model(cls):
        fields = cls.model_fields
        return bool(fields) and all(f.is_required() for f in fields.values())
    keys = cls.__required_keys__ | cls.__optional_keys__
    return bool(keys) and cls.__required_keys__ == keys


def _aliased_refused(cls: Any) -> int:
    if not _is_model(cls) or cls.model_config.get("populate_by_name"):
        return 0
    return sum(
        1
        for name, info in cls.model_fields.items()
        if info.alias is not None and info.alias != name
    )


def _conforms(value: Any, annotation: Any) -> bool:
    if annotation is Any or annotation is object:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    if _is_union(annotation):
        return any(_conforms(value, arg) for arg in _args(annotation))
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


def _method(package: str, api: Api, op: Operation) -> Any:
    for resource in api.root.walk():
        if op in resource.operations:
            if resource is api.root:
                module = importlib.import_module(f"{package}._client")
            else:
                module = importlib.import_module(
                    f"{package}.resources.{resource.module}"
                )
            return getattr(getattr(module, str(resource.class_name)), op.py_name)
    raise KeyError(op.py_name)


def _body_figures(
    op: Operation, hints: Mapping[str, Any], counts: Counter[str]
) -> None:
    if op.body is None or op.body.kind != "json":
        return
    roots: list[Any] = []
    fields = [p for p in op.params if p.location == "body"]
    body_hint = hints.get("body")
    if fields:
        counts["json_bodies"] += 1
        if all(p.required for p in fields):
            counts["roots_all_required"] += 1
        roots = [hints[p.py_name] for p in fields]
    elif body_hint is not None:
        models = [a for a in (_args(body_hint) or (body_hint,)) if _is_model(a)]
        if models:
            counts["json_bodies"] += 1
            if _all_required(models[0]):
                counts["roots_all_required"] += 1
            roots = [body_hint]
        elif body_hint is not Any:
            counts["json_bodies"] += 1
            roots = [body_hint]
    seen: set[int] = set()
    found: list[Any] = []
    for root in roots:
        if fields:  # a keyword argument: its own annotation must take a dict literal
            counts["pydantic_in_body"] += int(_names_model(root))
        found.extend(_walk_types(root, seen))
    for index, cls in enumerate(found):
        counts["aliased_refused"] += _aliased_refused(cls)
        if _is_model(cls):
            annotations = [info.annotation for info in cls.model_fields.values()]
        else:
            annotations = list(typing.get_type_hints(cls).values())
        counts["pydantic_in_body"] += sum(1 for a in annotations if _names_model(a))
        is_root = not fields and index == 0 and _is_model(cls)
        if not is_root:
            counts["nested_types"] += 1
            counts["nested_all_required"] += int(_all_required(cls))


def _response_figures(
    op: Operation,
    item: dict[str, Any],
    where: str,
    annotation: Any,
    runtime: Any,
    counts: Counter[str],
    notes: list[str],
) -> None:
    if _is_model(annotation) and annotation.__pydantic_root_model__:
        counts["root_model_returns"] += 1
    if typing.get_origin(annotation) is list:
        counts["list_returns"] += 1
    kinds: set[str] = set()
    raw_responses = (
        item.get("response") if isinstance(item.get("response"), list) else []
    )
    for example, raw in zip(read_examples(item, where), raw_responses, strict=False):
        if example.status is not None and not 200 <= example.status < 300:
            continue
        headers = _headers(raw) if isinstance(raw, dict) else []
        kind = _kind(example, headers)
        kinds.add(kind)
        if kind == "empty":
            continue
        counts["examples"] += 1
        response = _response(example, headers, example.status or 200)
        try:
            runtime._response._parse_success(response, annotation, True)
        except Exception as exc:
            counts["strict_rejects"] += 1
            notes.append(f"strict: {op.location}: {str(exc).splitlines()[0][:100]}")
        response = _response(example, headers, example.status or 200)
        try:
            value = runtime._response._parse_success(response, annotation, False)
        except Exception:
            continue  # a clear error, not a value outside the type
        if not _conforms(value, annotation):
            counts["type_violations"] += 1
            notes.append(f"type: {op.location}: {type(value).__name__} !~ {annotation}")
    text = str(annotation)
    label = f"{op.wire_name} {op.path_template}".lower()
    if "download" in label and "json" not in kinds:
        kinds.add("binary")  # a download: its saved examples rarely hold the file
    if "binary" in kinds:
        counts["binary_ops"] += 1
        counts["binary_not_binary"] += int("BinaryResponse" not in text)
    if "text" in kinds:
        counts["text_ops"] += 1
        admits = (
            annotation is Any
            or annotation is str
            or (_is_union(annotation) and str in _args(annotation))
        )
        counts["text_not_str"] += int(not admits)


def _response(
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
        headers=sent + [(k, v) for k, v in headers if k.lower() in _REQUEST_ID_HEADERS],
        # A JSON example is replayed as the data it holds (Postman's own view accepts comments
        # and trailing commas, which no server sends).
        content=(
            json.dumps(example.json).encode()
            if example.is_json
            else example.body_text.encode("utf-8")
        ),
        request=httpx.Request("GET", "https://example.test/"),
    )


def _list_code(body: Any) -> str | None:
    for key in _DETAIL_LISTS:
        entries = body.get(key) if isinstance(body, dict) else None
        if (
            isinstance(entries, list)
            and entries
            and all(isinstance(e, dict) for e in entries)
        ):
            codes = {str(e[k]) for e in entries for k in _CODE_KEYS if e.get(k)}
            if len(codes) == 1:
                return codes.pop()
    return None


def _detail_strings(body: Any) -> list[str]:
    found: list[str] = []
    containers = [body, body.get("error")] if isinstance(body, dict) else []
    for container in containers:
        for key in _DETAIL_LISTS:
            entries = container.get(key) if isinstance(container, dict) else None
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict):
                    found.extend(
                        v for v in entry.values() if isinstance(v, str) and len(v) >= 3
                    )
                elif isinstance(entry, str) and len(entry) >= 3:
                    found.append(entry)
    return found


def _error_figures(
    item: dict[str, Any], where: str, spec: Any, runtime: Any, counts: Counter[str]
) -> None:
    raw_responses = (
        item.get("response") if isinstance(item.get("response"), list) else []
    )
    for example, raw in zip(read_examples(item, where), raw_responses, strict=False):
        if example.status is None or example.status < 400 or not example.is_json:
            continue
        headers = _headers(raw) if isinstance(raw, dict) else []
        error = runtime._exceptions._make_status_error(
            _response(example, headers, example.status), spec
        )
        counts["error_examples"] += 1
        counts["error_code_none"] += int(error.code is None)
        if error.code is None and _list_code(example.json) is not None:
            counts["code_in_list_missed"] += 1
        details = _detail_strings(example.json)
        text = str(error)
        if details and not any(d in text for d in details):
            counts["details_missing"] += 1
        if any(k.lower() in _REQUEST_ID_HEADERS for k, _ in headers):
            counts["request_id_missing"] += int(
                getattr(error, "request_id", None) is None
            )


def _model_figures(api: Api, package: str, counts: Counter[str]) -> None:
    for module in api.models:
        for _name, schema in module.defs:
            counts["map_positions"] += json.dumps(schema).count(
                '"additionalProperties": {'
            )
        source = importlib.import_module(f"{package}.models.{module.name}")
        for value in vars(source).values():
            if _is_model(value) and value.__module__ == source.__name__:
                counts["aliased_all"] += _aliased_refused(value)
                counts["datetime_fields"] += sum(
                    1
                    for f in value.model_fields.values()
                    if "datetime" in str(f.annotation)
                )


#: The issue's named map cases: (collection, method, dotted path below the return type).
MAP_CASES = (
    ("github-rest-api", "list_repository_languages", ""),
    ("fastly-api", "get_month_to_date_billing_estimate", "regions"),
)


def _map_case(hints: Mapping[str, Any], dotted: str) -> str:
    annotation = hints["return"]
    for name in filter(None, dotted.split(".")):
        annotation = annotation.model_fields[name].annotation
        while _is_union(annotation):
            annotation = next(a for a in _args(annotation) if a is not type(None))
    return str(annotation)


def analyse(path: Path, out: Path, notes: list[str]) -> Counter[str]:
    """The figures of one collection (its client is built into `out`)."""
    report = build(path, out)
    api = report.api
    package = str(api.package)
    document = load_collection(path, Diagnostics())
    items = dict(_requests(document))
    counts: Counter[str] = Counter()
    sys.path.insert(0, str(out))
    try:
        runtime = importlib.import_module(f"{package}._runtime")
        importlib.import_module(f"{package}._runtime._response")
        importlib.import_module(f"{package}._runtime._exceptions")
        spec = importlib.import_module(f"{package}.errors").ERROR_SPEC
        for op in api.operations:
            where = op.location.split(" ", 1)[0]
            hints = typing.get_type_hints(_method(package, api, op), localns={"os": os})
            _body_figures(op, hints, counts)
            item = items.get(where, {})
            _response_figures(op, item, where, hints["return"], runtime, counts, notes)
            _error_figures(item, where, spec, runtime, counts)
            for stem, method, dotted in MAP_CASES:
                if path.name.startswith(stem + ".") and op.py_name == method:
                    notes.append(
                        f"map case {stem}.{method} {dotted}: {_map_case(hints, dotted)}"
                    )
        _model_figures(api, package, counts)
    finally:
        sys.path.remove(str(out))
        for name in [
            m for m in sys.modules if m == package or m.startswith(f"{package}.")
        ]:
            del sys.modules[name]
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    out_root = args.out or Path(tempfile.mkdtemp(prefix="postgen-bodies-"))
    total: Counter[str] = Counter()
    per: dict[str, Counter[str]] = {}
    notes: list[str] = []
    for path in sorted(CORPUS.glob("*.postman_collection.json")):
        stem = path.name.split(".postman_")[0]
        if args.names and not any(n in stem for n in args.names):
            continue
        try:
            per[stem] = analyse(path, out_root / stem, notes)
        except CollectionError as error:
            print(f"{stem}: rejected: {error.message}")
            continue
        total.update(per[stem])
    print("| figure | corpus total | top collections |")
    print("|---|---|---|")
    for label, key in FIGURES:
        top = sorted(per, key=lambda s: -per[s][key])[:3]
        detail = ", ".join(f"{s} {per[s][key]}" for s in top if per[s][key])
        print(f"| {label} | {total[key]} | {detail} |")
    for note in notes:
        if args.verbose or note.startswith("map case"):
            print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
