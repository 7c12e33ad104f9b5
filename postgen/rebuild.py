"""The rebuild record: what the last build into a folder was made from, kept outside it.

A rebuild with nothing changed (same collection and environment bytes, same options, same postgen,
black and dcg, and every file in the folder as postgen wrote it) needs no work at all, and one
whose models' input is unchanged needs no datamodel-code-generator run. Both are decided from a
record in the user's cache folder (`$POSTGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/postgen`, else
`~/.cache/postgen`), one per output folder: it never appears in the output, so golden files and
`--check` do not depend on it. A missing, unreadable or stale record only means a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from postgen.config import Config
from postgen.diagnostics import Diagnostic, Level
from postgen.fingerprint import build_key

__all__ = [
    "Record",
    "cache_dir",
    "input_key",
    "load_record",
    "save_record",
    "untouched",
]

_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Record:
    """One build's record. `files` maps each written path to the sha256 of its bytes;
    `models` is dcg's raw output (by module name) for the input digest `models_key`."""

    key: str
    package: str
    counts: dict[str, int]
    warnings: list[Diagnostic]
    files: dict[str, str]
    models_key: str
    models: dict[str, str]


def cache_dir() -> Path:
    """Where records are kept."""
    explicit = os.environ.get("POSTGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "postgen"


def _record_path(out: Path) -> Path:
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / "builds" / f"{name}.json.z"


def input_key(collection: Path, config: Config) -> str | None:
    """The digest of a build's whole input, or None when it is not cheap to know (a v3 folder
    is many files; it is always rebuilt) or the input cannot be read (the build reports it).
    """
    try:
        if not collection.is_file():
            return None
        sources = [collection.read_bytes()]
        if config.environment is not None:
            sources.append(config.environment.read_bytes())
    except OSError:
        return None
    options = json.dumps([config.package_name, config.collection, config.version])
    return build_key(sources, options)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_record(out: Path) -> Record | None:
    """The record of the last build into `out`, if there is a readable one."""
    try:
        raw = json.loads(zlib.decompress(_record_path(out).read_bytes()))
        if raw.get("format") != _FORMAT:
            return None
        return Record(
            key=raw["key"],
            package=raw["package"],
            counts=raw["counts"],
            warnings=[
                Diagnostic(Level(level), where, message, category)
                for level, where, message, category in raw["warnings"]
            ],
            files=raw["files"],
            models_key=raw["models_key"],
            models=raw["models"],
        )
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None


def untouched(out: Path, record: Record) -> bool:
    """Whether every file the record lists is in `out` exactly as written."""
    try:
        return all(
            _sha((out / name).read_bytes()) == sha for name, sha in record.files.items()
        )
    except OSError:
        return False


def save_record(
    out: Path,
    key: str | None,
    summary: tuple[str, dict[str, int], list[Diagnostic]],
    files: dict[PurePosixPath, str],
    models: tuple[str, dict[str, str]],
) -> None:
    """Record a build: `summary` is (package, counts, warnings). A failure to write the record
    is ignored: it only saves time."""
    package, counts, warnings = summary
    data = {
        "format": _FORMAT,
        "key": key or "",
        "package": package,
        "counts": counts,
        "warnings": [[d.level.value, d.where, d.message, d.category] for d in warnings],
        "files": {
            str(path): _sha(text.encode("utf-8")) for path, text in files.items()
        },
        "models_key": models[0],
        "models": models[1],
    }
    target = _record_path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(zlib.compress(json.dumps(data).encode(), 1))
        os.replace(temp, target)
    except OSError:
        return
