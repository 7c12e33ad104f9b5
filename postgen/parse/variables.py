"""Collection variables, `{{var}}` tokens and the secret rule.

Collection variables are the lowest-precedence defaults in Postman (an environment usually overrides
them), so they become client settings with their values as defaults, except values that look like
secrets: those never reach the output.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.naming import split_words

__all__ = [
    "TOKEN",
    "Variables",
    "is_secret_name",
    "is_secret_value",
    "read_variables",
    "split_tokens",
    "substitute",
]

# The SDK's Substitutor regex: a token has no braces inside.
TOKEN = re.compile(r"\{\{([^{}]*?)\}\}")
# Words (split like identifiers: `accessToken` -> access, token) that mark a credential. Whole
# words only: `author` and `keyword` are not secrets.
_SECRET_WORDS = frozenset(
    {
        "token",
        "secret",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "apikey",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "signature",
        "cookie",
        "key",
        "jwt",
        "bearer",
    }
)
# Postman passes at most this many substitution rounds (VARS_SUBREPLACE_LIMIT).
_SUBSTITUTION_ROUNDS = 19


# Values that read as credentials whatever their name: long hex (API keys, OAuth codes, hashes
# of secrets), JWTs, vendor key prefixes, and long unbroken base64-ish runs with digits.
_SECRET_VALUE = re.compile(
    r"[0-9a-fA-F]{32,}"
    r"|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]*"
    r"|(?:sk|rk|pk)_(?:live|test)_\w{8,}"
    r"|(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{40,}={0,2}"
)


def is_secret_value(value: str) -> bool:
    """Whether a literal value looks like a credential, whatever its field is called."""
    return _SECRET_VALUE.fullmatch(value.strip()) is not None


@functools.lru_cache(maxsize=1 << 14)  # asked of every parameter and variable name
def is_secret_name(name: str) -> bool:
    """Whether a variable or field name says it holds a credential."""
    return any(word.lower() in _SECRET_WORDS for word in split_words(name))


@dataclass(frozen=True, slots=True)
class Variables:
    """The collection's enabled variables (environment values already applied)."""

    values: Mapping[str, str]
    descriptions: Mapping[str, str]


def read_variables(
    collection: dict[str, Any], environment: Mapping[str, str], diagnostics: Diagnostics
) -> Variables:
    """Read root `variable[]` (`key` or, in old files, `id`); environment values win."""
    values: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    raw = collection.get("variable")
    if raw is not None and not isinstance(raw, list):
        diagnostics.warn("variable", "expected a list of variables; ignored", "format")
        raw = []
    for index, entry in enumerate(raw or []):
        if not isinstance(entry, dict):
            diagnostics.warn(
                f"variable[{index}]", "expected an object; ignored", "format"
            )
            continue
        name = entry.get("key") or entry.get("id")
        if not isinstance(name, str) or not name or entry.get("disabled") is True:
            continue
        value = entry.get("value")
        values[name] = "null" if value is None else _as_text(value)
        description = entry.get("description")
        if isinstance(description, str):
            descriptions[name] = description
    values.update(environment)
    return Variables(values=values, descriptions=descriptions)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def split_tokens(text: str) -> list[tuple[str, bool]]:
    """`"v{{ver}}.json"` -> `[("v", False), ("ver", True), (".json", False)]`."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(1).strip(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Resolve `{{name}}` tokens like Postman: inside out, repeatedly; unknown tokens stay as text."""
    for _ in range(_SUBSTITUTION_ROUNDS):
        replaced = TOKEN.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)
        if replaced == text:
            break
        text = replaced
    return text
