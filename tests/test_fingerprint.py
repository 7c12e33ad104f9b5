"""`code_fingerprint`: every module and template of postgen, and nothing else, salts a build."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from postgen import fingerprint


@pytest.fixture
def fingerprint_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], str]]:
    package, templates = tmp_path / "postgen", tmp_path / "templates"
    for folder in (package / "render", package / "__pycache__", templates / "macros"):
        folder.mkdir(parents=True)
    (package / "pipeline.py").write_text("steps = 1\n")
    (package / "render" / "layout.py").write_text("width = 88\n")
    (templates / "macros" / "method.jinja").write_text("{{ name }}\n")
    monkeypatch.setattr(fingerprint, "_PACKAGE", package)
    monkeypatch.setattr(fingerprint, "_templates", lambda: templates)

    def current() -> str:
        fingerprint.code_fingerprint.cache_clear()
        return fingerprint.code_fingerprint()

    yield current
    fingerprint.code_fingerprint.cache_clear()


@pytest.mark.parametrize(
    "path",
    ["postgen/render/layout.py", "templates/macros/method.jinja", "postgen/new.py"],
)
def test_a_change_to_a_module_or_template_changes_it(
    fingerprint_of: Callable[[], str], tmp_path: Path, path: str
) -> None:
    before = fingerprint_of()
    assert fingerprint_of() == before
    (tmp_path / path).write_text("changed = True\n")
    assert fingerprint_of() != before


@pytest.mark.parametrize(
    "path", ["postgen/__pycache__/pipeline.cpython-311.pyc", "postgen/notes.txt"]
)
def test_compiled_files_and_other_files_leave_it_alone(
    fingerprint_of: Callable[[], str], tmp_path: Path, path: str
) -> None:
    before = fingerprint_of()
    (tmp_path / path).write_text("anything\n")
    assert fingerprint_of() == before


def test_a_moved_module_changes_it(
    fingerprint_of: Callable[[], str], tmp_path: Path
) -> None:
    before = fingerprint_of()
    (tmp_path / "postgen/render/layout.py").rename(tmp_path / "postgen/layout.py")
    assert fingerprint_of() != before
