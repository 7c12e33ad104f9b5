"""Rebuilds and the build's overlap: what a rebuild may skip, and that skipping changes nothing.

- A rebuild with nothing changed stops after hashing (`Report.up_to_date`), and only then.
- dcg's output is reused when its input is unchanged, and never when it changed.
- Rendering the models in groups (one per worker process) gives the text of one call.
- The progress bar draws only on a terminal, and erases itself.
- A collection file's saved examples are seen in its bytes (to start dcg's worker before the
  parse) exactly when the parsed document has them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import postgen.render.models as models_module
from postgen import build, generate
from postgen.cli import cli, progress_for
from postgen.render.models import render_dcg, split_models
from postgen.render.package import header_line
from tests.paths import SEED, samples


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGEN_CACHE_DIR", str(tmp_path / "cache"))


def _copy_seed(tmp_path: Path) -> Path:
    source = tmp_path / "seed.postman_collection.json"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return source


def test_a_rebuild_with_nothing_changed_does_no_work(tmp_path: Path) -> None:
    source, out = _copy_seed(tmp_path), tmp_path / "out"
    first = build(source, out)
    again = build(source, out)
    assert not first.up_to_date and again.up_to_date
    assert again.counts == first.counts and again.package == first.package
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics]
    assert build(source, out, check_only=True).differences == {}


def test_a_touched_file_or_a_changed_input_means_a_real_rebuild(tmp_path: Path) -> None:
    source, out = _copy_seed(tmp_path), tmp_path / "out"
    build(source, out)
    readme = out / "README.md"
    original = readme.read_text(encoding="utf-8")
    readme.write_text("edited\n", encoding="utf-8")
    report = build(source, out)
    assert not report.up_to_date and readme.read_text(encoding="utf-8") == original
    document = json.loads(source.read_text(encoding="utf-8"))
    document["info"]["name"] = "Renamed API"
    source.write_text(json.dumps(document), encoding="utf-8")
    renamed = build(source, out)
    assert not renamed.up_to_date and renamed.package == "renamed_api"


def test_unchanged_models_are_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = generate(SEED, workers=0)
    key, sources = first.models
    assert sources

    def fail(*args: Any, **kwargs: Any) -> dict[str, str]:
        raise AssertionError("models rendered although their input was unchanged")

    monkeypatch.setattr(models_module, "render_plain", fail)
    monkeypatch.setattr(models_module, "render_dcg", fail)
    again = generate(SEED, workers=0, known_models=(key, sources))
    assert again.files == first.files
    with pytest.raises(AssertionError, match="models rendered"):
        generate(SEED, workers=0, known_models=("another key", sources))


@pytest.mark.parametrize("sample", samples(), ids=lambda p: p.name.split(".")[0])
def test_dcg_groups_equal_one_call(sample: Path) -> None:
    report = generate(sample, workers=1)
    assert report.api is not None
    modules, header = report.api.models, header_line(report.api.title)
    groups = split_models(modules, parts=2, threshold=0, max_copies=1.0)
    merged: dict[str, str] = {}
    for group, keep in groups:
        merged.update((k, v) for k, v in render_dcg(group, header).items() if k in keep)
    assert merged == render_dcg(modules, header)
    assert sorted(merged) == sorted(str(m.name) for m in modules)


def test_parallel_build_equals_serial_build() -> None:
    assert generate(SEED, workers=2).files == generate(SEED, workers=0).files


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet() -> None:
    assert progress_for(io.StringIO(), quiet=False) is None
    assert progress_for(_Terminal(), quiet=True) is None
    stream = _Terminal()
    bar = progress_for(stream, quiet=False)
    assert bar is not None
    bar("parse", 0, 0)
    bar("render", 5, 10)
    bar.close()
    text = stream.getvalue()
    assert "parse" in text and "render 5/10 requests" in text
    assert text.endswith("\r\x1b[K")


def test_quiet_build_prints_the_same_summary(tmp_path: Path) -> None:
    runner = CliRunner()
    loud = runner.invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "a")])
    quiet = runner.invoke(
        cli, ["build", str(SEED), "-o", str(tmp_path / "b"), "--quiet"]
    )
    assert loud.exit_code == quiet.exit_code == 0
    assert loud.output.replace("/a:", "/b:") == quiet.output
