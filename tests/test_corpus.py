"""Every collection in ../shared/corpus builds into a client that imports (all its modules),
accepts its own saved success examples in strict mode (each one parsed as its method's declared
return type, see `tests.replay`), passes `mypy --strict` and imports only the names it uses.

Skipped, with the reason, when the corpus is absent (a user's clone has no ../shared). mypy takes
2 to 10 s per client here, about two minutes for the whole corpus.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

from postgen import build
from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats import load_collection
from tests.paths import CORPUS, mypy_strict, ruff_imports
from tests.replay import replay_problems

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")

COLLECTIONS = (
    sorted(CORPUS.glob("*.postman_collection.json")) if CORPUS.is_dir() else []
)
ENVIRONMENTS = (
    sorted(CORPUS.glob("*.postman_environment.json")) if CORPUS.is_dir() else []
)


def _stem(path: Path) -> str:
    return path.name.split(".postman_")[0]


def _import_everything(package: str) -> int:
    module = importlib.import_module(package)
    count = 1
    for sub in ("resources", "models"):
        parent = importlib.import_module(f"{package}.{sub}")
        for info in pkgutil.iter_modules(parent.__path__):
            importlib.import_module(f"{package}.{sub}.{info.name}")
            count += 1
    assert module.Client and module.AsyncClient
    return count


@pytest.mark.parametrize("collection", COLLECTIONS, ids=_stem)
def test_corpus_collection_builds_and_imports(collection: Path, tmp_path: Path) -> None:
    out = tmp_path / _stem(collection)
    report = build(collection, out)
    package = report.api.package
    assert report.counts["methods"] > 0
    sys.path.insert(0, str(out))
    try:
        assert _import_everything(package) >= 1
        document = load_collection(collection, Diagnostics())
        assert replay_problems(report.api, package, document) == []
    finally:
        sys.path.remove(str(out))
        for name in [
            m for m in sys.modules if m == package or m.startswith(f"{package}.")
        ]:
            del sys.modules[name]
    result = mypy_strict(out)
    assert result.returncode == 0, result.stdout[-3000:]
    imports = ruff_imports(out)
    assert imports.returncode == 0, imports.stdout[-3000:]


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=_stem)
def test_environment_files_are_rejected_as_collections(
    environment: Path, tmp_path: Path
) -> None:
    with pytest.raises(CollectionError, match="environment file"):
        build(environment, tmp_path / "out")
    assert not (tmp_path / "out").exists()
