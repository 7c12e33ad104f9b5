"""Postman names -> Python identifiers, as a table."""

from __future__ import annotations

import pytest

from postgen.naming import (
    NameAllocator,
    class_name,
    constant_name,
    error_class_name,
    snake,
    strip_numbering,
)
from postgen.naming_forms import (
    MAX_MEMBER,
    MAX_MODULE,
    member_candidates,
    module_name,
    package_name,
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


# Issue 9: names a Python developer would write (postgen/naming.py).


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A word with internal capitals inside a spaced name is one word...
        ("PayPal Public APIs", "paypal_public_apis"),
        ("GitHub v3 REST API", "github_v3_rest_api"),
        ("Box Platform 2.0 APIs", "box_platform_2_0_apis"),
        ("DocuSign Rooms API - v2", "docusign_rooms_api_v2"),
        ("Star Wars GraphQL API", "star_wars_graphql_api"),
        ("List ACLs", "list_acls"),
        ("Tax IDs", "tax_ids"),
        ("OAuth 2.0 Device Flow", "oauth_2_0_device_flow"),
        ("Who is the IdP", "who_is_the_idp"),
        ("standard xUnit endpoint", "standard_xunit_endpoint"),
        # ... brands and acronym plurals everywhere ...
        ("getGitHubUser", "get_github_user"),
        ("userIDs", "user_ids"),
        # ... but genuine identifiers split as before, and so do type names in prose.
        ("listUsers", "list_users"),
        ("userId", "user_id"),
        ("XMLHttpRequest", "xml_http_request"),
        ("Get BusinessUnit by ID", "get_business_unit_by_id"),
        ("MLInstance", "ml_instance"),
        # Apostrophes join.
        ("Retrieve a customer's payment method", "retrieve_a_customers_payment_method"),
        ("doesn't have access", "doesnt_have_access"),
        ("customer\u2019s card", "customers_card"),
        ("'quoted' name", "quoted_name"),
    ],
)
def test_words_of_names(text: str, expected: str) -> None:
    assert snake(text) == expected


def test_class_names_follow_the_same_words() -> None:
    assert class_name("PayPal Public APIs") == "PaypalPublicApis"
    assert (
        error_class_name(class_name("PayPal Partner APIs")) == "PaypalPartnerApisError"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Create user", "Create user"),
        (
            "0. Wise Platform API -- Building Blocks (WIP)",
            "Wise Platform API -- Building Blocks (WIP)",
        ),
        ("01 - JWT / Service Integration", "JWT / Service Integration"),
        ("01-1 - Construct Consent URL (JWT)", "Construct Consent URL (JWT)"),
        ("2b. Create new recipient account", "Create new recipient account"),
        ("3) Done", "Done"),
        ("2.0 APIs", "2.0 APIs"),
        ("24hr ticker price change statistics", "24hr ticker price change statistics"),
        ("404 not found", "404 not found"),
        ("1st Party", "1st Party"),
        ("1.", "1."),
    ],
)
def test_leading_list_numbering_is_not_part_of_a_name(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Create a customer", ("create_customer", "create_a_customer")),
        ("Get the repository", ("get_repository", "get_the_repository")),
        ("1. Create user", ("create_user",)),
        ("A", ("a",)),  # nothing left without the article: kept
        ("/accountHolders/:id/taxForms", ("account_holders_tax_forms",)),
        ("/pdf/convert/from/csv", ("pdf_convert_from_csv",)),
        ("/:id", ("id",)),
        (
            'Get VCL from the <a href="/api#x">settings</a>',
            ("get_vcl_from_settings", "get_vcl_from_the_settings"),
        ),
        # Over 50 characters: first sentence, then without asides, then fillers from the end,
        # then whole words; the longer forms follow for clashes.
        (
            "Deletes a task list. If there are attached documents they remain in the room",
            (
                "deletes_task_list",
                "deletes_task_list_if_there_are_attached_documents_they_remain_in_room",
                "deletes_a_task_list_if_there_are_attached_documents_they_remain_in_the_room",
            ),
        ),
        (
            "3. Update transfer extra info dynamic form (if any fields require refresh)",
            (
                "update_transfer_extra_info_dynamic_form",
                "update_transfer_extra_info_dynamic_form_if_any_fields_require_refresh",
            ),
        ),
        (
            "Get all managed payout schedules on a balance account",
            (
                "get_all_managed_payout_schedules_balance_account",
                "get_all_managed_payout_schedules_on_balance_account",
                "get_all_managed_payout_schedules_on_a_balance_account",
            ),
        ),
    ],
)
def test_member_candidates(text: str, expected: tuple[str, ...]) -> None:
    assert member_candidates(text, fallback="request").names == expected


def test_shortened_names_grow_back_word_by_word_and_say_so() -> None:
    forms = member_candidates(
        "Check if ShoppingList exists in BusinessUnit by Query Predicate as Associate",
        fallback="request",
    )
    assert forms.shortened
    assert forms.names[0] == "check_if_shopping_list_exists_business_unit"
    assert len(forms.names[0]) <= MAX_MEMBER
    # Growing back skips a dangling `by`.
    assert forms.names[1] == "check_if_shopping_list_exists_business_unit_by_query"
    assert not member_candidates("Create user", fallback="request").shortened


@pytest.mark.parametrize(
    ("title", "base_url", "expected"),
    [
        ("Zoho CRM Bulk Write", "https://www.zohoapis.com", "zoho_crm_bulk_write"),
        (
            "0. Wise Platform API -- Building Blocks (WIP)",
            None,
            "wise_platform_api_building_blocks_wip",
        ),
        ("Request", "https://postman-echo.com", "postman_echo_request"),  # generic
        (
            "Responses",
            "https://api.example.com/v1",
            "example_responses",
        ),  # shadows a library
        ("json", "https://api.acme.io", "acme_json"),  # shadows the standard library
        (
            "MSP",
            "https://management.adyen.com",
            "adyen_msp",
        ),  # too short to say anything
        ("API v2", None, "api_v2_client"),  # no host to qualify it with
        ("Variables", "http://localhost:3000", "variables_client"),
        ("Test API", None, "test_api"),  # two words: specific enough
        ("x" * 80, None, "x" * 80),  # one word cannot be cut
    ],
)
def test_package_names(title: str, base_url: str | None, expected: str) -> None:
    assert package_name(title, base_url) == expected


def test_long_package_titles_are_cut_at_a_word() -> None:
    name = package_name(" ".join(["segment"] * 20), None)
    assert len(name) <= 50 and name.endswith("segment")


def test_module_names_are_bounded_and_depend_only_on_their_own_path() -> None:
    short = ("bulk_write", "jobs")
    assert module_name(short) == "bulk_write_jobs"
    deep = tuple(f"folder_{n}_with_a_long_name" for n in range(40))
    name = module_name(deep)
    assert len(name) <= MAX_MODULE and name.startswith("folder_0_with_a_long_name_")
    assert module_name(deep) == name  # deterministic
    assert module_name((*deep[:-1], "other")) != name
    assert module_name(short, distinct=True) not in (
        "bulk_write_jobs",
        module_name(("bulk", "write_jobs")),
    )
    assert len((name + ".py").encode()) < 255
