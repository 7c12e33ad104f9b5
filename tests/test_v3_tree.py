"""The v3 folder reader: tree, names, order, examples, skipped files; finding the collection in a
repository; v3 environments. Fixtures are written inline, or the hand-made `samples/v3/`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats import load_collection, load_environment
from tests.paths import SAMPLES_V3

PET_STORE = SAMPLES_V3 / "postman" / "collections" / "Pet Store"
DEFINITION = ".resources/definition.yaml"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write `{relative path: text}` under `root`; returns `root`."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _request(url: str = "{{b}}/x", order: int | None = None, **fields: str) -> str:
    lines = ["$kind: http-request", f"url: '{url}'", "method: GET"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    if order is not None:
        lines.append(f"order: {order}")
    return "\n".join(lines) + "\n"


def _load(folder: Path, name: str | None = None) -> tuple[dict[str, Any], Diagnostics]:
    diagnostics = Diagnostics()
    return load_collection(folder, diagnostics, name), diagnostics


def _names(node: dict[str, Any]) -> list[Any]:
    return [
        (item["name"], _names(item)) if "item" in item else item["name"]
        for item in node["item"]
    ]


def test_sample_collection_reads_as_v21() -> None:
    document, diagnostics = _load(PET_STORE)
    assert diagnostics.items == []
    assert document["info"]["name"] == "Pet Store"
    assert document["info"]["schema"].endswith("/v2.1.0/collection.json")
    assert document["variable"] == [
        {"key": "baseUrl", "value": "https://petstore.example.com/v1"},
        {"key": "petId", "value": "7"},
    ]
    assert document["auth"]["type"] == "apikey"
    assert "event" not in document  # the collection's only script is empty
    assert _names(document) == [
        "List pets",
        ("Pets", ["Get pet", "Create pet", "Upload photo"]),
        "Health/check",
    ]
    listing = document["item"][0]
    assert "body" not in listing["request"]  # `{type: text, content: ""}` on a GET
    assert [entry["key"] for entry in listing["request"]["url"]["query"]] == [
        "limit",
        "since",
        "species",
    ]
    assert listing["request"]["url"]["query"][1]["value"] == "2024-01-01T00:00:00Z"
    assert [(r["name"], r["code"]) for r in listing["response"]] == [
        ("OK", 200),
        ("Bad Request", 400),
    ]
    found = document["item"][1]["item"][0]["response"][0]
    assert found["name"] == "Found it"
    assert found["originalRequest"]["url"]["variable"] == [
        {"key": "petId", "value": "7"}
    ]
    upload = document["item"][1]["item"][2]
    assert upload["protocolProfileBehavior"] == {"followRedirects": False}
    assert document["item"][2]["request"]["auth"] == {"type": "noauth"}


def test_the_current_folder_is_named_after_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(PET_STORE)
    assert _load(Path("."), "Pet Store")[0]["info"]["name"] == "Pet Store"


def test_order_interleaves_folders_and_requests_ties_by_file_name(
    tmp_path: Path,
) -> None:
    root = write_tree(
        tmp_path / "C",
        {
            DEFINITION: "$kind: collection\n",
            "b.request.yaml": _request(order=2000),
            "a.request.yaml": _request(order=2000),
            "z.request.yaml": _request(order=500),
            "unordered.request.yaml": _request(),
            f"F/{DEFINITION}": "$kind: collection\norder: 1000\n",
            "F/in.request.yaml": _request(order=1),
            "G/in.request.yaml": _request(order=1),
        },
    )
    document, diagnostics = _load(root)
    assert _names(document) == [
        "z",
        ("F", ["in"]),
        "a",
        "b",
        ("G", ["in"]),
        "unordered",
    ]
    assert diagnostics.items == []


def test_folder_level_fields(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "C",
        {
            DEFINITION: "$kind: collection\nname: Named\n",
            f"F/{DEFINITION}": "$kind: collection\nname: Real name\ndescription: About F\n"
            "auth:\n  - id: ''\n    type: noauth\n    name: No Auth\n"
            "variables:\n  - key: v\n    value: '1'\n    disabled: true\n"
            "scripts:\n  - type: http:afterResponse\n    code: check();\n"
            "settings:\n  strictSSL: 'false'\n",
            "F/r.request.yaml": _request(description="'What r does'"),
        },
    )
    document, diagnostics = _load(root)
    assert document["info"]["name"] == "Named"
    folder = document["item"][0]
    assert folder == {
        "name": "Real name",
        "description": "About F",
        "auth": {"type": "noauth"},
        "variable": [{"key": "v", "value": "1", "disabled": True}],
        "event": [
            {
                "listen": "test",
                "script": {"type": "text/javascript", "exec": ["check();"]},
            }
        ],
        "protocolProfileBehavior": {"strictSSL": False},
        "item": [folder["item"][0]],
    }
    assert folder["item"][0]["request"]["description"] == "What r does"
    assert diagnostics.items == []


def test_skipped_files_are_warnings_naming_the_file(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "C",
        {
            DEFINITION: "$kind: collection\n",
            "ok.request.yaml": _request(examples="./.resources/ok.resources/examples"),
            ".resources/ok.resources/examples/a.example.yaml": "$kind: params\n",
            ".resources/gone.resources/examples/b.example.yaml": "$kind: http-example\n",
            ".resources/object.yaml": "$kind: object\nname: Store\n",
            "ok.params.yaml": "$kind: params\nfields: []\n",
            "ws.request.yaml": "$kind: websocket-request\nurl: wss://x\n",
            "bare.request.yaml": "url: '{{b}}/bare'\nmethod: GET\n",
            "empty.request.yaml": "",
            "far.request.yaml": _request(examples="../../outside"),
            "missing.request.yaml": _request(examples="./.resources/nope"),
            ".hidden/x.request.yaml": _request(),
            "README.md": "not YAML: ignored",
        },
    )
    document, diagnostics = _load(root)
    assert _names(document) == ["bare", "far", "missing", "ok"]
    assert sorted((d.where, d.message) for d in diagnostics.items) == [
        (".hidden", "a hidden folder: skipped"),
        (".resources/gone.resources", "not used by any request: skipped"),
        (
            ".resources/object.yaml",
            "`$kind: object`: not a request, folder or example: skipped",
        ),
        (
            ".resources/ok.resources/examples/a.example.yaml",
            "not an `http-example`: skipped",
        ),
        ("bare.request.yaml", "no `$kind`: read as an HTTP request"),
        ("empty.request.yaml", "the file is empty: skipped"),
        (
            "far.request.yaml: examples",
            "the folder '../../outside' is outside the collection: no examples",
        ),
        (
            "missing.request.yaml: examples",
            "the folder './.resources/nope' is not found: no examples",
        ),
        (
            "ok.params.yaml",
            "`$kind: params`: only HTTP requests become methods; skipped",
        ),
        (
            "ws.request.yaml",
            "`$kind: websocket-request`: only HTTP requests become methods; skipped",
        ),
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    secret = write_tree(
        tmp_path / "elsewhere", {"s.request.yaml": _request("https://x/secret")}
    )
    root = write_tree(tmp_path / "C", {DEFINITION: "$kind: collection\n"})
    (root / "link.request.yaml").symlink_to(secret / "s.request.yaml")
    (root / "Linked").symlink_to(secret, target_is_directory=True)
    (root / ".resources" / "leak.yaml").symlink_to(secret / "s.request.yaml")
    document, diagnostics = _load(root)
    assert document["item"] == []
    assert sorted(d.where for d in diagnostics.items) == [
        ".resources/leak.yaml",
        "Linked",
        "link.request.yaml",
    ]
    assert {d.message for d in diagnostics.items} == {"a symbolic link: not followed"}


def test_pre_release_layout_is_read_with_a_warning(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "Bank",
        {
            "collection.yaml": "type: collection\nname: Bank API\nvariables:\n"
            "  - key: baseUrl\n    value: http://localhost:3000\n",
            "Accounts/folder.yaml": "type: folder\nname: Accounts\ndescription: All of them\n",
            "Accounts/List.request.yaml": "type: http\nname: List accounts\nmethod: GET\n"
            "url: '{{baseUrl}}/accounts'\n",
        },
    )
    document, diagnostics = _load(root)
    assert document["info"]["name"] == "Bank API"
    assert document["item"][0]["description"] == "All of them"
    assert _names(document) == [("Accounts", ["List accounts"])]
    assert [d.where for d in diagnostics.items] == ["."]
    assert "pre-release layout" in diagnostics.items[0].message


def test_a_bad_file_is_an_error_naming_it(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "C",
        {DEFINITION: "$kind: collection\n", "F/bad.request.yaml": "url: {{b}}/x\n"},
    )
    with pytest.raises(CollectionError) as caught:
        _load(root)
    assert caught.value.where == f"{root / 'F' / 'bad.request.yaml'}:1:11"


def test_repository_with_several_collections(tmp_path: Path) -> None:
    repository = write_tree(
        tmp_path / "repo",
        {
            ".postman/resources.yaml": "collections: []\n",
            f"postman/collections/Alpha/{DEFINITION}": "$kind: collection\n",
            "postman/collections/Beta/x.request.yaml": _request(),
            "postman/collections/notes/readme.txt": "not a collection",
        },
    )
    with pytest.raises(CollectionError) as caught:
        _load(repository)
    assert caught.value.message == (
        "2 collections here; choose one with --collection NAME: 'Alpha', 'Beta'"
    )
    assert _load(repository, "Beta")[0]["info"]["name"] == "Beta"
    collections = repository / "postman" / "collections"
    assert _load(collections, "Alpha")[0]["info"]["name"] == "Alpha"
    with pytest.raises(
        CollectionError, match="no collection named 'Gamma'; there are: 'Alpha', 'Beta'"
    ):
        _load(repository, "Gamma")
    with pytest.raises(CollectionError, match="itself the collection 'Alpha'"):
        _load(collections / "Alpha", "Beta")
    (collections / "Beta" / "x.request.yaml").unlink()
    assert _load(repository)[0]["info"]["name"] == "Alpha"  # the only one left


def test_files_and_folders_that_are_not_collections(tmp_path: Path) -> None:
    write_tree(tmp_path, {"empty/readme.txt": "x", "c.yaml": "$kind: collection\n"})
    with pytest.raises(CollectionError, match="no Postman collection here"):
        _load(tmp_path / "empty")
    with pytest.raises(CollectionError, match="read from its folder"):
        _load(tmp_path / "c.yaml")
    env = write_tree(tmp_path, {"Local.environment.yaml": "name: Local\nvalues: []\n"})
    with pytest.raises(CollectionError, match="environment file"):
        _load(env / "Local.environment.yaml")
    with pytest.raises(CollectionError, match="this is a file"):
        _load(tmp_path / "c.yaml", "Alpha")


def test_v3_environment(tmp_path: Path) -> None:
    assert load_environment(
        SAMPLES_V3 / "postman" / "environments" / "Local.environment.yaml"
    ) == {"baseUrl": "http://localhost:8080/v1"}
    path = write_tree(
        tmp_path,
        {
            "m.environment.yaml": "name: M\nvalues:\n  a: '1'\n  b:\ncolor: null\n",
            "bad.environment.yaml": "name: B\n",
        },
    )
    assert load_environment(path / "m.environment.yaml") == {"a": "1", "b": ""}
    with pytest.raises(CollectionError, match="expected a `values` list"):
        load_environment(path / "bad.environment.yaml")
