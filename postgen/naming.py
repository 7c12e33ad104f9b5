"""Every rule that turns a Postman name into a Python identifier lives here and nowhere else.

Postman names are free text (unicode, emoji, quotes, URLs, keywords), so identifiers are built in one
place and typed as `PyIdent` / `ClassName`: mypy then rejects a raw Postman string where an
identifier belongs.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = [
    "ClassName",
    "NameAllocator",
    "PyIdent",
    "class_name",
    "constant_name",
    "dist_name",
    "error_class_name",
    "origin_setting_name",
    "snake",
    "split_words",
]

# A leading digit gets this letter in front: `2fa` -> `n2fa`, `404` -> `N404`. Never `_`:
# pydantic treats underscore names as private and Python as non-public.
_DIGIT_PREFIX = "n"

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z0-9]+")


class PyIdent(str):
    """A valid, non-keyword snake_case Python identifier. Build it with `snake()` only."""

    __slots__ = ()


class ClassName(str):
    """A valid PascalCase Python class name. Build it with `class_name()` only."""

    __slots__ = ()


def _ascii(text: str) -> str:
    # NFKD splits accents off their letters ("é" -> "e" + accent) so they survive as ASCII.
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """Split on camelCase, spaces, `-`, `_`, `.`, `/` and any other non-alphanumeric character."""
    words: list[str] = []
    for chunk in _WORD.findall(_ascii(text)):
        words.extend(part for part in _CAMEL_BOUNDARY.split(chunk) if part)
    return words


def _fix_start(name: str, prefix: str) -> str:
    return prefix + name if name[:1].isdigit() else name


def snake(text: str, *, fallback: str = "item") -> PyIdent:
    """`"Job Details"` -> `job_details`; keywords get a trailing `_`; empty -> `fallback`."""
    name = "_".join(word.lower() for word in split_words(text)) or fallback
    name = _fix_start(name, _DIGIT_PREFIX)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return PyIdent(name)


def class_name(text: str, *, fallback: str = "Item") -> ClassName:
    """`"INVALID_URL_PATTERN"` -> `InvalidUrlPattern`; `"Bulk Write"` -> `BulkWrite`."""
    words = split_words(text)
    name = "".join(word[:1].upper() + word[1:].lower() for word in words) or fallback
    name = _fix_start(name, _DIGIT_PREFIX.upper())
    if keyword.iskeyword(name) or keyword.issoftkeyword(
        name
    ):  # `None`, `True`, `False`
        name += "_"
    return ClassName(name)


def constant_name(text: str) -> str:
    """`zoho_crm_bulk_write` + `access_token` -> `ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN` (env var names)."""
    return str(snake(text)).rstrip("_").upper()


def dist_name(package: PyIdent) -> str:
    """The distribution name for a package: `zoho_crm_bulk_write` -> `zoho-crm-bulk-write`."""
    return str(package).replace("_", "-")


def error_class_name(code: str) -> ClassName:
    """`INVALID_URL_PATTERN` -> `InvalidUrlPatternError`, without doubling a trailing `Error`."""
    base = class_name(code, fallback="Unknown")
    if base.endswith("Error"):
        return base
    return ClassName(base + "Error")


def _host(url: str) -> str:
    try:
        return urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:  # `[` without a valid IPv6 address: not a host we can name
        return ""


def origin_setting_name(url: str, base: str) -> PyIdent:
    """The client setting for a second origin: `https://uploads.github.com` beside the base
    `https://api.github.com` -> `uploads_base_url` (the labels the two hosts do not share);
    without a literal base host, the host minus its top-level domain."""
    labels = _host(url).split(".") if _host(url) else [url]
    base_labels = _host(base).split(".") if "{{" not in base and _host(base) else []
    shared = 0
    while (
        shared < len(labels) - 1
        and shared < len(base_labels)
        and labels[-1 - shared] == base_labels[-1 - shared]
    ):
        shared += 1
    if shared:
        labels = labels[: len(labels) - shared]
    elif len(labels) > 1:
        labels = labels[:-1]
    return snake("_".join(labels) + "_base_url", fallback="origin_base_url")


class NameAllocator:
    """Hands out unique names in one namespace, in document order: `list`, `list_2`, `list_3`.

    Reserved names (the runtime's own attributes) are never handed out: a clashing name gets the
    suffix too, so a request called `close` cannot shadow `Client.close`.
    """

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken: set[str] = set(reserved)
        self._reserved = frozenset(reserved)

    def take(self, wanted: str, separator: str = "_") -> tuple[str, bool]:
        """Return a free name based on `wanted`, and whether it had to be changed."""
        name, counter = wanted, 2
        while name in self._taken:
            name = f"{wanted}{separator}{counter}"
            counter += 1
        self._taken.add(name)
        return name, name != wanted

    def is_reserved(self, name: str) -> bool:
        """Whether `name` belongs to the runtime rather than to an earlier collection item."""
        return name in self._reserved

    def snake(self, wanted: PyIdent) -> tuple[PyIdent, bool]:
        """`take` for identifiers, keeping the type."""
        name, changed = self.take(str(wanted))
        return PyIdent(name), changed

    def klass(self, wanted: ClassName) -> tuple[ClassName, bool]:
        """`take` for class names (suffix without underscore: `Item`, `Item2`)."""
        name, changed = self.take(str(wanted), separator="")
        return ClassName(name), changed
