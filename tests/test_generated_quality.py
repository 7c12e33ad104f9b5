"""Every committed client is black-clean and passes `mypy --strict`; the runtime template too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import (
    GENERATED,
    ROOT,
    mypy_strict,
    ruff_imports,
    sample_stem,
    samples,
)


def _clients() -> list[Path]:
    return [GENERATED / sample_stem(sample) for sample in samples()]


def test_generated_clients_are_black_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", *map(str, _clients())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_generated_clients_import_only_what_they_use() -> None:
    # Teams lint the repos they commit clients into; unused imports would be noise there.
    result = ruff_imports(*_clients())
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("client", _clients(), ids=lambda p: p.name)
def test_generated_client_passes_mypy_strict(client: Path) -> None:
    result = mypy_strict(client)
    assert result.returncode == 0, result.stdout + result.stderr


def test_postgen_and_runtime_pass_mypy_strict_and_ruff() -> None:
    targets = ["postgen", "templates/runtime/_runtime"]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *targets],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert mypy.returncode == 0, mypy.stdout
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "postgen", "templates", "tests"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert ruff.returncode == 0, ruff.stdout
