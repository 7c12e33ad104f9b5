"""Folder and request names in a whole collection (postgen/parse/tree.py, walk.py, errors.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from postgen import build
from postgen.ir import Resource
from tests.factories import collection, example, parse, request_item, write_json


def folder(name: str | None, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"item": list(items), **extra}
    if name is not None:
        node["name"] = name
    return node


def tree(resource: Resource) -> dict[str, Any]:
    """`{attr: {...children, "()": [methods]}}` for compact assertions."""
    shape: dict[str, Any] = {"()": [str(op.py_name) for op in resource.operations]}
    for child in resource.resources:
        shape[str(child.attr_name)] = tree(child)
    return shape


def test_sibling_folders_of_one_name_are_one_resource() -> None:
    # Adyen's collections have one folder per path and method.
    document = collection(
        folder(
            "Account holders",
            folder(
                "/accountHolders/:id",
                request_item("Get an account holder", "https://h/accountHolders/:id"),
            ),
            folder(
                "/accountHolders/:id",
                request_item(
                    "Update an account holder", "https://h/accountHolders/:id", "PATCH"
                ),
            ),
            folder(
                "/accountHolders",
                request_item(
                    "Create an account holder", "https://h/accountHolders", "POST"
                ),
            ),
            folder(
                "/accountHolders/:id/taxForms",
                request_item("Get a tax form", "https://h/accountHolders/:id/taxForms"),
            ),
        )
    )
    api, _ = parse(document)
    assert tree(api.root) == {
        "()": [],
        "account_holders": {
            # `/accountHolders` and `/accountHolders/:id` are named `account_holders` like the
            # folder that holds them: no level of their own.
            "()": [
                "get_account_holder",
                "update_account_holder",
                "create_account_holder",
            ],
            "account_holders_tax_forms": {"()": ["get_tax_form"]},
        },
    }


def test_a_request_named_like_its_folder_is_named_by_its_verb() -> None:
    document = collection(
        folder(
            "Invoices",
            request_item("Invoices", "https://h/v1/invoices"),
            request_item("Invoices", "https://h/v1/invoices", "POST"),
            request_item("Invoices", "https://h/v1/invoices/:id", "DELETE"),
            request_item(
                "Finalize an invoice", "https://h/v1/invoices/:id/finalize", "POST"
            ),
        ),
        folder(
            "Webhooks",
            folder("Webhooks", request_item("List webhooks", "https://h/hooks")),
        ),
    )
    api, _ = parse(document)
    assert tree(api.root)["invoices"]["()"] == [
        "list",
        "create",
        "delete",
        "finalize_invoice",
    ]
    assert tree(api.root)["webhooks"] == {"()": ["list_webhooks"]}


def test_an_unnamed_folder_is_named_after_what_it_holds_never_its_id() -> None:
    document = collection(
        folder(
            None,
            request_item("List customers", "https://h/v1/customers"),
            request_item("Get a customer", "https://h/v1/customers/:id"),
            id="75257c2f-6b68-4bde-83ef-24ffaeec7d36",
        ),
        folder(
            "",
            request_item(
                "Resume a subscription", "https://h/v1/subscriptions/:id/resume", "POST"
            ),
            request_item(
                "Validate a domain", "https://h/v1/domains/:id/validate", "POST"
            ),
            id="0dab3c71-872d-4779-88d3-6ff9e432a6d6",
        ),
        folder(None, id="e1b2"),
    )
    api, _ = parse(document)
    names = [str(r.attr_name) for r in api.root.resources]
    assert names == ["customers", "resume_subscription", "folder"]
    # A folder named after its first request does not rename that request.
    assert [str(op.py_name) for op in api.root.resources[1].operations] == [
        "resume_subscription",
        "validate_domain",
    ]
    assert not any("75257c2f" in str(r.module) for r in api.root.walk())


def test_names_the_client_uses_itself_get_a_trailing_underscore() -> None:
    document = collection(
        folder("Settings", request_item("Get settings", "https://h/settings")),
        request_item("close", "https://h/close", "POST"),
        request_item("Request", "https://h/request"),
    )
    api, diagnostics = parse(document)
    assert [str(r.attr_name) for r in api.root.resources] == ["settings_"]
    assert [str(op.py_name) for op in api.root.operations] == ["close_", "request_"]
    naming = [d.message for d in diagnostics.warnings if d.category == "naming"]
    assert any("a name the client uses itself: it is `settings_`" in m for m in naming)


def test_resource_classes_come_from_their_own_name_not_their_depth() -> None:
    document = collection(
        folder(
            "Admin",
            folder("Users", folder("Keys", request_item("List keys", "https://h/k"))),
        ),
        folder("Auth", request_item("Login", "https://h/login", "POST")),
        folder("Client", request_item("Info", "https://h/info")),
    )
    api, _ = parse(document)
    classes = {str(r.module): str(r.class_name) for r in api.root.walk()}
    assert classes == {
        "root": "Client",
        "admin": "Admin",
        "admin_users": "Users",
        "admin_users_keys": "Keys",
        "auth": "AuthResource",  # `Auth` is the runtime's
        "client": "ClientResource",
    }


def test_error_codes_that_are_no_codes_raise_their_status_class() -> None:
    def failing(name: str, status: int, body: Any) -> dict[str, Any]:
        return request_item(name, f"https://h/{name}", response=[example(status, body)])

    document = collection(
        failing("a", 404, {"code": "<string>", "message": "x"}),
        failing("b", 503, {"code": "sint exercitation velit"}),
        failing("c", 404, {"error": "job not found."}),
        failing("d", 401, {"error": "invalid_token"}),
        failing("e", 401, {"error": "INVALID_TOKEN"}),
        failing("f", 400, {"name": "VALIDATION_ERROR"}),
        failing("g", 400, {"code": "00_400"}),
        failing("h", 400, {"code": "Error"}),
    )
    api, diagnostics = parse(document)
    assert [(e.code, e.class_name) for e in api.errors] == [
        ("invalid_token", "InvalidTokenError"),
        ("INVALID_TOKEN", "InvalidTokenError"),  # differs only in case: one class
        ("VALIDATION_ERROR", "Validation400Error"),  # never shadows pydantic's
        ("00_400", "BadRequest00400Error"),
    ]
    placeholders = [d.message for d in diagnostics.warnings if d.where == "errors"]
    assert len(placeholders) == 4 and "'<string>' (404)" in placeholders[0]
    assert "raise NotFoundError" in placeholders[0]


def test_case_variant_codes_render_one_class(tmp_path: Path) -> None:
    source = write_json(
        tmp_path / "c.json",
        collection(
            request_item(
                "a", "https://h/a", response=[example(401, {"error": "bad_token"})]
            ),
            request_item(
                "b", "https://h/b", response=[example(401, {"error": "BAD_TOKEN"})]
            ),
        ),
    )
    report = build(source, tmp_path / "out")
    errors = (tmp_path / "out" / report.api.package / "errors.py").read_text(
        encoding="utf-8"
    )
    assert errors.count("class BadTokenError(") == 1
    assert '(401, "bad_token"): BadTokenError' in errors
    assert '(401, "BAD_TOKEN"): BadTokenError' in errors


def test_deep_and_long_folder_trees_stay_within_file_name_limits(
    tmp_path: Path,
) -> None:
    # issue 13: module names used to grow with depth (`OSError: File name too long`).
    node: dict[str, Any] = request_item("Leaf " + "word " * 40, "https://h/leaf")
    for depth in range(60):
        node = folder(f"Folder number {depth} " + "with a very long name " * 6, node)
    source = write_json(tmp_path / "deep.json", collection(node, name="Deep " * 100))
    out = tmp_path / "out"
    report = build(source, out)
    assert report.counts["methods"] == 1
    for path in out.rglob("*"):
        assert len(path.name.encode()) < 255
        assert len(str(path.relative_to(out)).encode()) < 1024
    resources = report.api.root.walk()
    assert max(len(r.module) for r in resources) <= 80
    assert max(len(r.attr_name) for r in resources) <= 50
