"""`protocolProfileBehavior`: Postman's per-request transport switches, inherited down the tree.

Postman merges the collection's, each folder's and the request's own object, the nearest winning.
The generated client honours `followRedirects` (per request) and, by sending a body with any
method, `disableBodyPruning`. Everything else is a warning: in particular `strictSSL: false` never
turns certificate checks off in generated code; the user can pass their own `http_client`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from postgen.diagnostics import Diagnostics

__all__ = ["follow_redirects", "read_behavior"]

_HONOURED = frozenset({"followRedirects", "disableBodyPruning"})
_TLS_ADVICE = (
    "certificates are still verified; pass "
    "`http_client=httpx.Client(verify=False)` to the client to change that"
)


def read_behavior(
    node: Mapping[str, Any],
    where: str,
    inherited: Mapping[str, Any],
    diagnostics: Diagnostics,
) -> Mapping[str, Any]:
    """`inherited` updated with `node`'s own `protocolProfileBehavior`, warning once per key
    that the generated client does not follow (at the node that sets it)."""
    own = node.get("protocolProfileBehavior")
    if own is None or own == {}:
        return inherited
    place = f"{where}.protocolProfileBehavior" if where else "protocolProfileBehavior"
    if not isinstance(own, dict):
        diagnostics.warn(place, "not an object: ignored", "format")
        return inherited
    merged = dict(inherited)
    for key, value in own.items():
        if key == "followRedirects" and not isinstance(value, bool):
            diagnostics.warn(f"{place}.{key}", "not true or false: ignored", "behavior")
            continue  # the inherited value stands
        if key == "strictSSL" and value is False:
            diagnostics.warn(f"{place}.strictSSL", _TLS_ADVICE, "behavior")
        elif key not in _HONOURED and key != "strictSSL":
            diagnostics.warn(
                f"{place}.{key}", "not supported by the generated client", "behavior"
            )
        merged[key] = value
    return merged


def follow_redirects(behavior: Mapping[str, Any]) -> bool | None:
    """The request's explicit redirect rule; None: the client's default (which follows, unless
    the caller passed an `http_client` that does not)."""
    value = behavior.get("followRedirects")
    return value if isinstance(value, bool) else None
