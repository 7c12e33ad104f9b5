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
import sys
import tempfile
import typing
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import bodies_probes as probes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from postgen import build
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats import load_collection
from postgen.ir import Api, Operation
from postgen.parse.examples import read_examples
from tests.replay import page_items

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

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
    ("methods returning a page of items", "paged_returns"),
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
        models = [
            a for a in (probes.args(body_hint) or (body_hint,)) if probes.is_model(a)
        ]
        if models:
            counts["json_bodies"] += 1
            if probes.all_required(models[0]):
                counts["roots_all_required"] += 1
            roots = [body_hint]
        elif body_hint is not Any:
            counts["json_bodies"] += 1
            roots = [body_hint]
    seen: set[int] = set()
    found: list[Any] = []
    for root in roots:
        if fields:  # a keyword argument: its own annotation must take a dict literal
            counts["pydantic_in_body"] += int(probes.names_model(root))
        found.extend(probes.walk_types(root, seen))
    for index, cls in enumerate(found):
        counts["aliased_refused"] += probes.aliased_refused(cls)
        if probes.is_model(cls):
            annotations = [info.annotation for info in cls.model_fields.values()]
        else:
            annotations = list(typing.get_type_hints(cls).values())
        counts["pydantic_in_body"] += sum(
            1 for a in annotations if probes.names_model(a)
        )
        is_root = not fields and index == 0 and probes.is_model(cls)
        if not is_root:
            counts["nested_types"] += 1
            counts["nested_all_required"] += int(probes.all_required(cls))


def _response_figures(
    op: Operation,
    item: dict[str, Any],
    where: str,
    annotation: Any,
    runtime: Any,
    counts: Counter[str],
    notes: list[str],
) -> None:
    if op.page is not None:
        # A page: the runtime parses its item list as `list[Item]` (as tests/replay.py does).
        annotation = list[typing.get_args(annotation)[0]]  # type: ignore[misc]
        counts["paged_returns"] += 1
    if probes.is_model(annotation) and annotation.__pydantic_root_model__:
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
        headers = probes.headers(raw) if isinstance(raw, dict) else []
        kind = probes.kind(example, headers)
        kinds.add(kind)
        if kind == "empty":
            continue
        if op.page is not None:
            found = page_items(
                runtime.__name__.rsplit(".", 1)[0], example.json, op.page.items
            )
            if found is None:
                continue  # not a page of items (a saved error-like 200, say)
            example = replace(example, body_text=json.dumps(found), json=found)
        counts["examples"] += 1
        response = probes.response(example, headers, example.status or 200)
        try:
            runtime._response._parse_success(response, annotation, True)
        except Exception as exc:
            counts["strict_rejects"] += 1
            notes.append(f"strict: {op.location}: {str(exc).splitlines()[0][:100]}")
        response = probes.response(example, headers, example.status or 200)
        try:
            value = runtime._response._parse_success(response, annotation, False)
        except Exception:
            continue  # a clear error, not a value outside the type
        if not probes.conforms(value, annotation):
            counts["type_violations"] += 1
            notes.append(f"type: {op.location}: {type(value).__name__} !~ {annotation}")
    text = str(annotation)
    label = f"{op.wire_name} {op.path_template}".lower()
    accept = probes.accept(item)
    if "download" in label and not kinds - {"empty"} and "json" not in accept:
        kinds.add("binary")  # a download: its saved examples rarely hold the file
    if "binary" in kinds:
        counts["binary_ops"] += 1
        counts["binary_not_binary"] += int("BinaryResponse" not in text)
    if "text" in kinds:
        counts["text_ops"] += 1
        admits = (
            annotation is Any
            or annotation is str
            or (probes.is_union(annotation) and str in probes.args(annotation))
        )
        counts["text_not_str"] += int(not admits)


def _error_figures(
    item: dict[str, Any], where: str, spec: Any, runtime: Any, counts: Counter[str]
) -> None:
    raw_responses = (
        item.get("response") if isinstance(item.get("response"), list) else []
    )
    for example, raw in zip(read_examples(item, where), raw_responses, strict=False):
        if example.status is None or example.status < 400 or not example.is_json:
            continue
        headers = probes.headers(raw) if isinstance(raw, dict) else []
        error = runtime._exceptions._make_status_error(
            probes.response(example, headers, example.status), spec
        )
        counts["error_examples"] += 1
        counts["error_code_none"] += int(error.code is None)
        if error.code is None and probes.list_code(example.json) is not None:
            counts["code_in_list_missed"] += 1
        details = probes.detail_strings(example.json)
        text = str(error)
        if details and not any(d in text for d in details):
            counts["details_missing"] += 1
        if any(k.lower() in probes.REQUEST_ID_HEADERS for k, _ in headers):
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
            if probes.is_model(value) and value.__module__ == source.__name__:
                counts["aliased_all"] += probes.aliased_refused(value)
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
        while probes.is_union(annotation):
            annotation = next(a for a in probes.args(annotation) if a is not type(None))
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
