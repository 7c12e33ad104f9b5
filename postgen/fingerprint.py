"""Content digests for the rebuild caches, computed without importing black or dcg.

A rebuild may reuse earlier output only when nothing it depends on changed, so every digest is
salted with what shapes the text besides the input: black's and datamodel-code-generator's
versions and postgen's own code (the format rules for a formatted module; every module and
template for a whole build). The whole-build fingerprint lets a rebuild with nothing changed
stop after hashing, before the slow imports.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from postgen.versions import installed_version

__all__ = ["build_key", "code_fingerprint", "digest"]

_PACKAGE = Path(__file__).resolve().parent


_CODE = (".py", ".jinja")  # the files of postgen's code and templates

# The modules whose code decides how a given source is formatted (which lines are kept as they
# are, which are split): a change to any of them must invalidate formatted files cached on disk.
_FORMAT_RULES = ("format.py", "model_lines.py", "layout.py", "black_text.py")


@cache
def _format_salt() -> str:
    rules = hashlib.sha256()
    for name in _FORMAT_RULES:
        rules.update((_PACKAGE / "render" / name).read_bytes())
    return f"black {installed_version('black')} rules {rules.hexdigest()[:12]}\n"


def digest(text: str) -> str:
    """A short content digest of a formatted (or to-be-formatted) module. Black's version and
    the format rules are part of it: a cached file must not outlive a change to either.
    """
    salted = _format_salt() + text
    return hashlib.sha256(salted.encode()).hexdigest()[:16]


def _templates() -> Path:
    packaged = _PACKAGE / "templates"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "templates"


@cache
def code_fingerprint() -> str:
    """A digest of everything besides the input that decides a build's output: postgen's
    modules and templates, and the versions of black and datamodel-code-generator."""
    sha = hashlib.sha256()
    black, dcg = (installed_version(n) for n in ("black", "datamodel-code-generator"))
    sha.update(f"black {black} dcg {dcg}\n".encode())
    for root in (_PACKAGE, _templates()):
        for path in _code_files(root):
            sha.update(str(path.relative_to(root)).encode() + b"\0")
            sha.update(path.read_bytes())
    return sha.hexdigest()


def _code_files(root: Path) -> list[Path]:
    """The modules and templates under `root`, sorted by path. `os.walk`, which can skip the
    `__pycache__` folders, lists them in a tenth of `Path.rglob`'s 4 ms."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += (Path(folder, name) for name in names if name.endswith(_CODE))
    return sorted(found)


def build_key(sources: list[bytes], options: str) -> str:
    """The digest of one build's whole input: the collection (and environment) bytes, the
    options, and `code_fingerprint()`."""
    sha = hashlib.sha256(code_fingerprint().encode())
    sha.update(options.encode())
    for data in sources:
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()[:32]
