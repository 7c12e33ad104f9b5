"""Property test over small random collections (hypothesis, derandomized so CI runs the same
examples every time).

Whatever names, texts, bodies and examples a collection holds, its client:
- compiles and imports;
- is black-stable (black changes nothing);
- passes ruff's F401 (unused import), F811 (redefinition) and F821 (undefined name);
- carries collection text only inside string literals and docstrings: every free-text field
  (descriptions, values, bodies, examples) holds a canary, and no other token may contain it.

Names are random too (any Unicode), but never hold the canary: a name is meant to become an
identifier.
"""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from postgen import Config, generate
from postgen.render.format import format_source
from postgen.write import write
from tests.factories import property_settings

CANARY = "zqxcanary"
_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
_HOSTILE_TEXT = [
    f'"); import os; os.system("{CANARY}") #',
    f'"""{CANARY}',
    f"\n{CANARY} = 1\n",
    f"\\{CANARY}\\",
    f"' + {CANARY} + '",
    f"# {CANARY}",
    f"{CANARY}\u2028next",
]

names = st.text(max_size=12).filter(lambda s: CANARY not in s.lower())
texts = st.one_of(
    st.sampled_from(_HOSTILE_TEXT),
    st.builds(lambda a, b: f"{a}{CANARY}{b}", st.text(max_size=8), st.text(max_size=8)),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(names, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def _request(draw: st.DrawFn) -> dict[str, Any]:
    segments = draw(
        st.lists(
            st.one_of(
                st.sampled_from(["users", "v1", "items"]),
                names.map(lambda n: f":{n}"),
                names.map(lambda n: "{{" + n + "}}"),
            ),
            max_size=3,
        )
    )
    host = draw(st.sampled_from(["https://api.example.com", "{{baseUrl}}"]))
    method = draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]))
    request: dict[str, Any] = {
        "method": method,
        "url": {
            "raw": host + "/" + "/".join(segments),
            "host": [host],
            "path": segments,
            "query": [
                {"key": key, "value": value, "disabled": disabled}
                for key, value, disabled in draw(
                    st.lists(st.tuples(names, texts, st.booleans()), max_size=2)
                )
            ],
        },
        "header": [
            {"key": key, "value": value}
            for key, value in draw(st.lists(st.tuples(names, texts), max_size=2))
        ],
        "description": draw(texts),
    }
    body = draw(st.sampled_from(["none", "json", "text", "form"]))
    if body == "json":
        raw = json.dumps(draw(json_values))
        request["body"] = {
            "mode": "raw",
            "raw": raw,
            "options": {"raw": {"language": "json"}},
        }
    elif body == "text":
        request["body"] = {"mode": "raw", "raw": draw(texts)}
    elif body == "form":
        fields = draw(st.lists(st.tuples(names, texts), max_size=2))
        request["body"] = {
            "mode": "urlencoded",
            "urlencoded": [{"key": k, "value": v} for k, v in fields],
        }
    responses = [
        {
            "name": draw(names),
            "code": draw(st.sampled_from([200, 201, 400, 404, 500])),
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json.dumps(draw(json_values)),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {"name": draw(names), "request": request, "response": responses}


def _folder(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    children = _request() if depth >= 2 else st.one_of(_request(), _folder(depth + 1))
    return st.fixed_dictionaries(
        {
            "name": names,
            "description": texts,
            "item": st.lists(children, min_size=1, max_size=3),
        }
    )


collections = st.fixed_dictionaries(
    {
        "info": st.fixed_dictionaries(
            {"name": names, "schema": st.just(_SCHEMA), "description": texts}
        ),
        "item": st.lists(st.one_of(_request(), _folder(1)), min_size=1, max_size=4),
        "variable": st.lists(
            st.fixed_dictionaries({"key": names, "value": texts}), max_size=3
        ),
    }
)


def _leaks(source: str) -> list[str]:
    """Tokens outside string literals (and the header comment) that hold the canary."""
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type == tokenize.STRING or token.start[0] == 1:
            continue
        if CANARY in token.string.lower():
            found.append(f"{token.start[0]}: {token.string!r}")
    return found


def _import_all(out: Path, package: str) -> None:
    sys.path.insert(0, str(out))
    try:
        importlib.import_module(package)
        for sub in ("resources", "models"):
            parent = importlib.import_module(f"{package}.{sub}")
            for info in pkgutil.iter_modules(parent.__path__):
                importlib.import_module(f"{package}.{sub}.{info.name}")
    finally:
        sys.path.remove(str(out))
        for name in [
            m for m in sys.modules if m == package or m.startswith(f"{package}.")
        ]:
            del sys.modules[name]


_counter = iter(range(10**6))


def _assert_lint_clean(package_dir: Path) -> None:
    lint = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--isolated",
            "--select",
            "F401,F811,F821",
            str(package_dir),
        ],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout


@property_settings(12)
@given(document=collections)
def test_random_collections_give_clean_clients(
    document: dict[str, Any], tmp_path_factory: Any
) -> None:
    work = tmp_path_factory.mktemp("prop")
    source = work / "c.postman_collection.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    package = f"prop_client_{next(_counter)}"
    report = generate(source, Config(package_name=package), workers=1)
    for path, text in report.files.items():
        if path.suffix != ".py":
            continue
        compile(text, str(path), "exec")
        if path.parent.name == "_runtime":
            continue
        assert format_source(text) == text, f"not black-stable: {path}"
        assert not _leaks(
            text
        ), f"collection text outside strings in {path}: {_leaks(text)}"
    out = work / "out"
    write(out, report.files)
    _assert_lint_clean(out / package)
    _import_all(out, package)
    # The canary did reach the client (in docstrings and literals), so the leak check had
    # something to find.
    assert any(CANARY in text.lower() for text in report.files.values())


def test_parameters_named_like_the_client_modules_imports(tmp_path: Path) -> None:
    # Found by this property test: a root-level body field `field` made `_client.py` import
    # `dataclasses.field` (the word was "used") and then redefine it (F401, F811).
    body = {"field": 1, "read_setting": 2, "graphql_body": 3, "cached_property": 4}
    document = {
        "info": {"name": "Shadow", "schema": _SCHEMA},
        "item": [
            {
                "name": "Create",
                "request": {
                    "method": "POST",
                    "url": "https://api.example.com/things",
                    "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": {"mode": "raw", "raw": json.dumps(body)},
                },
            }
        ],
    }
    source = tmp_path / "c.postman_collection.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    report = generate(source, Config(package_name="shadow_client"), workers=1)
    write(tmp_path / "out", report.files)
    _assert_lint_clean(tmp_path / "out" / "shadow_client")
