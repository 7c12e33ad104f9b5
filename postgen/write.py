"""The only code that touches the output folder.

postgen owns the files it wrote, and only those: it records them in a manifest, rewrites them on
every build, removes the ones a new build no longer produces, and never deletes or overwrites a file
it did not write. A folder with foreign files and no manifest is refused.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from postgen.diagnostics import CollectionError
from postgen.fingerprint import digest

__all__ = [
    "MANIFEST",
    "check",
    "plan",
    "reusable",
    "unified_diff",
    "with_manifest",
    "write",
]

MANIFEST = PurePosixPath(".postgen-manifest")
_MANIFEST_HEAD = "# Files written by postgen; it rewrites or removes only these.\n"


def with_manifest(
    files: Mapping[PurePosixPath, str], source_digests: Mapping[PurePosixPath, str]
) -> dict[PurePosixPath, str]:
    """The file map plus its manifest: every path, and for Python files the digests of their
    unformatted source and formatted text (so a rebuild can skip formatting unchanged files).
    """
    lines = []
    for path in sorted(files):
        if path == MANIFEST:
            continue
        if path in source_digests:
            lines.append(f"{path}\t{source_digests[path]}\t{digest(files[path])}\n")
        else:
            lines.append(f"{path}\n")
    return {**files, MANIFEST: _MANIFEST_HEAD + "".join(lines)}


def _manifest(out: Path) -> dict[PurePosixPath, tuple[str, str]] | None:
    """Owned paths with their (source digest, output digest); None when there is no manifest."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return None
    owned: dict[PurePosixPath, tuple[str, str]] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, digests = line.partition("\t")
        source, _, output = digests.partition("\t")
        path = PurePosixPath(name)
        # A tampered manifest must not let postgen delete outside the folder.
        if not path.is_absolute() and ".." not in path.parts:
            owned[path] = (source, output)
    return owned


def _owned(out: Path) -> set[PurePosixPath] | None:
    manifest = _manifest(out)
    return None if manifest is None else set(manifest)


def reusable(out: Path) -> dict[PurePosixPath, tuple[str, str]]:
    """Formatted files from the last build that are untouched on disk: path -> (source digest,
    text). A hand-edited file is not reused, so the next build still rewrites it."""
    found: dict[PurePosixPath, tuple[str, str]] = {}
    for path, (source, output) in (_manifest(out) or {}).items():
        target = out / path
        if source and target.is_file():
            text = target.read_text(encoding="utf-8")
            if digest(text) == output:
                found[path] = (source, text)
    return found


# What POSIX file systems allow (NAME_MAX, PATH_MAX): a longer name fails mid-write.
_NAME_MAX = 255
_PATH_MAX = 4096


def _check_lengths(out: Path, files: Mapping[PurePosixPath, str]) -> None:
    """Refuse, before anything is written, a file whose name the file system cannot hold,
    rather than fail halfway with an OSError."""
    root = len(os.fsencode(out.resolve()))
    for path in sorted(files):
        longest = max(len(os.fsencode(part)) for part in path.parts)
        if longest > _NAME_MAX or root + len(os.fsencode(str(path))) + 1 > _PATH_MAX:
            text = str(path)
            shown = text if len(text) <= 100 else f"{text[:100]}..."
            raise CollectionError(
                shown,
                f"a generated file name ({len(os.fsencode(text)):,} bytes) is longer than the "
                f"file system allows ({_NAME_MAX} bytes a name, {_PATH_MAX} a path); nothing "
                "was written",
            )


def plan(out: Path, files: Mapping[PurePosixPath, str]) -> set[PurePosixPath]:
    """Check that writing is allowed; return the stale owned files a write would remove."""
    _check_lengths(out, files)
    if out.exists() and not out.is_dir():
        raise CollectionError(str(out), "the output path exists and is not a folder")
    owned = _owned(out)
    if owned is None:
        if out.is_dir() and any(out.iterdir()):
            raise CollectionError(
                str(out),
                "the output folder is not empty and was not written by postgen "
                f"(no {MANIFEST}); refusing to write into it",
            )
        return set()
    for path in sorted(files):
        if path != MANIFEST and path not in owned and (out / path).exists():
            raise CollectionError(
                str(out / path),
                "exists but was not written by postgen; refusing to overwrite it",
            )
    return {path for path in owned if path not in files}


def write(out: Path, files: Mapping[PurePosixPath, str]) -> list[PurePosixPath]:
    """Write every file atomically (temp file + rename), then the manifest; return what changed.

    `files` includes the manifest (see `with_manifest`). The manifest is written last, once
    every other file is, so that it never lists a file that is not there.
    """
    stale = plan(out, files)
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted((path for path in files if path != MANIFEST), key=str)
    for folder in sorted({path.parent for path in paths}, key=str):
        (out / folder).mkdir(parents=True, exist_ok=True)
    wrote = _write_folders(out, files, paths)
    changed = [path for path in paths if wrote[path]]
    if MANIFEST in files and _write_file(out / MANIFEST, files[MANIFEST]):
        changed.append(MANIFEST)
    for path in sorted(stale, reverse=True):
        (out / path).unlink(missing_ok=True)
        _remove_empty_parents(out, out / path)
        changed.append(path)
    return changed


# Files of this many are written by two threads, each with its own folders. Creating a file
# is a system call that lets other threads run, but not in the same folder: the file system
# locks a folder while a file is created in it. Where creating a file is slow (up to 0.9 ms
# on the machines we measure on, seconds after a burst of other writes), the two threads
# take about half as long.
_THREADED_MIN = 32


def _write_folders(
    out: Path, files: Mapping[PurePosixPath, str], paths: list[PurePosixPath]
) -> dict[PurePosixPath, bool]:
    """Write `paths` (their folders exist): for each, whether it changed. A failure is raised
    once both threads are done (each stops at its first failure, as a serial write would).
    """
    if len(paths) < _THREADED_MIN:
        return {path: _write_file(out / path, files[path]) for path in paths}
    by_folder: dict[PurePosixPath, list[PurePosixPath]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    shares: tuple[list[PurePosixPath], list[PurePosixPath]] = ([], [])
    # The bigger folders first, each to the side with fewer files so far.
    for group in sorted(by_folder.values(), key=len, reverse=True):
        min(shares, key=len).extend(group)

    def write_share(share: list[PurePosixPath]) -> list[bool]:
        return [_write_file(out / path, files[path]) for path in share]

    with ThreadPoolExecutor(len(shares)) as pool:
        done = [pool.submit(write_share, share) for share in shares]
    return {
        path: wrote
        for share, future in zip(shares, done, strict=True)
        for path, wrote in zip(share, future.result(), strict=True)
    }


def _write_file(target: Path, text: str) -> bool:
    """Write one file atomically, unless it holds `text` already: whether it was written."""
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return False
    handle, temp = tempfile.mkstemp(
        dir=target.parent, prefix=".postgen-", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _remove_empty_parents(out: Path, removed: Path) -> None:
    parent = removed.parent
    while parent != out and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def check(out: Path, files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """What differs between the folder and a fresh render: path -> "changed" | "missing" | "stale"."""
    differences: dict[PurePosixPath, str] = {}
    for path in sorted(files):
        target = out / path
        if not target.is_file():
            differences[path] = "missing"
        elif target.read_bytes() != files[path].encode("utf-8"):
            differences[path] = "changed"
    for path in sorted(_owned(out) or set()):
        if path not in files and (out / path).exists():
            differences[path] = "stale"
    return differences


def unified_diff(out: Path, path: PurePosixPath, expected: str) -> str:
    """A unified diff from the file on disk to what postgen would write."""
    target = out / path
    actual = target.read_text(encoding="utf-8") if target.is_file() else ""
    return "".join(
        difflib.unified_diff(
            actual.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"{path} (on disk)",
            tofile=f"{path} (postgen)",
        )
    )
