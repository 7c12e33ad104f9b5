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
from postgen.diagnostics import CollectionError
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
            report = generate(path)
        except CollectionError:
            continue
        raw = render_package(report.api)
        for name, source in report.files.items():
            if name.suffix == ".py":
                compile(source, f"round{round_}:{name}", "exec")
            if name.suffix == ".py" and name.parent.name != "_runtime":
                assert source == format_source(raw[name]), f"round{round_}:{name}"
