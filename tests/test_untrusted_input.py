"""Collection text is data: it never becomes code, and secrets in it never reach the output."""

from __future__ import annotations

import ast
from pathlib import Path

from postgen import generate
from tests.factories import collection, example, request_item, write_json

SECRETS = [
    "tok_LITERAL_123",
    "pa55w0rd_LITERAL",
    "sk_live_VARIABLE",
    "abc_QUERY_KEY",
    "hdr_SECRET_9",
]
EVIL = 'Evil """ + __import__("os").system("echo pwned") + """ \\ {{x}} {% raw %} \x00 end"'


def _all_text(files: dict[Path, str] | dict) -> str:  # type: ignore[type-arg]
    return "".join(files.values())


def test_secrets_in_auth_variables_queries_and_examples_never_reach_output(
    tmp_path: Path,
) -> None:
    original = {
        "method": "GET",
        "header": [{"key": "Authorization", "value": "Bearer hdr_SECRET_9"}],
        "url": "https://api.example.com/a?api_key=abc_QUERY_KEY",
    }
    items = [
        request_item(
            "Bearer literal",
            "https://api.example.com/a?api_key=abc_QUERY_KEY",
            auth={
                "type": "bearer",
                "bearer": [{"key": "token", "value": "tok_LITERAL_123"}],
            },
            header=[
                {
                    "key": "Authorization",
                    "value": "Bearer hdr_SECRET_9",
                    "disabled": True,
                }
            ],
            response=[{**example(200, {"ok": True}), "originalRequest": original}],
        ),
        request_item(
            "Basic literal",
            {
                "raw": "https://u:pw@api.example.com/b",
                "host": ["api", "example", "com"],
                "path": ["b"],
                "protocol": "https",
                "auth": {"user": "u", "password": "pw"},
            },
            auth={
                "type": "basic",
                "basic": {"username": "me", "password": "pa55w0rd_LITERAL"},
            },
        ),
        request_item(
            "Uses var",
            "https://api.example.com/c",
            header=[{"key": "X-Client-Secret", "value": "{{client_secret}}"}],
        ),
    ]
    document = collection(
        *items, variable=[{"key": "client_secret", "value": "sk_live_VARIABLE"}]
    )
    report = generate(write_json(tmp_path / "c.json", document))
    text = _all_text(report.files)
    for secret in SECRETS:
        assert secret not in text, secret
    assert any(d.category == "secret" for d in report.diagnostics)


def test_hostile_names_and_descriptions_stay_data(tmp_path: Path) -> None:
    document = collection(
        {
            "name": EVIL,
            "description": EVIL,
            "item": [
                request_item(
                    EVIL,
                    "https://h/x/:id?" + "q=1",
                    description=EVIL,
                    response=[example(400, {"code": EVIL, "message": EVIL})],
                )
            ],
        },
        name=EVIL,
    )
    document["info"]["description"] = EVIL
    report = generate(write_json(tmp_path / "c.json", document))
    for path, source in report.files.items():
        if path.suffix == ".py":
            tree = ast.parse(source)  # every file still parses...
            calls = {
                ast.unparse(node.func)
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
            }
            # ...and the hostile text stayed inside string literals and comments.
            assert not any(
                "system" in call or "__import__" in call for call in calls
            ), path
    assert "\x00" not in _all_text(report.files)
