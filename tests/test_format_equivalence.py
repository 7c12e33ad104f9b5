"""The fast formatting path gives black's exact text, for the samples and the whole corpus.

`render.format` skips black for the blocks it judges already formatted (laid-out resource code,
canonical model classes). The claim it rests on: every generated module comes out byte-identical
to black on the whole module. A drift in black, in the layout rules or in the model whitelist
shows up here as a failing test with a diff, not as shipped code that black would change.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

import postgen.render.format
from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.load import load_collection
from postgen.parse.walk import parse_collection
from postgen.render.format import format_files, format_source
from postgen.render.model_lines import model_line
from postgen.render.package import render_package
from postgen.render.used_names import code_of, used_in
from tests.factories import collection, example, request_item, write_json
from tests.paths import CORPUS, SEED, ruff_imports, sample_stem, samples

# The runtime package is copied preformatted, not formatted (CI checks it with black).
SKIPPED = "_runtime"
DIFF_LINES = 30
CORPUS_COLLECTIONS = (
    sorted(CORPUS.glob("*.postman_collection.json")) if CORPUS.is_dir() else []
)


def _render(collection: Path) -> dict[PurePosixPath, str]:
    """The client's files before formatting, as `postgen build` renders them."""
    diagnostics = Diagnostics()
    document = load_collection(collection, diagnostics)
    api = parse_collection(document, Config(), {}, diagnostics)
    return render_package(api)


def _diff(expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        "black",
        "fast path",
        n=2,
    )
    return "".join(list(lines)[:DIFF_LINES])


def mismatches(collection: Path) -> list[str]:
    """The modules whose fast-path text differs from black's, each with a short diff.

    Module-level (not a closure) so that a process pool can send it to its workers.
    """
    files = _render(collection)
    fast, _ = format_files(files, workers=1)
    found = []
    for path in sorted(files):
        if path.suffix != ".py" or path.parent.name == SKIPPED:
            continue
        expected = format_source(files[path])
        if fast[path] != expected:
            found.append(f"{collection.name}: {path}\n{_diff(expected, fast[path])}")
    return found


@pytest.mark.parametrize("sample", samples(), ids=sample_stem)
def test_fast_path_equals_black_on_sample(sample: Path) -> None:
    found = mismatches(sample)
    assert not found, f"{len(found)} modules differ from black; first:\n{found[0]}"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")
def test_fast_path_equals_black_on_corpus() -> None:
    # One test over a pool rather than one test per collection: black on the whole corpus is
    # minutes of work on one core, and CI has two. Largest first (file size is a fair proxy
    # for black's work), so that the two workers finish at about the same time.
    collections = sorted(
        CORPUS_COLLECTIONS, key=lambda p: p.stat().st_size, reverse=True
    )
    assert collections, f"no collections in {CORPUS}"
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(mismatches, collections))
    found = [problem for problems in results for problem in problems]
    failing = sorted({problem.split(":", 1)[0] for problem in found})
    assert not found, (
        f"{len(found)} modules in {len(failing)} collections differ from black "
        f"({', '.join(failing)}); first:\n{found[0]}"
    )


def test_fast_path_skips_black_for_most_resource_and_model_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the modules that may skip black: the others go to black whole by design.
    files = {
        path: text
        for path, text in _render(SEED).items()
        if path.parent.name in ("resources", "models") and path.name != "__init__.py"
    }
    assert any(path.parent.name == "resources" for path in files)
    assert any(path.parent.name == "models" for path in files)
    sent: list[str] = []

    def counting(source: str, real: Callable[[str], str] = format_source) -> str:
        sent.append(source)
        return real(source)

    monkeypatch.setattr(postgen.render.format, "format_source", counting)
    fast, _ = format_files(files, workers=1)
    assert not set(sent) & set(files.values()), "a module was given to black whole"
    rendered = sum(map(len, files.values()))
    assert sum(map(len, sent)) < rendered / 10, (sum(map(len, sent)), rendered)
    for path, text in files.items():
        assert fast[path] == format_source(text), path


# --- the model-line whitelist -------------------------------------------------------------

_IN_CLASS = "class C(BaseModel):\n{line}\n"
_HEADER = "{line}\n    pass\n"
_TOP = "{line}\n"
_IN_CONFIG = "class C(BaseModel):\n    model_config = ConfigDict(\n{line}\n    )\n"
_OPENS_CONFIG = 'class C(BaseModel):\n{line}\n        extra="allow",\n    )\n'
_CLOSES_CONFIG = 'class C(BaseModel):\n    model_config = ConfigDict(\n        extra="allow",\n{line}\n'

# (line as datamodel-code-generator writes it, as `model_line` returns it, a module around it)
ACCEPTED = [
    ("from __future__ import annotations", None, _TOP),
    ("from pydantic import BaseModel, ConfigDict, Field", None, _TOP),
    ("# generated by datamodel-codegen:", None, _TOP),
    ("class Foo(BaseModel):", None, _HEADER),
    ("class Foo(RootModel[list[Bar]]):", None, _HEADER),
    ("    name: str | None = None", None, _IN_CLASS),
    ("    items: list[Foo]", None, _IN_CLASS),
    ("    x: dict[str, Any]", None, _IN_CLASS),
    ("    x: list[dict[str, Any] | None] | None = None", None, _IN_CLASS),
    ("    x: _models.Foo", None, _IN_CLASS),
    ('    a: str = Field(..., alias="aB")', None, _IN_CLASS),
    ('    a: str | None = Field(None, alias="a-b c")', None, _IN_CLASS),
    ("    pass", None, _IN_CLASS),
    ("    model_config = ConfigDict(", None, _OPENS_CONFIG),
    ("        extra='allow',", '        extra="allow",', _IN_CONFIG),
    ("        populate_by_name=True,", None, _IN_CONFIG),
    ("    )", None, _CLOSES_CONFIG),
]
# Lines black would change: `model_line` must not keep them.
CHANGED_BY_BLACK = [
    ("    x: list[int|None]", _IN_CLASS),
    ("    x: dict[str,Any]", _IN_CLASS),
    ("    x: list[ int]", _IN_CLASS),
    ("    x:int", _IN_CLASS),
    ("x  :  int", _TOP),
    ("    x: list[int]|None", _IN_CLASS),
    ('    a: str = Field(..., alias="a\\"b")', _IN_CLASS),
    ("class Foo( BaseModel ):", _HEADER),
    ("class Foo(A,B):", _HEADER),
]
# Lines black may keep, but that the whitelist leaves to black rather than reason about.
LEFT_TO_BLACK = [
    '    a: str = Field(..., alias="a\\\\b")',
    '    a: str = Field(..., alias="it\'s")',
    "    a: str = Field(..., alias='it\"s')",
    "    x: int  # note",
    "    x: list[int,]",
    "    " + "x" * 80 + ": int | None = None",
    "    x: int = 5",
    "    x: Literal['a', 'b']",
    "   ",
]


def _placed(template: str, line: str) -> str:
    return template.replace("{line}", line)


@pytest.mark.parametrize(("line", "fixed", "template"), ACCEPTED)
def testmodel_line_keeps_what_black_keeps(
    line: str, fixed: str | None, template: str
) -> None:
    expected = line if fixed is None else fixed
    assert model_line(line) == expected
    module = _placed(template, expected)
    assert format_source(module) == module


@pytest.mark.parametrize(("line", "template"), CHANGED_BY_BLACK)
def testmodel_line_rejects_what_black_changes(line: str, template: str) -> None:
    assert model_line(line) is None
    module = _placed(template, line)
    assert format_source(module) != module


@pytest.mark.parametrize("line", LEFT_TO_BLACK)
def testmodel_line_leaves_unusual_lines_to_black(line: str) -> None:
    assert model_line(line) is None


HOSTILE_TEXTS = {
    # Lines starting `@`, `class` or `def` land in a class docstring at the indent where blocks
    # are cut: they must stay inside their docstring.
    "code-like lines": "Intro.\n@deprecated use v2\nclass of requests\ndef f(): x\n"
    + "x" * 100,
    "quote at the end": 'Say "hi"',
    "quote at the start": ' "Quoted" start',
    "multi-line quote": 'Line one\nends with a quote: "',
    "backslash line ends": "C:\\dir\\\nnext\\",
    "blank": "   ",
    "apostrophes": "Bob's and Alice's API",
    "line separators": "x\u2028" + "y" * 95 + "\x85z\u2029",
    "names in prose": "Any Mapping Sequence: names in prose are not imports",
}


def _hostile_collection(text: str) -> dict[str, Any]:
    """The same text as title, descriptions, request name, parameter text and error message."""
    url = {
        "raw": "https://h/things/:id?q=",
        "host": ["h"],
        "path": ["things", ":id"],
        "query": [{"key": "q", "value": text, "description": text}],
        "variable": [{"key": "id", "value": "1", "description": text}],
    }
    error = example(400, {"code": "E1", "message": text}, name=text)
    request = request_item(text, url, description=text, response=[error])
    folder = {"name": text, "description": text, "item": [request]}
    return collection(folder, name=text, description=text)


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_hostile_text_comes_out_as_black_makes_it(text: str, tmp_path: Path) -> None:
    source = write_json(tmp_path / "c.json", _hostile_collection(text))
    files = _render(source)
    fast, _ = format_files(files, workers=1)
    for path, raw in files.items():
        if path.suffix == ".py" and path.parent.name != SKIPPED:
            assert fast[path] == format_source(raw), path
            compile(fast[path], str(path), "exec")
    out = tmp_path / "out"
    for path, text in fast.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    imports = ruff_imports(out)  # names in prose or in string literals are not imports
    assert imports.returncode == 0, imports.stdout


def test_names_in_docstrings_and_strings_are_not_imports() -> None:
    """Generated modules import what their code uses: prose in a docstring and the text of a
    string literal are not code, but the expressions inside an f-string are."""
    body = (
        '    """Any Mapping, in prose.\n\n    Sequence too.\n    """\n'
        '    x: Any = {"Sequence": f"/a/{path_param(\'Mapping\', b)}"}\n'
    )
    names = ["Any", "Mapping", "Sequence", "path_param"]
    assert used_in(names, code_of(body)) == ["Any", "path_param"]
