"""Writing the output folder: every file, the manifest last, and only what changed."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from postgen import write as writing
from postgen.write import MANIFEST, with_manifest, write

_FOLDERS = ("pkg/resources", "pkg/models", "pkg")


def _files(count: int) -> dict[PurePosixPath, str]:
    """`count` files in three folders of unequal size, and the manifest."""
    files = {
        PurePosixPath(_FOLDERS[index % 5 // 2], f"m{index}.py"): f"x = {index}\n"
        for index in range(count)
    }
    return with_manifest(files, {})


@pytest.mark.parametrize("count", [5, 80])  # one thread; two, each with its own folders
def test_every_file_is_written_and_a_rewrite_changes_only_what_changed(
    tmp_path: Path, count: int
) -> None:
    assert (count >= writing._THREADED_MIN) == (count == 80)
    files = _files(count)
    changed = write(tmp_path, files)
    assert changed == [*sorted((p for p in files if p != MANIFEST), key=str), MANIFEST]
    for path, text in files.items():
        assert (tmp_path / path).read_text(encoding="utf-8") == text
    assert not list(tmp_path.rglob(".postgen-*.tmp"))  # no temp file left behind

    edited = dict(files)
    one = sorted(p for p in files if p != MANIFEST)[count // 2]
    edited[one] = "x = 'new'\n"
    assert write(tmp_path, with_manifest(edited, {})) == [one]  # the same manifest
    assert write(tmp_path, with_manifest(edited, {})) == []


def test_a_failed_file_is_raised_and_the_manifest_is_not_written(
    tmp_path: Path,
) -> None:
    files = _files(80)
    write(tmp_path, files)
    manifest = (tmp_path / MANIFEST).read_text(encoding="utf-8")
    blocked = sorted(p for p in files if p != MANIFEST)[3]
    (tmp_path / blocked).unlink()
    (tmp_path / blocked).mkdir()  # a file cannot replace a folder
    changed = {p: f"x = 'v2'  # {p}\n" for p in files if p != MANIFEST}
    # A new file, so that the manifest would change if it were written.
    changed[PurePosixPath("pkg/added.py")] = "x = 'added'\n"
    with pytest.raises(OSError):
        write(tmp_path, with_manifest(changed, {}))
    assert (tmp_path / MANIFEST).read_text(encoding="utf-8") == manifest
    assert not list(tmp_path.rglob(".postgen-*.tmp"))
