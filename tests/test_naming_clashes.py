"""Siblings that want one name are told apart by what differs (postgen/naming_clashes.py)."""

from __future__ import annotations

import itertools

import pytest

from postgen.naming import PyIdent
from postgen.naming_clashes import Member, crud_verb, resolve
from postgen.naming_forms import member_candidates


def _request(name: str, method: str = "GET", path: str = "/x") -> Member:
    forms = member_candidates(name, fallback="request")
    segments = tuple(
        (part.strip("{}"), part.startswith("{")) for part in path.split("/") if part
    )
    return Member(forms.names, method, segments, shortened=forms.shortened)


def _folder(name: str) -> Member:
    return Member(member_candidates(name, fallback="folder").names)


def _names(
    *members: Member, reserved: tuple[str, ...] = (), owner: str | None = None
) -> list[str]:
    return [str(r.name) for r in resolve(members, reserved, owner)]


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # Unique names stay as they are.
        (
            [_request("Create a user"), _request("Delete a user")],
            ["create_user", "delete_user"],
        ),
        # Dropping an article made them clash: the one that had it keeps it.
        ([_request("Get a user"), _request("Get user")], ["get_a_user", "get_user"]),
        # The HTTP verb first (`webinars.webinar_2()` was DELETE /webinars/{key}).
        (
            [
                _request("Webinar", "GET", "/webinars/{key}"),
                _request("Webinar", "DELETE", "/webinars/{key}"),
            ],
            ["get_webinar", "delete_webinar"],
        ),
        # Then the path: the single-item GET beside the list.
        (
            [
                _request("Retrieves a feature", "GET", "/v1/features"),
                _request("Retrieves a feature", "GET", "/v1/features/{id}"),
            ],
            ["retrieves_feature", "retrieves_feature_by_id"],
        ),
        (
            [
                _request("User", "GET", "/users/{id}"),
                _request("User", "GET", "/users/{key}"),
                _request("User", "DELETE", "/users/{id}"),
            ],
            ["get_user_by_id", "get_user_by_key", "delete_user"],
        ),
        # As few path segments as tell them apart.
        (
            [
                _request("List", "GET", "/a/retention_policies/{id}/assignments"),
                _request("List", "GET", "/a/legal_hold_assignments"),
            ],
            ["list_retention_policies", "list_legal_hold_assignments"],
        ),
        # A number only when method and path are the same, in collection order.
        (
            [
                _request("Close window", "POST", "/w"),
                _request("Close window", "POST", "/w"),
                _request("Close window", "POST", "/w"),
            ],
            ["close_window", "close_window_2", "close_window_3"],
        ),
        # A folder keeps its name over a request.
        (
            [_request("Invoices", "GET", "/invoices"), _folder("Invoices")],
            ["get_invoices", "invoices"],
        ),
        # A shortened name gives way to a complete one, growing back a word at a time.
        (
            [
                _request("Create a sweep to push funds out of a balance account"),
                _request(
                    "Create a sweep to push funds out of a balance account with set priorities"
                ),
            ],
            [
                "create_sweep_to_push_funds_out_of_balance_account",
                "create_sweep_push_funds_out_balance_account_set",
            ],
        ),
    ],
)
def test_clashes(members: list[Member], expected: list[str]) -> None:
    assert _names(*members) == expected


def test_reserved_names_get_a_trailing_underscore_not_a_number() -> None:
    assert _names(
        _request("Settings"), _folder("close"), reserved=("settings", "close")
    ) == [
        "settings_",
        "close_",
    ]


def test_a_request_named_like_its_resource_is_named_by_its_verb() -> None:
    members = [
        _request("Invoices", "GET", "/v1/invoices"),
        _request("Invoices", "POST", "/v1/invoices"),
        _request("Invoices", "GET", "/v1/invoices/{id}"),
        _request("Invoices", "PATCH", "/v1/invoices/{id}"),
        _request("Invoices", "DELETE", "/v1/invoices/{id}"),
        _request("List invoices", "GET", "/v1/invoices"),
    ]
    assert _names(*members, owner="invoices") == [
        "list",
        "create",
        "get",
        "update",
        "delete",
        "list_invoices",
    ]
    assert crud_verb("PUT", ()) == "update"
    assert crud_verb("OPTIONS", ()) == "options"


def test_overrides_keep_their_name_and_others_move() -> None:
    fixed = Member((PyIdent("get_user"),), "GET", (("a", False),), fixed=True)
    assert _names(_request("Get user", "GET", "/b"), fixed) == [
        "get_user_b",
        "get_user",
    ]
    # Two overrides that clash: the later one is numbered.
    assert _names(fixed, fixed) == ["get_user", "get_user_2"]


def test_resolution_does_not_depend_on_order_except_for_numbers() -> None:
    members = [
        _request("Webinar", "GET", "/webinars/{key}"),
        _request("Webinar", "DELETE", "/webinars/{key}"),
        _request("Get a webinar", "GET", "/webinars"),
        _request("Get webinar", "GET", "/webinars/{key}/x"),
        _request("Retrieves a feature", "GET", "/v1/features"),
        _request("Retrieves a feature", "GET", "/v1/features/{id}"),
        _folder("Webinar"),
    ]
    expected = dict(zip(map(id, members), _names(*members), strict=True))
    for order in itertools.islice(itertools.permutations(members), 0, 5040, 97):
        got = dict(zip(map(id, order), _names(*order), strict=True))
        assert got == expected


def test_names_are_always_unique() -> None:
    members = [
        _request("Same", method, path)
        for method in ("GET", "POST")
        for path in ("/a", "/a", "/b")
    ]
    members += [_folder("same"), _request("get_same"), _request("Same_2")]
    names = _names(*members, reserved=("same_",))
    assert len(set(names)) == len(names)
