"""Request building helpers: headers, per-call options, path parameters, JSON and file bodies."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from types import FrameType
from typing import Any, TypedDict, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from ._types import NotGiven

_T = TypeVar("_T")
# The characters ``quote(text, safe="")`` never escapes (RFC 3986 unreserved; ASCII only).
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")


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


def _is_repeated(value: object) -> bool:
    # A list of files, or a tuple of text values (a key Postman sends more than once); a
    # ``(filename, content)`` tuple is one file.
    if isinstance(value, list):
        return True
    return isinstance(value, tuple) and all(
        isinstance(item, str | int | float | bool) for item in value
    )


def _file_parts(files: Mapping[str, Any]) -> list[tuple[str, Any]] | None:
    """httpx's ``files=`` for a multipart body, in order: None dropped, text values sent as
    plain parts, a list as one part per item, paths read (by name, not content)."""
    parts: list[tuple[str, Any]] = []
    for key, value in files.items():
        for item in value if _is_repeated(value) else [value]:
            if item is None:
                continue
            if isinstance(item, str | int | float | bool):
                text = str(item).lower() if isinstance(item, bool) else str(item)
                parts.append((key, (None, text)))
            elif isinstance(item, os.PathLike):
                path = os.fspath(item)
                with open(path, "rb") as stream:
                    parts.append((key, (os.path.basename(path), stream.read())))
            else:
                parts.append((key, item))
    return parts or None


def _pairs(
    values: Mapping[str, _T] | Sequence[tuple[str, _T]] | None,
) -> Sequence[tuple[str, _T]]:
    """Generated code passes a dict, or a list of pairs when a key repeats."""
    if values is None:
        return ()
    if isinstance(values, Mapping):
        return list(values.items())
    return values


def _add_query(params: dict[str, Any], key: str, value: object) -> None:
    """One query value; a sequence (or a repeated key) sends the key once per item."""
    items = (
        [v for v in value if v is not None]
        if isinstance(value, list | tuple)
        else ([] if value is None else [value])
    )
    if not items:
        return
    if key in params:
        earlier = params[key]
        params[key] = [*(earlier if isinstance(earlier, list) else [earlier]), *items]
    else:
        params[key] = items if isinstance(value, list | tuple) else items[0]


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts as ``**options``."""

    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, object]
    extra_body: Mapping[str, object]
    timeout: float | httpx.Timeout | None
    max_retries: int
    #: One key for every attempt of this call (needs the client's ``idempotency_header``).
    idempotency_key: str


#: The keys of ``RequestOptions``: anything else in a method's ``**options`` is a typo.
_OPTION_NAMES = frozenset(RequestOptions.__annotations__)


def _unexpected_keyword(options: Mapping[str, object], caller: FrameType) -> TypeError:
    """The TypeError a plain function raises for a misspelled keyword, with a suggestion.

    Generated methods take ``**options`` (typed, so mypy already rejects a typo), which would
    otherwise swallow any keyword at run time. Only this error path looks at the caller's
    frame to name the method and its real parameters; a normal call pays one set check.
    """
    import difflib

    code = caller.f_code
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    valid = sorted({*names, *_OPTION_NAMES} - {"self", "options"})
    unknown = sorted(set(options) - _OPTION_NAMES)[0]
    message = f"{code.co_qualname}() got an unexpected keyword argument {unknown!r}"
    close = difflib.get_close_matches(unknown, valid, n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return TypeError(message)


def path_param(name: str, value: object) -> str:
    """Render a path parameter, URL-quoted so that a value can never change the path."""
    text = str(value)
    if not text:
        raise ValueError(f"Expected a non-empty value for `{name}`")
    # Most values (ids, slugs) hold only characters quote() keeps: skip its encode/decode.
    if _UNRESERVED.fullmatch(text):
        return text
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


def json_body(body: object, fields: Mapping[str, object]) -> object:
    """The JSON object a method sends: the body fields the caller passed, by wire name.

    Only what the caller passes is sent (a field left out is not sent at all; ``None`` sends
    JSON ``null``). ``body=`` replaces the whole body instead, for shapes the collection did not
    show; passing both is an error, since neither could win without surprising someone.
    """
    given = {
        key: value for key, value in fields.items() if not isinstance(value, NotGiven)
    }
    if isinstance(body, NotGiven):
        return given
    if given:
        raise TypeError(
            "body= replaces the whole JSON body: pass it or the body fields "
            f"({', '.join(sorted(given))}), not both (extra_body= adds keys to either)"
        )
    return body
