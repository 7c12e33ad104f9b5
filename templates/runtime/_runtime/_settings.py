"""Settings resolved from explicit arguments, then environment variables, then defaults."""

from __future__ import annotations

import os
from typing import Literal, overload

from ._exceptions import MissingSettingError


@overload
def read_setting(
    value: str | None,
    *,
    name: str,
    env: str,
    default: str | None,
    required: Literal[True],
) -> str: ...
@overload
def read_setting(
    value: str | None, *, name: str, env: str, default: str | None, required: bool
) -> str | None: ...
def read_setting(
    value: str | None, *, name: str, env: str, default: str | None, required: bool
) -> str | None:
    """Resolve a setting: explicit value, else environment variable ``env``, else ``default``.

    An empty environment variable counts as unset, because shells and CI often export blanks.
    """
    if value is None:
        value = os.environ.get(env) or default
    if value is None and required:
        raise MissingSettingError(f"{name} is required: pass {name}=... or set {env}")
    return value


def require_setting(value: str | None, *, name: str, env: str) -> str:
    """A setting that only some requests need, checked when such a request is made.

    The client can then be built without credentials for endpoints the caller never uses.
    """
    if value is None:
        raise MissingSettingError(
            f"{name} is required for this request: pass {name}=... or set {env}"
        )
    return value
