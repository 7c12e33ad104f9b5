"""Whether the client can fetch its own OAuth2 token, and how: from the collection's evidence.

Two kinds of evidence (POSTMAN-FORMAT.md §8):

- an ``oauth2`` auth block whose ``grant_type`` is ``client_credentials`` (its ``accessTokenUrl``,
  ``clientId``, ``clientSecret``, ``scope`` and ``client_authentication`` say the rest);
- a token request: a POST whose form body sends an enabled ``grant_type`` of
  ``client_credentials`` or ``refresh_token`` and that looks like a token endpoint (a saved
  response with ``access_token``, or a URL path ending in ``token``). Its basic auth (or its
  ``client_id``/``client_secret`` form fields) says where the client credentials go.

Other grants (authorization code, password, JWT bearer) need a person or a key the client does
not have: they are reported, not generated. When several usable flows disagree, the first
client-credentials one wins and a warning says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from postgen.diagnostics import Diagnostics
from postgen.ir import AuthScheme, TokenFlow
from postgen.naming import PyIdent
from postgen.parse.access import string_at
from postgen.parse.items import iter_requests
from postgen.parse.settings import SettingsRegistry
from postgen.parse.url import RawUrl, parse_url
from postgen.parse.variables import TOKEN

__all__ = [
    "TokenEvidence",
    "client_token_flow",
    "find_token_flow",
    "resolve_token_flow",
]

Grant = Literal["client_credentials", "refresh_token"]
_GRANTS: dict[str, Grant] = {
    "client_credentials": "client_credentials",
    "refresh_token": "refresh_token",
}


@dataclass(frozen=True, slots=True)
class TokenEvidence:
    """A usable token flow as the collection spells it (variables, not settings, yet)."""

    where: str
    url: RawUrl
    grant_type: Grant
    client_auth: Literal["basic", "body"]
    #: `{{variable}}` names of the credentials; None when given literally or not at all.
    client_id: str | None
    client_secret: str | None
    refresh_token: str | None = None
    scope: str | None = None


def _attrs(block: Any, kind: str) -> dict[str, Any]:
    value = block.get(kind) if isinstance(block, dict) else None
    if isinstance(value, list):  # v2.1: [{key, value}]
        return {str(a.get("key")): a.get("value") for a in value if isinstance(a, dict)}
    return value if isinstance(value, dict) else {}


def _variable(value: Any) -> str | None:
    """The variable of a value that is exactly `{{name}}`; None for literals (never copied)."""
    if not isinstance(value, str):
        return None
    match = TOKEN.fullmatch(value.strip())
    return match.group(1).strip() if match else None


def _scope(value: Any) -> str | None:
    # A literal scope is configuration, not a secret; a `{{scope}}` is left to the server default.
    if isinstance(value, str) and value.strip() and "{{" not in value:
        return value.strip()
    return None


def _form(request: dict[str, Any]) -> dict[str, Any] | None:
    body = request.get("body")
    mode = string_at(body, "mode")
    if mode not in ("urlencoded", "formdata"):
        return None
    fields = body.get(mode) if isinstance(body, dict) else None
    if not isinstance(fields, list):
        return None
    return {
        str(f.get("key")): f.get("value")
        for f in fields
        if isinstance(f, dict) and not f.get("disabled")
    }


def _looks_like_token_endpoint(item: dict[str, Any], url: RawUrl) -> bool:
    if url.path and url.path[-1].lower().endswith("token"):
        return True
    for response in item.get("response") or []:
        body = response.get("body") if isinstance(response, dict) else None
        try:
            data = json.loads(body) if isinstance(body, str) else None
        except ValueError:
            continue
        if isinstance(data, dict) and "access_token" in data:
            return True
    return False


def _from_request(where: str, item: dict[str, Any]) -> TokenEvidence | str | None:
    """Evidence from a token request; the grant's name when it is one the client can't run."""
    request = item["request"]
    form = _form(request)
    if form is None or "grant_type" not in form or request.get("method") != "POST":
        return None
    url = parse_url(request.get("url"), f"{where}.request.url", Diagnostics())
    if not _looks_like_token_endpoint(item, url):
        return None
    grant = _GRANTS.get(str(form["grant_type"]).strip())
    if grant is None:
        return str(form["grant_type"])
    auth = request.get("auth")
    if string_at(auth, "type") == "basic":
        basic = _attrs(auth, "basic")
        client_auth: Literal["basic", "body"] = "basic"
        client_id = _variable(basic.get("username"))
        secret = _variable(basic.get("password"))
    else:
        client_auth = "body"
        client_id = _variable(form.get("client_id"))
        secret = _variable(form.get("client_secret"))
    return TokenEvidence(
        where=where,
        url=url,
        grant_type=grant,
        client_auth=client_auth,
        client_id=client_id,
        client_secret=secret,
        refresh_token=_variable(form.get("refresh_token")),
        scope=_scope(form.get("scope")),
    )


def _from_auth_block(where: str, block: Any) -> TokenEvidence | str | None:
    if string_at(block, "type") != "oauth2":
        return None
    attrs = _attrs(block, "oauth2")
    grant_name = attrs.get("grant_type")
    if not isinstance(grant_name, str) or not grant_name:
        return None
    grant = _GRANTS.get(grant_name)
    url_text = attrs.get("accessTokenUrl")
    if grant is None or not isinstance(url_text, str) or not url_text:
        return grant_name
    in_body = attrs.get("client_authentication") == "body"
    return TokenEvidence(
        where=where,
        url=parse_url(url_text, where, Diagnostics()),
        grant_type=grant,
        client_auth="body" if in_body else "basic",
        client_id=_variable(attrs.get("clientId")),
        client_secret=_variable(attrs.get("clientSecret")),
        refresh_token=_variable(attrs.get("refreshToken")),
        scope=_scope(attrs.get("scope")),
    )


def _auth_blocks(collection: dict[str, Any]) -> list[tuple[str, Any]]:
    blocks: list[tuple[str, Any]] = [("auth", collection.get("auth"))]

    def walk(node: Any, where: str) -> None:
        items = node.get("item")
        # `"item": true` and other non-lists: no items (found by the mutation fuzzer).
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            path = f"{where}item[{index}]"
            blocks.append((f"{path}.auth", item.get("auth")))
            request = item.get("request")
            if isinstance(request, dict):
                blocks.append((f"{path}.request.auth", request.get("auth")))
            if isinstance(item.get("item"), list):
                walk(item, f"{path}.")

    walk(collection, "")
    return blocks


def find_token_flow(
    collection: dict[str, Any], diagnostics: Diagnostics
) -> TokenEvidence | None:
    """The flow the client will run (client credentials first), or None, with warnings."""
    found: list[TokenEvidence] = []
    other: dict[str, str] = {}
    candidates = [(w, _from_auth_block(w, b)) for w, b in _auth_blocks(collection)]
    candidates += [
        (f"{w}.request", _from_request(w, i)) for w, i in iter_requests(collection)
    ]
    for where, candidate in candidates:
        if isinstance(candidate, TokenEvidence):
            found.append(candidate)
        elif isinstance(candidate, str):
            other.setdefault(candidate, where)
    if not found:
        for grant, where in other.items():
            diagnostics.warn(
                where,
                f"OAuth2 grant {grant!r} needs a user or a key the client does not have: "
                "the client does not fetch tokens itself; pass the token",
                "auth",
            )
        return None
    found.sort(
        key=lambda e: e.grant_type != "client_credentials"
    )  # stable: keeps order
    chosen = found[0]
    for evidence in found[1:]:
        if (evidence.url, evidence.client_auth) != (chosen.url, chosen.client_auth):
            diagnostics.warn(
                evidence.where,
                f"another token flow ({evidence.grant_type}) differs from the one the client "
                f"runs ({chosen.grant_type}, {chosen.where}): ignored",
                "auth",
            )
            break
    return chosen


def resolve_token_flow(
    evidence: TokenEvidence,
    base_origin: str,
    settings: SettingsRegistry,
    diagnostics: Diagnostics,
) -> TokenFlow | None:
    """Map the evidence to client settings and a URL the runtime can call, or warn and None."""
    url = evidence.url
    path = "/" + "/".join(url.path)
    if "{{" in path or any(s.startswith(":") for s in url.path):
        url_text = None
    elif url.origin == base_origin and base_origin:
        url_text = path  # joined to the client's base_url at run time
    elif url.origin.startswith(("https://", "http://")) and "{{" not in url.origin:
        url_text = url.origin + path
    else:
        url_text = None
    if url_text is None:
        diagnostics.warn(
            evidence.where,
            f"the token endpoint {url.origin}{path} is neither the client's base URL nor a "
            "fixed URL: the client does not fetch tokens itself",
            "auth",
        )
        return None

    def setting(variable: str | None, fallback: str) -> PyIdent:
        # A literal credential is never copied: it becomes a setting without a default.
        if variable is not None:
            found = settings.for_variable(variable, evidence.where, credential=True)
            return found.py_name
        return settings.for_literal(PyIdent(fallback), evidence.where).py_name

    refresh = None
    if evidence.grant_type == "refresh_token":
        refresh = setting(evidence.refresh_token, "refresh_token")
    return TokenFlow(
        token_url=url_text,
        grant_type=evidence.grant_type,
        client_auth=evidence.client_auth,
        client_id=setting(evidence.client_id, "client_id"),
        client_secret=setting(evidence.client_secret, "client_secret"),
        refresh_token=refresh,
        scope=evidence.scope,
    )


def client_token_flow(
    collection: dict[str, Any],
    base_origin: str,
    settings: SettingsRegistry,
    default_scheme: AuthScheme | None,
    diagnostics: Diagnostics,
) -> TokenFlow | None:
    """The flow that stands in for the client's default bearer token when none is given."""
    evidence = find_token_flow(collection, diagnostics)
    if evidence is None:
        return None
    if default_scheme is None or default_scheme.kind != "bearer":
        diagnostics.warn(
            evidence.where,
            "a token flow was found, but most requests do not send a bearer token: "
            "the client does not fetch tokens itself",
            "auth",
        )
        return None
    return resolve_token_flow(evidence, base_origin, settings, diagnostics)
