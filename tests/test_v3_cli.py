"""`postgen build` on v3 folders: a repository with `--collection`, `--environment` YAML, `--check`,
one-line errors (exit 2, nothing written) for unusable input, no literal credential in the output,
and the same bytes whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from postgen.cli import cli
from tests.paths import SAMPLES_V3
from tests.test_v3_tree import write_tree

ENVIRONMENT = SAMPLES_V3 / "postman" / "environments" / "Local.environment.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_repository_build_check_and_environment(tmp_path: Path) -> None:
    out = tmp_path / "pets"
    args = ("build", str(SAMPLES_V3), "--collection", "Pet Store", "-o", str(out))
    code, stdout, _ = _run(*args, "--environment", str(ENVIRONMENT))
    assert code == 0, stdout
    assert (
        "Built pet_store" in stdout
        and "5 methods" in stdout
        and "1 error class," in stdout
    )
    client = (out / "pet_store" / "_client.py").read_text(encoding="utf-8")
    assert (
        'default="http://localhost:8080/v1"' in client
    )  # the environment's baseUrl wins
    assert _run(*args, "--environment", str(ENVIRONMENT), "--check")[0] == 0
    code, _, stderr = _run(*args, "--check")  # without it, the collection's own baseUrl
    assert code == 1 and "changed: pet_store/_client.py" in stderr


def test_a_single_collection_folder_needs_no_name(tmp_path: Path) -> None:
    folder = SAMPLES_V3 / "postman" / "collections" / "Inventory"
    code, stdout, _ = _run("build", str(folder), "-o", str(tmp_path / "inv"))
    assert code == 0 and "Built inventory" in stdout and "1 method " in stdout


def _one_line_error(args: list[str], out: Path) -> str:
    code, _, stderr = _run(*args, "-o", str(out))
    assert code == 2
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert not out.exists()
    return stderr.strip()


def test_unusable_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    message = _one_line_error(["build", str(SAMPLES_V3)], out)
    assert message == (
        f"postgen: error: {SAMPLES_V3 / 'postman' / 'collections'}: 2 collections here; "
        "choose one with --collection NAME: 'Inventory', 'Pet Store'"
    )
    message = _one_line_error(["build", str(SAMPLES_V3), "--collection", "Pets"], out)
    assert message.endswith(
        "no collection named 'Pets'; there are: 'Inventory', 'Pet Store'"
    )
    broken = write_tree(
        tmp_path / "Broken",
        {
            ".resources/definition.yaml": "$kind: collection\n",
            "Users/Get user.request.yaml": "$kind: http-request\nmethod: GET\n"
            "url: {{baseUrl}}/users\n",
        },
    )
    message = _one_line_error(["build", str(broken)], out)
    where = broken / "Users" / "Get user.request.yaml"
    assert message.startswith(f"postgen: error: {where}:3:17: not valid YAML: ")
    assert message.endswith("(a value that starts with `{{` must be quoted)")
    message = _one_line_error(["build", str(ENVIRONMENT)], out)
    assert "pass it as `--environment FILE`" in message


def test_literal_credentials_in_v3_files_never_reach_the_output(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "Secrets",
        {
            ".resources/definition.yaml": "$kind: collection\nvariables:\n"
            "  baseUrl: https://api.example.com\n  apiKey: sk_live_VARIABLE\n"
            "auth:\n  - id: a\n    type: bearer\n    name: bearer auth\n"
            "    credentials:\n      token: tok_LITERAL_123\n",
            "Login.request.yaml": "$kind: http-request\nurl: '{{baseUrl}}/login'\n"
            "method: POST\nheaders:\n  Authorization: Bearer hdr_SECRET_9\n"
            "  X-Key: '{{apiKey}}'\nauth:\n  type: basic\n  credentials:\n"
            "    username: me\n    password: pa55w0rd_LITERAL\n",
        },
    )
    out = tmp_path / "out"
    code, stdout, _ = _run("build", str(root), "-o", str(out))
    assert code == 0 and "1 method" in stdout
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    for secret in (
        "tok_LITERAL_123",
        "sk_live_VARIABLE",
        "hdr_SECRET_9",
        "pa55w0rd_LITERAL",
    ):
        assert secret not in text


def test_two_hash_seeds_give_identical_bytes(tmp_path: Path) -> None:
    folder = SAMPLES_V3 / "postman" / "collections" / "Pet Store"
    builds = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-m", "postgen", "build", str(folder), "-o", str(out)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        builds.append(
            {
                str(p.relative_to(out)): p.read_bytes()
                for p in out.rglob("*")
                if p.is_file()
            }
        )
    assert builds[0] == builds[1] and len(builds[0]) > 5
