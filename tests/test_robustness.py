"""Malformed collections never crash postgen: a deterministic mutation fuzzer over the samples.

Each round replaces a few values at random places of a real collection with odd ones (null, wrong
types, hostile text). postgen must then either build a client whose every module compiles, or
stop with a CollectionError; any other exception is a bug. Every module must also be exactly what
black makes of the rendered text (`render.format` skips black where it judges it has nothing to
do).
"""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from postgen import generate
from postgen.bounds import (
    MAX_DOCUMENT_DEPTH,
    MAX_EXAMPLES,
    MAX_FOLDER_DEPTH,
    MAX_PARSE_DEPTH,
    MAX_SAMPLE_DEPTH,
)
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats import load_source
from postgen.render.format import format_source
from postgen.render.package import render_package
from tests.paths import samples

ODD_VALUES: list[Any] = [
    None,
    0,
    -1,
    3.5,
    True,
    "",
    " ",
    [],
    {},
    [None],
    {"": None},
    "{{x}}",
    ":id",
    "{{",
    "}}",
    "a/b?c=d#e",
    '"""',
    "\\",
    "class",
    "ünï©ødé 🚀",
    "\x00",
    # Text that tests the formatter's fast path: long, wide, quoted, odd line breaks.
    "x" * 120,
    "名前" * 30,
    'it\'s "quoted"',
    "tab\there\u2028line\u2029break\x85",
    "   indented\n      more\n   less",
    "text\n@decorator\nclass X:\ndef f():\n    async def g(): pass",
    ' "Quoted" start',
    "   ",
    "Bob's and Alice's",
    "C:\\dir\\\nnext",
    "x\u2028y\x85z",
    {"type": "bearer"},
    {"mode": "raw"},
    {"content": None},
    [{"key": None, "value": None}],
]


def _generated_values() -> list[Any]:
    """Generated structures dropped in at random places: deep and wide trees, deep and wide
    JSON text, long names, variables that refer to each other."""
    deep_tree: Any = {
        "name": "leaf",
        "request": {"method": "GET", "url": "https://x.io/"},
    }
    for level in range(60):
        deep_tree = {"name": f"level {level}", "item": [deep_tree]}
    deep_json: Any = 1
    for _ in range(60):
        deep_json = {"a": [deep_json]}
    return [
        deep_tree,
        [deep_tree] * 3,
        [
            {"name": f"r{i}", "request": {"url": f"https://x.io/{i}"}}
            for i in range(150)
        ],
        "[" * 3_000 + "]" * 3_000,
        json.dumps(deep_json),
        json.dumps({f"k{i}": [i, {"v": i}] for i in range(400)}),
        "Name " * 80,
        "é/" * 100,
        [{"key": "a", "value": "{{b}}"}, {"key": "b", "value": "{{a}}"}],
        "{{a}}{{b}}{{a}}",
    ]


ODD_VALUES.extend(_generated_values())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _mutate(document: Any, rng: random.Random, count: int) -> Any:
    mutated = copy.deepcopy(document)
    for _ in range(count):
        paths = [p for p in _paths(mutated) if p]
        path = rng.choice(paths)
        parent = mutated
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return mutated


@pytest.mark.parametrize("sample", samples(), ids=lambda p: p.stem.split(".")[0])
def test_mutated_collections_build_or_fail_cleanly(
    sample: Path, tmp_path: Path
) -> None:
    document = json.loads(sample.read_text(encoding="utf-8"))
    rng = random.Random(f"postgen:{sample.name}")  # deterministic: failures reproduce
    for round_ in range(int(os.environ.get("POSTGEN_FUZZ_ROUNDS", "25"))):
        mutated = _mutate(document, rng, count=rng.randint(1, 6))
        path = tmp_path / f"round{round_}.json"
        path.write_text(json.dumps(mutated), encoding="utf-8")
        try:
            report = generate(path, workers=1)
        except CollectionError:
            continue
        assert report.api is not None
        raw = render_package(report.api)
        for name, source in report.files.items():
            if name.suffix == ".py":
                compile(source, f"round{round_}:{name}", "exec")
            if name.suffix == ".py" and name.parent.name != "_runtime":
                assert source == format_source(raw[name]), f"round{round_}:{name}"


# --- Generated hostile structures ------------------------------------------------------------
# What a careless or malicious author writes by hand or by script: trees far deeper or wider than
# any real collection, JSON nested past Python's recursion limit, names that are long or odd in
# every position, and variables that refer to each other in a circle. Each must end as a client
# (with warnings) or a one-line error, never a traceback.

_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
_ODD_NAMES = [
    "x" * 300,
    "名前" * 120,
    "..",
    "/etc/passwd",
    "a/b\\c",
    "con",
    "__init__",
    "class",
    '"""',
    "\x00\x01",
    "🚀" * 50,
    "  ",
    "1" * 200,
    "{{a}}",
    ":id",
]


def _request(
    name: str, url: str = "https://api.example.com/things", **extra: Any
) -> Any:
    request = {"method": "POST", "url": url, "header": [], **extra.pop("request", {})}
    return {"name": name, "request": request, **extra}


def _document(items: list[Any], **extra: Any) -> dict[str, Any]:
    return {"info": {"name": "Hostile", "schema": _SCHEMA}, "item": items, **extra}


def _deep_folders_text(depth: int, name: str = "f") -> str:
    # Built as text: json.dumps itself recurses and stops near 1,000 levels.
    leaf = json.dumps(_request("leaf"))
    opening = '{"name": ' + json.dumps(name) + ', "item": ['
    head = json.dumps(_document([]))[:-2]  # up to `"item": [`
    return head + opening * depth + leaf + "]}" * depth + "]}"


def _nested_json(depth: int, kind: str = "object") -> str:
    if kind == "object":
        return '{"a": ' * depth + "1" + "}" * depth
    return "[" * depth + "]" * depth


def _example(body: str, code: int = 200) -> dict[str, Any]:
    return {
        "name": "saved",
        "code": code,
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": body,
    }


def _hostile_cases() -> dict[str, str]:
    """Name -> collection text."""
    cases: dict[str, str] = {}
    for depth in (40, 1_500, 20_000):
        cases[f"folders {depth} deep"] = _deep_folders_text(depth)
    cases["folders 60 deep, long names"] = _deep_folders_text(60, "Folder " * 6)
    for depth in (40, 900, 5_000, 100_000):
        for kind in ("object", "array"):
            body = _nested_json(depth, kind)
            cases[f"example JSON {kind} {depth} deep"] = json.dumps(
                _document([_request("r", response=[_example(body)])])
            )
            cases[f"raw body {kind} {depth} deep"] = json.dumps(
                _document(
                    [_request("r", request={"body": {"mode": "raw", "raw": body}})]
                )
            )
    wide = json.dumps({f"key{i}": {"n": i, "s": "v" * 50} for i in range(3_000)})
    cases["example JSON 3,000 keys wide"] = json.dumps(
        _document([_request("r", response=[_example(wide)])])
    )
    cases["500 examples"] = json.dumps(
        _document([_request("r", response=[_example('{"a": 1}')] * 500)])
    )
    cases["2,000 requests in one folder"] = json.dumps(
        _document([{"name": "big", "item": [_request(f"r{i}") for i in range(2_000)]}])
    )
    cases["2,000 same-named requests"] = json.dumps(
        _document([_request("same") for _ in range(2_000)])
    )
    cases["300 folders of 3"] = json.dumps(
        _document(
            [
                {"name": f"f{i}", "item": [_request(f"r{j}") for j in range(3)]}
                for i in range(300)
            ]
        )
    )
    cases["document nested 5,000 deep beside the items"] = (
        json.dumps(_document([_request("r")]))[:-1]
        + ', "description": '
        + _nested_json(5_000)
        + "}"
    )
    cases["cyclic variables"] = json.dumps(
        _document(
            [_request("r", url="https://{{a}}/x/{{b}}/{{c}}")],
            variable=[
                {"key": "a", "value": "{{b}}"},
                {"key": "b", "value": "{{a}}"},
                {"key": "c", "value": "{{c}}"},
            ],
        )
    )
    for index, name in enumerate(_ODD_NAMES):
        cases[f"odd name {index} everywhere"] = json.dumps(
            _document(
                [
                    {
                        "name": name,
                        "item": [
                            _request(
                                name,
                                url=f"https://api.example.com/{name}/:{name}?{name}={name}",
                                request={
                                    "header": [{"key": name, "value": name}],
                                    "body": {
                                        "mode": "raw",
                                        "raw": json.dumps({name: {name: 1}}),
                                    },
                                },
                                response=[_example(json.dumps({name: [{name: name}]}))],
                            )
                        ],
                    }
                ],
                variable=[{"key": name, "value": name}],
            )
        )
    return cases


HOSTILE = _hostile_cases()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_structures_build_or_fail_cleanly(case: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.postman_collection.json"
    path.write_text(HOSTILE[case], encoding="utf-8")
    try:
        report = generate(path, workers=1)
    except CollectionError:
        return
    assert report.api is not None
    raw = render_package(report.api)
    for name, source in report.files.items():
        if name.suffix == ".py":
            compile(source, f"{case}:{name}", "exec")
            # Black on a whole 2,000-method module takes a minute; the samples and the
            # mutation rounds above compare modules of every kind with black already.
            small = len(raw[name]) < 100_000
            if name.parent.name != "_runtime" and small:
                assert source == format_source(raw[name]), f"{case}:{name}"


def test_deep_folders_are_dissolved_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "deep.postman_collection.json"
    # Every folder named apart: a folder inside one of its own name is one resource (issue 9).
    text = _deep_folders_text(1_500)
    for level in range(1_500):
        text = text.replace('{"name": "f", "item"', f'{{"name": "f{level}", "item"', 1)
    path.write_text(text, encoding="utf-8")
    report = generate(path, workers=1)
    assert report.api is not None
    assert len(report.api.root.walk()) - 1 == MAX_FOLDER_DEPTH
    assert report.counts["methods"] == 1
    assert any("dissolved" in d.message for d in report.diagnostics)


@pytest.mark.parametrize("kind", ["object", "array"])
def test_json_deeper_than_the_bound_is_any_with_a_warning(
    kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "deep.postman_collection.json"
    body = _nested_json(50_000, kind)
    path.write_text(
        json.dumps(_document([_request("r", response=[_example(body)])])),
        encoding="utf-8",
    )
    report = generate(path, workers=1)
    warnings = [d for d in report.diagnostics if d.category == "limits"]
    assert [d.where for d in warnings] == ["item[0].response[0].body"]
    assert report.counts["typed responses"] == 1
    if kind == "object":
        assert report.counts["models"] == MAX_SAMPLE_DEPTH


@pytest.mark.parametrize("depth", [MAX_DOCUMENT_DEPTH - 10, MAX_DOCUMENT_DEPTH + 10])
def test_a_document_deeper_than_the_bound_is_cut_known_from_its_text(
    depth: int, tmp_path: Path
) -> None:
    """A document the text shows is shallow is not walked for depth; a deeper one still is,
    and is cut with a warning."""
    path = tmp_path / "deep.postman_collection.json"
    text = json.dumps(_document([_request("r")]))[:-1]
    path.write_text(f'{text}, "description": {_nested_json(depth)}}}', encoding="utf-8")
    _, shallow = load_source(path, Diagnostics())
    assert shallow == (depth + 1 <= MAX_DOCUMENT_DEPTH)  # the description is level 2
    report = generate(path, workers=1)
    cut = [d for d in report.diagnostics if d.where == "$" and "dropped" in d.message]
    assert bool(cut) == (not shallow)


def test_a_v1_collection_is_walked_for_depth(tmp_path: Path) -> None:
    """v1's folders are nested by the conversion, not by the text: only a walk knows."""
    path = tmp_path / "v1.postman_collection.json"
    path.write_text(
        json.dumps(
            {
                "id": "c",
                "name": "V1",
                "order": ["r1"],
                "folders": [],
                "requests": [{"id": "r1", "name": "r", "url": "https://a.example/x"}],
            }
        ),
        encoding="utf-8",
    )
    document, shallow = load_source(path, Diagnostics())
    assert "item" in document
    assert not shallow


def test_json_too_deep_to_read_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 2 * MAX_PARSE_DEPTH + "]" * 2 * MAX_PARSE_DEPTH)
    with pytest.raises(CollectionError, match="nested more than"):
        generate(path, workers=1)


def test_examples_beyond_the_bound_are_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "many.postman_collection.json"
    path.write_text(json.dumps(HOSTILE_MANY), encoding="utf-8")
    report = generate(path, workers=1)
    assert any(f"first {MAX_EXAMPLES}" in d.message for d in report.diagnostics)


HOSTILE_MANY = json.loads(HOSTILE["500 examples"])


def test_names_too_long_to_write_end_as_one_line_and_nothing_written(
    tmp_path: Path,
) -> None:
    """Module names grow with folder depth; until `naming` bounds them, a name the file system
    cannot hold is refused before anything is written (once it does, the build succeeds).
    """
    from click.testing import CliRunner

    from postgen.cli import cli

    path = tmp_path / "long.postman_collection.json"
    path.write_text(HOSTILE["folders 60 deep, long names"], encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out), "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 0:
        assert (out / ".postgen-manifest").is_file()
    else:
        assert result.exit_code == 2
        assert "longer than the file system allows" in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert not out.exists()
