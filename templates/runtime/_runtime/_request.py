"""Request building helpers: headers, per-call options, path parameters, JSON and file bodies."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, TypedDict
from urllib.parse import quote

import httpx
import pydantic


def _put_header(headers: dict[str, str], name: str, value: str) -> None:
    # Header names are case-insensitive: drop a differently-cased duplicate so that exactly one
    # value (the later one) is sent.
    if name not in headers:
        lower = name.lower()
        for existing in headers:
            if existing.lower() == lower:
                del headers[existing]
                break
    headers[name] = value


def _file_parts(files: Mapping[str, Any]) -> dict[str, Any] | None:
    """httpx's ``files=`` from FileInput values: None dropped, paths read (by name, not content)."""
    parts: dict[str, Any] = {}
    for key, value in files.items():
        if value is None:
            continue
        if isinstance(value, os.PathLike):
            path = os.fspath(value)
            with open(path, "rb") as stream:
                parts[key] = (os.path.basename(path), stream.read())
        else:
            parts[key] = value
    return parts or None


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as ``**options``."""

    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, object]
    extra_body: Mapping[str, object]
    timeout: float | httpx.Timeout | None
    max_retries: int
    #: One key for every attempt of this call (needs the client's ``idempotency_header``).
    idempotency_key: str


def path_param(name: str, value: object) -> str:
    """Render a path parameter, URL-quoted so that a value can never change the path."""
    text = str(value)
    if not text:
        raise ValueError(f"Expected a non-empty value for `{name}`")
    return quote(text, safe="")


def _jsonable(value: object) -> object:
    """Turn a request body (models, possibly nested in dicts/lists) into JSON-ready data."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True, mode="json")
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    import pydantic_core  # imported on first use: keeps `import <client>` fast

    return pydantic_core.to_jsonable_python(value)
