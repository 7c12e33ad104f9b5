"""Values generated methods compute before a call: argument fallbacks, Postman's dynamic
variables, and graphql bodies with their ``{{tokens}}`` filled in."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Mapping
from typing import Any

from ._exceptions import MissingSettingError

_TOKEN = re.compile(r"\{\{([^{}]*?)\}\}")


def pick(
    value: object, fallback: str | None, name: str | None = None, env: str | None = None
) -> str:
    """A method argument, else its fallback (a client setting or a generated value).

    ``name`` and ``env`` are given when the fallback may be unset too: then neither the call
    nor the client supplied the value, and the error says both ways to give it.
    """
    if value is not None:
        return str(value)
    if fallback is None:
        raise MissingSettingError(
            f"{name} is required: pass {name}=... to this method or to the client, "
            f"or set {env}"
        )
    return fallback


def dynamic_value(name: str) -> str:
    """A fresh value for one of Postman's dynamic variables (``$guid``, ``$timestamp``, ...).

    Made once per call, before the first attempt, so every retry of the call sends the same
    value (as Postman does within one send).
    """
    import uuid  # imported on first use: most clients never need it

    if name in ("$guid", "$randomUUID"):
        return str(uuid.uuid4())
    now = time.time()
    if name == "$timestamp":
        return str(int(now))
    if name == "$isoTimestamp":
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now))
        return f"{stamp}.{int(now % 1 * 1000):03d}Z"
    if name == "$randomInt":
        return str(random.randint(0, 1000))
    if name == "$randomBoolean":
        return random.choice(("true", "false"))
    if name == "$randomHexadecimal":
        return random.choice("0123456789abcdef")
    if name == "$randomAlphaNumeric":
        return random.choice("abcdefghijklmnopqrstuvwxyz0123456789")
    raise ValueError(f"unknown dynamic variable {name!r}")


def _fill(text: str, values: Mapping[str, str]) -> str:
    """``{{name}}`` tokens of ``text`` replaced by ``values`` (others left as they are)."""
    if "{{" not in text:
        return text
    return _TOKEN.sub(
        lambda match: values.get(match.group(1).strip(), match.group(0)), text
    )


def graphql_body(
    query: str,
    variables: Mapping[str, Any] | None,
    saved: str,
    values: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON of a graphql request, as Postman sends it.

    ``{{tokens}}`` in the query (and in the saved variables) are filled from ``values``;
    ``variables`` of None means the collection's saved variables, and no ``variables`` key is
    sent when there are none.
    """
    values = values or {}
    body: dict[str, Any] = {"query": _fill(query, values)}
    if variables is None and saved.strip():
        try:
            variables = json.loads(_fill(saved, values))
        except ValueError:
            variables = None
    if variables is not None:
        body["variables"] = variables
    return body
