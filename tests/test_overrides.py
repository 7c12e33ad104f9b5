"""`postgen.toml` name overrides: fix a name once, keep it across regenerations."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from postgen import build
from postgen.cli import cli
from postgen.overrides import path_key
from tests.factories import collection, example, request_item, write_json

OVERRIDES = """
[names]
package = "bulk"

[names.resources]
"Bulk Write" = "jobs"

[names.methods]
"Bulk Write / Job Details" = "get"
"Bulk Write/Create a job" = "start"
"No such folder / No such request" = "nothing"

[names.models]
"Bulk Write / Job Details" = "Job"
"Bulk Write / Create a job #body" = "JobInput"

[names.errors]
"INVALID_URL_PATTERN" = "BadUrlError"
"400 RESOURCE_NOT_FOUND" = "MissingJobError"
"""


def _collection(tmp_path: Path) -> Path:
    details = request_item(
        "Job Details",
        "https://h/jobs/:job_id",
        response=[
            example(200, {"id": "1", "state": "done"}),
            example(404, {"code": "INVALID_URL_PATTERN"}),
            example(400, {"code": "RESOURCE_NOT_FOUND"}),
        ],
    )
    create = request_item(
        "Create a job",
        "https://h/jobs",
        "POST",
        body={
            "mode": "raw",
            "raw": '{"file": "x", "callback": {"url": "u"}}',
            "options": {"raw": {"language": "json"}},
        },
    )
    # Wants `get` too: the override keeps it, this one is told apart.
    other = request_item("Get", "https://h/jobs/other")
    return write_json(
        tmp_path / "bulk.postman_collection.json",
        collection(
            {"name": "Bulk Write", "item": [details, create, other]}, name="Zoho Bulk"
        ),
    )


def test_overrides_beside_the_collection_rename_everything_they_name(
    tmp_path: Path,
) -> None:
    source = _collection(tmp_path)
    (tmp_path / "postgen.toml").write_text(OVERRIDES, encoding="utf-8")
    report = build(source, tmp_path / "out")
    api = report.api
    assert api.package == "bulk"
    (jobs,) = api.root.resources
    assert jobs.attr_name == "jobs"
    assert [str(op.py_name) for op in jobs.operations] == [
        "get",
        "start",
        "get_other",
    ]
    get, start, _ = jobs.operations
    assert get.response_model == "Job"
    assert start.body is not None
    params = {str(name) for module in api.params for name, _ in module.defs}
    assert "JobInputCallback" in params  # the body's nested TypedDict takes its prefix
    assert {e.code: e.class_name for e in api.errors} == {
        "INVALID_URL_PATTERN": "BadUrlError",
        "RESOURCE_NOT_FOUND": "MissingJobError",
    }
    unused = [d for d in report.diagnostics if "matches no request" in d.message]
    assert len(unused) == 1 and "No such folder / No such request" in unused[0].message
    client = (tmp_path / "out" / "bulk" / "resources" / "jobs.py").read_text(
        encoding="utf-8"
    )
    assert "def get(" in client and "_models.Job" in client


def test_without_a_file_nothing_changes_and_config_points_elsewhere(
    tmp_path: Path,
) -> None:
    source = _collection(tmp_path)
    plain = build(source, tmp_path / "plain").api
    assert plain.package == "zoho_bulk"
    assert [str(op.py_name) for op in plain.root.resources[0].operations] == [
        "job_details",
        "create_job",
        "get",
    ]
    elsewhere = tmp_path / "names" / "my.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(
        '[names.methods]\n"Bulk Write / Get" = "other"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        ["build", str(source), "-o", str(tmp_path / "cli"), "--config", str(elsewhere)],
    )
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "cli" / "zoho_bulk" / "resources" / "bulk_write.py").read_text(
        encoding="utf-8"
    )
    assert "def other(" in text


def test_a_bad_overrides_file_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path,
) -> None:
    source = _collection(tmp_path)
    cases = {
        "[names.methods\n": "not valid TOML",
        '[names.methods]\n"Bulk Write / Job Details" = "Not A Name"\n': "must be a snake_case",
        '[names.errors]\n"X" = "lower"\n': "must be a PascalCase class name",
        '[names.method]\n"a" = "b"\n': "unknown key",
        '[names]\nmethods = "x"\n': "must be a table",
    }
    for text, message in cases.items():
        (tmp_path / "postgen.toml").write_text(text, encoding="utf-8")
        out = tmp_path / "out"
        result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)])
        assert result.exit_code == 2, text
        assert (
            message in result.stderr and result.stderr.count("\n") == 1
        ), result.stderr
        assert "Traceback" not in result.stderr and not out.exists()


def test_postman_paths_ignore_spaces_around_the_slashes() -> None:
    assert path_key(["Bulk Write", "Job Details"]) == "Bulk Write / Job Details"
    assert path_key(["Bulk Write/Job Details"]) == "Bulk Write / Job Details"
    assert path_key(["", "Unnamed"]) == "Unnamed"
