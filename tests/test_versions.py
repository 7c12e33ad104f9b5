"""`installed_version`: the wheel's `.dist-info` folder name, else importlib.metadata."""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from postgen.versions import installed_version


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    installed_version.cache_clear()
    yield
    installed_version.cache_clear()


@pytest.mark.parametrize("name", ["black", "datamodel-code-generator", "Jinja2"])
def test_the_installed_tools_read_as_importlib_metadata_reads_them(name: str) -> None:
    assert installed_version(name) == importlib.metadata.version(name)


def test_the_folder_name_gives_the_version_under_any_spelling_of_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Some_Tool-1.2.3.dist-info").mkdir()
    (tmp_path / "some_tool_extra-9.9.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path / "gone"), str(tmp_path)])
    assert installed_version("some-tool") == "1.2.3"
    assert installed_version("Some.Tool") == "1.2.3"


def test_the_first_entry_on_the_path_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, version in (("first", "2.0"), ("second", "1.0")):
        (tmp_path / folder / f"tool-{version}.dist-info").mkdir(parents=True)
    monkeypatch.setattr(
        sys, "path", [str(tmp_path / "first"), str(tmp_path / "second")]
    )
    assert installed_version("tool") == "2.0"


@pytest.mark.parametrize("folders", [["tool-1.0.dist-info", "tool-2.0.dist-info"], []])
def test_anything_less_plain_is_left_to_importlib_metadata(
    folders: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in folders:
        (tmp_path / folder).mkdir()
    asked: list[str] = []

    def version(name: str) -> str:
        asked.append(name)
        return "from metadata"

    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    monkeypatch.setattr(importlib.metadata, "version", version)
    assert installed_version("tool") == "from metadata"
    assert asked == ["tool"]
