"""Postman names -> Python identifiers, as a table."""

from __future__ import annotations

import pytest

from postgen.naming import (
    NameAllocator,
    class_name,
    constant_name,
    error_class_name,
    snake,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Job Details", "job_details"),
        ("Bulk Write", "bulk_write"),
        ("api-domain", "api_domain"),
        ("getUserByID", "get_user_by_id"),
        ("HTTPResponseCode", "http_response_code"),
        ("class", "class_"),
        ("match", "match_"),  # soft keyword
        ("2fa settings", "n2fa_settings"),
        ("", "item"),
        ("🚀 Launch", "launch"),
        ("Créer un fichier", "creer_un_fichier"),
        ("https://api.example.com/v1/users?x=1", "https_api_example_com_v1_users_x_1"),
        ("format", "format"),  # builtins are fine as names
        ("_private", "private"),  # never start with `_`
        ("user id", "user_id"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoho CRM Bulk Write", "ZohoCrmBulkWrite"),
        ("INVALID_URL_PATTERN", "InvalidUrlPattern"),
        ("bulk_write", "BulkWrite"),
        ("404", "N404"),
        ("None", "None_"),
    ],
)
def test_class_name(text: str, expected: str) -> None:
    assert class_name(text) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("INVALID_URL_PATTERN", "InvalidUrlPatternError"),
        ("ValidationError", "ValidationError"),  # no FooErrorError
        ("not-found", "NotFoundError"),
    ],
)
def test_error_class_name(code: str, expected: str) -> None:
    assert error_class_name(code) == expected


def test_constant_name() -> None:
    assert constant_name("zoho_crm_bulk_write") == "ZOHO_CRM_BULK_WRITE"
    assert constant_name("class_") == "CLASS"


def test_allocator_suffixes_in_order_and_respects_reserved_names() -> None:
    names = NameAllocator(reserved=("close",))
    assert names.take("list") == ("list", False)
    assert names.take("list") == ("list_2", True)
    assert names.take("list") == ("list_3", True)
    assert names.take("close") == ("close_2", True)
    assert names.is_reserved("close")
