"""A real wheel, installed outside the checkout, still finds its templates and builds a client.

An editable install would hide templates missing from the wheel, so this test builds the wheel,
unpacks it into a folder of its own and runs `python -m postgen` from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.paths import ROOT, SEED


def test_wheel_ships_templates_and_builds_the_seed(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("postgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "postgen/templates/runtime/_runtime/__init__.py" in names
    assert "postgen/templates/package/_client.py.jinja" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = tmp_path / "client"
    result = subprocess.run(
        [sys.executable, "-m", "postgen", "build", str(SEED), "-o", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [sys.executable, "-c", "import postgen; print(postgen.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.startswith(str(site))
    assert (out / "zoho_crm_bulk_write" / "_runtime" / "_client.py").is_file()


def test_generated_project_installs_and_imports(tmp_path: Path) -> None:
    """A user commits `out/` and installs it: its pyproject must build a working wheel."""
    project = ROOT / "generated" / "zoho-crm-bulk-write"
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-build-isolation",
            "--no-deps",
            "--target",
            str(target),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import zoho_crm_bulk_write as z, importlib.resources as r; "
        "print(z.__file__); print(r.files(z).joinpath('py.typed').is_file())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    path, typed = result.stdout.split()
    assert path.startswith(str(target)) and typed == "True"
