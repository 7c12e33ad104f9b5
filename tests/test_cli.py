"""The command line: exit codes, one-line errors, --check, and the output folder's ownership rules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from postgen.cli import cli
from tests.factories import collection, request_item, write_json
from tests.paths import SEED

BAD = Path(__file__).parent / "bad_collections"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("bad", sorted(BAD.glob("*.json")), ids=lambda p: p.stem)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    bad: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _stdout, stderr = _run("build", str(bad), "-o", str(out))
    assert code == 2
    message = stderr.replace(str(bad), "<collection>").strip()
    assert "\n" not in message and "Traceback" not in message
    expected = (BAD / f"{bad.stem}.expected.txt").read_text(encoding="utf-8").strip()
    assert message == expected
    assert not out.exists()


def test_build_check_and_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "client"
    code, stdout, _ = _run("build", str(SEED), "-o", str(out))
    assert code == 0 and "1 method" in stdout and "4 error classes" in stdout
    assert (out / "zoho_crm_bulk_write" / "py.typed").exists()
    assert _run("build", str(SEED), "-o", str(out), "--check")[0] == 0
    (out / "zoho_crm_bulk_write" / "errors.py").write_text(
        "# edited\n", encoding="utf-8"
    )
    code, _, stderr = _run("build", str(SEED), "-o", str(out), "--check")
    assert code == 1 and "changed: zoho_crm_bulk_write/errors.py" in stderr
    assert _run("build", str(SEED), "-o", str(out))[0] == 0
    assert _run("build", str(SEED), "-o", str(out), "--check")[0] == 0


def test_refuses_a_foreign_non_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, stderr = _run("build", str(SEED), "-o", str(out))
    assert code == 2 and "not written by postgen" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_user_files_survive_and_stale_generated_files_go(tmp_path: Path) -> None:
    first = write_json(
        tmp_path / "a.json",
        collection(
            {"name": "Users", "item": [request_item("List", "https://h/users")]},
            {"name": "Teams", "item": [request_item("List", "https://h/teams")]},
        ),
    )
    out = tmp_path / "out"
    assert _run("build", str(first), "-o", str(out))[0] == 0
    (out / "test_api" / "helpers.py").write_text("# mine\n", encoding="utf-8")
    assert (out / "test_api" / "resources" / "teams.py").exists()
    second = write_json(
        tmp_path / "b.json",
        collection(
            {"name": "Users", "item": [request_item("List", "https://h/users")]}
        ),
    )
    assert _run("build", str(second), "-o", str(out))[0] == 0
    assert not (out / "test_api" / "resources" / "teams.py").exists()
    assert (out / "test_api" / "helpers.py").read_text(encoding="utf-8") == "# mine\n"


def test_refuses_to_overwrite_a_user_file_at_a_generated_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(SEED), "-o", str(out))[0] == 0
    # Pretend README.md is the user's: postgen's manifest no longer lists it.
    manifest = (out / ".postgen-manifest").read_text(encoding="utf-8")
    (out / "README.md").write_text("mine\n", encoding="utf-8")
    (out / ".postgen-manifest").write_text(
        manifest.replace("README.md\n", ""), encoding="utf-8"
    )
    code, _, stderr = _run("build", str(SEED), "-o", str(out))
    assert code == 2 and "README.md" in stderr and "refusing to overwrite" in stderr
    assert (out / "README.md").read_text(encoding="utf-8") == "mine\n"


def test_name_override_and_fail_on_warning(tmp_path: Path) -> None:
    doc = write_json(
        tmp_path / "c.json",
        collection(request_item("A", "https://h/a", auth={"type": "hawk"})),
    )
    code, stdout, stderr = _run(
        "build",
        str(doc),
        "-o",
        str(tmp_path / "o"),
        "--name",
        "acme",
        "--fail-on-warning",
    )
    assert code == 1 and "Built acme" in stdout and "auth: 1 warning" in stderr


def test_environment_file_supplies_variable_values(tmp_path: Path) -> None:
    doc = write_json(
        tmp_path / "c.json",
        collection(
            request_item(
                "Ping",
                "{{baseUrl}}/ping",
                header=[{"key": "X-Key", "value": "{{apiKey}}"}],
            ),
            variable=[{"key": "baseUrl", "value": "https://sandbox.example.com"}],
        ),
    )
    env = write_json(
        tmp_path / "prod.postman_environment.json",
        {
            "name": "prod",
            "_postman_variable_scope": "environment",
            "values": [
                {"key": "baseUrl", "value": "https://api.example.com", "enabled": True},
                {"key": "apiKey", "value": "sk_live_secret", "enabled": True},
            ],
        },
    )
    out = tmp_path / "out"
    code, _, _ = _run("build", str(doc), "-o", str(out), "--environment", str(env))
    assert code == 0
    client = (out / "test_api" / "_client.py").read_text(encoding="utf-8")
    assert '"https://api.example.com"' in client and "sandbox" not in client
    everything = "".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()
    )
    assert "sk_live_secret" not in everything


def test_rebuild_formats_only_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from postgen import build
    from postgen.render import format as formatting

    out = tmp_path / "out"
    build(SEED, out)
    planned: list[str] = []
    real = formatting._Plan

    def counting(source: str, keep: Any) -> Any:
        planned.append(source)  # every module that is formatted is planned first
        return real(source, keep)

    monkeypatch.setattr(formatting, "_Plan", counting)
    build(SEED, out)
    assert planned == []  # nothing changed: every file reused from disk
    errors = out / "zoho_crm_bulk_write" / "errors.py"
    errors.write_text(
        errors.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8"
    )
    build(SEED, out)
    assert len(planned) == 1  # the hand-edited file is formatted (and rewritten) again
    assert "# hand edit" not in errors.read_text(encoding="utf-8")


def _process(*args: str) -> subprocess.CompletedProcess[str]:
    """The console entry point in a process of its own (it ends with `os._exit`)."""
    command = [sys.executable, "-c", "from postgen.cli import main; main()", *args]
    # Buffered output, as in a user's pipe: what is printed must be flushed before the exit.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def test_the_entry_point_keeps_exit_codes_and_output_through_pipes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "client"
    built = _process("build", str(SEED), "-o", str(out))
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built zoho_crm_bulk_write in ")
    assert "4 error classes" in built.stdout
    (out / "README.md").write_text("edited\n", encoding="utf-8")
    checked = _process("build", str(SEED), "-o", str(out), "--check")
    assert checked.returncode == 1 and "README.md" in checked.stdout + checked.stderr
    bad = _process("build", str(BAD / "not_json.json"), "-o", str(tmp_path / "bad"))
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert not (tmp_path / "bad").exists()
    assert _process("--help").stdout.startswith("Usage: ")
    unknown = _process("build", str(SEED), "-o", str(out), "--no-such-option")
    assert unknown.returncode == 2 and "No such option" in unknown.stderr
