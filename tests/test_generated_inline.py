"""Small inline collections, built and driven in-process (httpx.MockTransport, no sockets)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from postgen import build
from tests.factories import collection, example, request_item, write_json


@pytest.fixture()
def users_client(tmp_path: Path) -> Iterator[ModuleType]:
    users = [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Lin", "admin": True}]
    document = collection(
        {
            "name": "Users",
            "item": [
                request_item(
                    "List users",
                    "https://h/users?sort=name",  # `page` would make it paginated
                    response=[example(200, users)],
                ),
                request_item(
                    "Create users",
                    "https://h/users",
                    "POST",
                    body={
                        "mode": "raw",
                        "raw": json.dumps(users),
                        "options": {"raw": {"language": "json"}},
                    },
                ),
            ],
        },
        name="Inline Users",
    )
    out = tmp_path / "client"
    build(write_json(tmp_path / "c.json", document), out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("inline_users")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("inline_users")]:
            del sys.modules[name]


def _client(module: ModuleType, seen: list[httpx.Request], body: Any) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=body)

    transport = httpx.MockTransport(answer)
    return module.Client(http_client=httpx.Client(transport=transport))


def test_array_responses_come_back_as_lists_of_models(users_client: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(users_client, seen, [{"id": 3, "name": "Kay"}])
    users = client.users.list_users(sort="id")
    models = importlib.import_module("inline_users.models.users")
    assert isinstance(users, list) and isinstance(users[0], models.ListUsersItem)
    assert users[0].name == "Kay"
    assert seen[0].url.params["sort"] == "id"


def test_array_bodies_accept_plain_lists(users_client: ModuleType) -> None:
    seen: list[httpx.Request] = []
    client = _client(users_client, seen, {"ok": True})
    client.users.create_users(body=[{"id": 9, "name": "Zed"}])
    assert json.loads(seen[0].content) == [{"id": 9, "name": "Zed"}]
    assert client.users.create_users(body=[], extra_query={"dry": "1"}) == {"ok": True}
    assert seen[1].url.params["dry"] == "1"


def test_credentials_of_other_schemes_are_needed_only_by_their_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """p2o-auth-multiple: bearer for the collection, basic on "Get list of users"."""
    from tests.paths import GENERATED

    for name in ("USERNAME", "PASSWORD", "TOKEN"):
        monkeypatch.delenv(f"AUTH_BEARER_{name}", raising=False)
    sys.path.insert(0, str(GENERATED / "p2o-auth-multiple"))
    try:
        module = importlib.import_module("auth_bearer")
        seen: list[httpx.Request] = []
        client = _client_with(module, seen, token="t0k")
        client.create_new_user_copy(
            body={}
        )  # bearer: fine without the basic credentials
        assert seen[-1].headers["Authorization"] == "Bearer t0k"
        with pytest.raises(module.MissingSettingError, match="AUTH_BEARER_USERNAME"):
            client.get_list_of_users()
        with pytest.raises(module.MissingSettingError, match="AUTH_BEARER_TOKEN"):
            module.Client()  # the default scheme's credential is checked at construction
        client = _client_with(module, seen, token="t0k", username="u", password="p")
        client.get_list_of_users()
        assert seen[-1].headers["Authorization"] == "Basic dTpw"
    finally:
        sys.path.remove(str(GENERATED / "p2o-auth-multiple"))
        for name in [m for m in sys.modules if m.startswith("auth_bearer")]:
            del sys.modules[name]


def _client_with(module: ModuleType, seen: list[httpx.Request], **settings: str) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return module.Client(http_client=http, **settings)


def test_protocol_profile_behavior_follow_redirects(tmp_path: Path) -> None:
    """`followRedirects` is inherited down the tree and honoured per request, whatever the
    caller's httpx client does by default; a value that is not a bool is ignored (the parent's
    stands); keys the client cannot honour are warnings; `strictSSL: false` never turns TLS
    checks off."""
    from postgen import generate

    def moving(name: str, behavior: dict[str, Any] | None = None) -> dict[str, Any]:
        item = request_item(name, "https://h/old")
        return {**item, "protocolProfileBehavior": behavior} if behavior else item

    document = collection(
        {
            "name": "Moves",
            "item": [
                moving("No follow"),
                moving("Follows", {"followRedirects": True}),
                moving("Odd value", {"followRedirects": "yes"}),
            ],
        },
        name="Inline Moves",
        protocolProfileBehavior={
            "followRedirects": False,
            "strictSSL": False,
            "tlsPreferServerCiphers": True,
        },
    )
    source = write_json(tmp_path / "c.json", document)
    warnings = {d.where: d.message for d in generate(source).diagnostics}
    assert "verify=False" in warnings["protocolProfileBehavior.strictSSL"]
    assert "not supported" in warnings["protocolProfileBehavior.tlsPreferServerCiphers"]
    assert (
        "ignored" in warnings["item[0].item[2].protocolProfileBehavior.followRedirects"]
    )
    out = tmp_path / "client"
    build(source, out)
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module("inline_moves")
        seen: list[str] = []

        def answer(request: httpx.Request) -> httpx.Response:
            seen.append(request.url.path)
            if request.url.path == "/old":
                return httpx.Response(302, headers={"Location": "https://h/new"})
            return httpx.Response(200, json={"moved": True})

        # httpx's own default is not to follow: the explicit `true` must still follow.
        http = httpx.Client(transport=httpx.MockTransport(answer))
        client = module.Client(http_client=http, max_retries=0)
        assert client.moves.follows() == {"moved": True}
        assert seen == ["/old", "/new"]
        for method in (client.moves.no_follow, client.moves.odd_value):
            seen.clear()
            with pytest.raises(module.APIStatusError) as raised:
                method()
            assert raised.value.response.status_code == 302 and seen == ["/old"]
        resources = (out / "inline_moves" / "resources" / "moves.py").read_text()
        assert "verify=False" not in resources
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("inline_moves")]:
            del sys.modules[name]
