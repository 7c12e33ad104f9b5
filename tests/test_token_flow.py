"""Token flows found in the collection (`postgen/parse/token_flow.py`) and the generated client
that runs them against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from postgen import build
from postgen.diagnostics import Diagnostics
from postgen.parse.token_flow import find_token_flow
from tests.factories import collection, example, parse, request_item, write_json
from tests.paths import CORPUS
from tests.runtime_server import Reply, ScriptedServer, server_fixture  # noqa: F401

BEARER = {"type": "bearer", "bearer": [{"key": "token", "value": "{{access_token}}"}]}


def _token_request(
    grant: str = "client_credentials",
    *,
    basic: bool = True,
    url: str = "{{base_url}}/oauth/token",
) -> dict[str, Any]:
    fields = [{"key": "grant_type", "value": grant}, {"key": "scope", "value": "read"}]
    extra: dict[str, Any] = {}
    if basic:
        extra["auth"] = {
            "type": "basic",
            "basic": [
                {"key": "username", "value": "{{client_id}}"},
                {"key": "password", "value": "{{client_secret}}"},
            ],
        }
    else:
        fields += [
            {"key": "client_id", "value": "{{client_id}}"},
            {"key": "client_secret", "value": "{{client_secret}}"},
            {"key": "refresh_token", "value": "{{refresh_token}}"},
        ]
    return request_item(
        "Get token",
        url,
        "POST",
        body={"mode": "urlencoded", "urlencoded": fields},
        response=[example(200, {"access_token": "t", "expires_in": 3600})],
        **extra,
    )


def _api(*token_items: dict[str, Any]) -> dict[str, Any]:
    me = request_item("Me", "{{base_url}}/me", response=[example(200, {"id": 1})])
    other = request_item("Other", "{{base_url}}/other")
    return collection(*token_items, me, other, name="Token Demo", auth=BEARER)


def _find(document: dict[str, Any]) -> tuple[Any, Diagnostics]:
    diagnostics = Diagnostics()
    return find_token_flow(document, diagnostics), diagnostics


def test_token_request_with_basic_auth_is_a_client_credentials_flow() -> None:
    api, diagnostics = parse(_api(_token_request()))
    flow = api.token_flow
    assert flow is not None and not [
        d for d in diagnostics.items if d.category == "auth"
    ]
    assert (flow.token_url, flow.grant_type, flow.client_auth, flow.scope) == (
        "/oauth/token",
        "client_credentials",
        "basic",
        "read",
    )
    assert (flow.client_id, flow.client_secret) == ("client_id", "client_secret")
    by_name = {s.py_name: s for s in api.settings}
    assert by_name["access_token"].lazy  # optional now: the flow can stand in


def test_refresh_token_request_with_credentials_in_the_body() -> None:
    evidence, _ = _find(_api(_token_request("refresh_token", basic=False)))
    assert evidence.grant_type == "refresh_token" and evidence.client_auth == "body"
    assert (evidence.client_id, evidence.refresh_token) == (
        "client_id",
        "refresh_token",
    )


def test_client_credentials_is_preferred_and_a_different_flow_is_reported() -> None:
    other_host = _token_request("refresh_token", url="https://login.test/token")
    evidence, diagnostics = _find(_api(other_host, _token_request()))
    assert evidence.grant_type == "client_credentials"
    (warning,) = diagnostics.warnings
    assert "refresh_token" in warning.message and warning.where == "item[0]"


def test_oauth2_auth_block_with_client_credentials() -> None:
    block = {
        "type": "oauth2",
        "oauth2": [
            {"key": "grant_type", "value": "client_credentials"},
            {"key": "accessTokenUrl", "value": "https://login.test/oauth/token"},
            {"key": "clientId", "value": "{{cid}}"},
            {"key": "clientSecret", "value": "literal-SECRET"},
            {"key": "scope", "value": "api"},
            {"key": "client_authentication", "value": "body"},
            {"key": "accessToken", "value": "{{access_token}}"},
        ],
    }
    document = collection(request_item("Me", "https://api.test/me"), auth=block)
    evidence, _ = _find(document)
    assert (evidence.grant_type, evidence.client_auth, evidence.scope) == (
        "client_credentials",
        "body",
        "api",
    )
    assert evidence.client_id == "cid" and evidence.client_secret is None


@pytest.mark.parametrize("grant", ["authorization_code", "password", "<urn>"])
def test_grants_the_client_cannot_run_are_reported(grant: str) -> None:
    evidence, diagnostics = _find(_api(_token_request(grant)))
    assert evidence is None
    (warning,) = diagnostics.warnings
    assert repr(grant) in warning.message


def test_an_endpoint_on_an_unknown_host_variable_is_reported() -> None:
    api, diagnostics = parse(_api(_token_request(url="{{auth_server}}/oauth/token")))
    assert api.token_flow is None
    assert any("neither the client's base URL" in d.message for d in diagnostics.items)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("paypal-partner-apis", ("client_credentials", "basic")),
        ("wise-platform-building-blocks", ("client_credentials", "basic")),
        ("microsoft-identity-platform-oauth2", ("refresh_token", "body")),
        ("docusign-click", ("refresh_token", "basic")),
        ("box-platform-api", None),  # grant_type "<urn>": no evidence of which grant
        ("stripe-api", None),
    ],
)
def test_corpus_evidence(stem: str, expected: tuple[str, str] | None) -> None:
    path = CORPUS / f"{stem}.postman_collection.json"
    if not path.is_file():
        pytest.skip(f"corpus collection {stem} is absent")
    evidence, _ = _find(json.loads(path.read_text(encoding="utf-8")))
    found = None if evidence is None else (evidence.grant_type, evidence.client_auth)
    assert found == expected


@pytest.fixture()
def token_client(tmp_path: Path) -> Iterator[ModuleType]:
    out = tmp_path / "client"
    build(write_json(tmp_path / "c.json", _api(_token_request())), out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("token_demo")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("token_demo")]:
            del sys.modules[name]


def test_generated_client_fetches_its_own_token(
    token_client: ModuleType, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ACCESS_TOKEN", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"TOKEN_DEMO_{name}", raising=False)
    server.script(
        Reply(body={"access_token": "fetched", "expires_in": 3600}),
        Reply(body={"id": 1}),
    )
    with token_client.Client(
        base_url=server.url, client_id="cid", client_secret="cs-SECRET"
    ) as client:
        assert client.me().id == 1
        client.other()
        assert "cs-SECRET" not in repr(client.settings)
    token, me, other = server.seen
    assert token.path == "/oauth/token" and token.method == "POST"
    basic = base64.b64encode(b"cid:cs-SECRET").decode()
    assert token.headers["authorization"] == f"Basic {basic}"
    assert b"grant_type=client_credentials" in token.body
    assert (
        me.headers["authorization"]
        == other.headers["authorization"]
        == "Bearer fetched"
    )


def test_generated_client_still_takes_an_access_token(
    token_client: ModuleType, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ACCESS_TOKEN", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"TOKEN_DEMO_{name}", raising=False)
    with token_client.Client(base_url=server.url, access_token="given") as client:
        client.other()
    assert server.seen[0].headers["authorization"] == "Bearer given"
    with token_client.Client(base_url=server.url) as client:
        with pytest.raises(token_client.MissingSettingError, match="access_token"):
            client.other()
    assert server.count == 1


def test_generated_async_client_fetches_its_own_token(
    token_client: ModuleType, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    monkeypatch.delenv("TOKEN_DEMO_ACCESS_TOKEN", raising=False)
    server.script(Reply(body={"access_token": "async-fetched"}))

    async def main() -> None:
        async with token_client.AsyncClient(
            base_url=server.url, client_id="cid", client_secret="s"
        ) as client:
            await asyncio.gather(client.other(), client.other())

    asyncio.run(main())
    paths = [seen.path for seen in server.seen]
    assert paths.count("/oauth/token") == 1 and paths.count("/other") == 2
