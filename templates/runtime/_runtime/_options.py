"""``with_options``: a copy of a client with other settings that shares its connection pool."""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx

from ._request import _put_header
from ._types import NOT_GIVEN, NotGiven

_C = TypeVar("_C")


def copy_client(
    client: _C,
    *,
    base_url: str | NotGiven = NOT_GIVEN,
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    max_retries: int | NotGiven = NOT_GIVEN,
    default_headers: Mapping[str, str] | None = None,
) -> _C:
    """A shallow copy of ``client`` with the given settings changed.

    The copy borrows the original's httpx client (one connection pool for both), so closing
    the copy closes nothing; closing the original ends the pool for both. Resources cached on
    the original (``client.repos``) point at the original, so the copy drops them and builds
    its own on first use.
    """
    new: Any = copy.copy(client)
    for cls in type(new).__mro__:
        for name, attr in vars(cls).items():
            if isinstance(attr, functools.cached_property):
                new.__dict__.pop(attr.attrname or name, None)
    new._owns_http = False
    if not isinstance(base_url, NotGiven):
        if not base_url:
            raise ValueError("base_url must not be empty")
        new.base_url = base_url.rstrip("/")
        settings = getattr(new, "settings", None)
        # Generated clients keep what they were configured with in a frozen `settings`.
        if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
            if "base_url" in {f.name for f in dataclasses.fields(settings)}:
                new.settings = dataclasses.replace(settings, base_url=new.base_url)
    if not isinstance(timeout, NotGiven):
        new.timeout = timeout
    if not isinstance(max_retries, NotGiven):
        new.max_retries = max_retries
    if default_headers:
        # Headers the pool's httpx client already sends stay; these go on top, per request.
        headers = dict(new._headers)
        for key, value in default_headers.items():
            _put_header(headers, key, value)
        new._headers = headers
    return new  # type: ignore[no-any-return]
