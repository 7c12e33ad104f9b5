"""Every collection folder in ../shared/corpus-v3 builds into a client that imports (all its
modules), returns every saved example as saved, passes `mypy --strict` and imports only the
names it uses, as the v2 corpus does, and carries none of the credential-looking values
MANIFEST lists (session cookies in saved response headers, 40-hex example keys); every
environment file there reads and builds with its collection.

Skipped, with the reason, when the corpus is absent.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from postgen import Config, build, generate
from postgen.diagnostics import Diagnostics
from postgen.formats import load_collection, load_environment
from tests.paths import CORPUS_V3, mypy_strict, ruff_imports, v3_collections
from tests.replay import replay_problems
from tests.test_corpus import _import_everything

pytestmark = pytest.mark.skipif(
    not CORPUS_V3.is_dir(), reason=f"no v3 corpus at {CORPUS_V3}"
)

COLLECTIONS = v3_collections()
# MANIFEST, "Credential-looking values": `sails.sid` and `fleetbase_session` cookies, and 40-hex
# example keys and secrets (PandaDoc's OpenAPI examples).
CREDENTIAL_LIKE = re.compile(
    r"(?:sails\.sid|fleetbase_session)=([^;\"'\s]{12,})|\b([0-9a-f]{40})\b"
)
ENVIRONMENTS = sorted(CORPUS_V3.glob("*/environments/*.environment.yaml"))


def _slug(path: Path) -> str:
    return path.parent.name if path.parent.parent == CORPUS_V3 else path.stem


@pytest.mark.parametrize("collection", COLLECTIONS, ids=_slug)
def test_corpus_v3_collection_builds_and_imports(
    collection: Path, tmp_path: Path
) -> None:
    out = tmp_path / _slug(collection)
    report = build(collection, out)
    package = report.api.package
    sources = "".join(p.read_text(encoding="utf-8") for p in collection.rglob("*.yaml"))
    secrets = {
        value for match in CREDENTIAL_LIKE.finditer(sources) for value in match.groups()
    }
    secrets.discard(None)
    output = "".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()
    )
    assert sorted(s for s in secrets if s in output) == []
    assert report.counts["methods"] == sum(
        1 for _ in collection.rglob("*.request.yaml")
    )
    sys.path.insert(0, str(out))
    try:
        assert _import_everything(package) >= 1
        # Every saved example comes back as saved, as the v2 corpus test checks.
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


@pytest.mark.parametrize(
    "environment", ENVIRONMENTS, ids=lambda p: f"{p.parents[1].name}/{p.stem}"
)
def test_corpus_v3_environment_builds_with_its_collection(environment: Path) -> None:
    values = load_environment(environment)
    assert values and all(isinstance(value, str) for value in values.values())
    (collection,) = [c for c in COLLECTIONS if c.parent == environment.parents[1]]
    report = generate(collection, Config(environment=environment))
    base_url = next(s for s in report.api.settings if s.py_name == "base_url")
    for name in ("baseUrl", "base_url"):
        if values.get(name, "").startswith("http"):
            assert base_url.default is not None and values[name] in base_url.default
