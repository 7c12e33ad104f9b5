"""Every rule that turns a Postman name into a Python identifier lives here and nowhere else.

Postman names are free text (unicode, emoji, quotes, URLs, keywords), so identifiers are built in one
place and typed as `PyIdent` / `ClassName`: mypy then rejects a raw Postman string where an
identifier belongs. Names are the API of a generated client, so every rule is local: a name
depends on the text it comes from (and, for a clash, on the clashing siblings), never on a
counter or on which other requests exist. The longer forms (methods, resources, packages,
modules) are in `postgen.naming_forms`, collisions are resolved in `postgen.naming_clashes`,
and the word lists are in `postgen.naming_lists`.
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from postgen.naming_lists import BRAND_WORDS

__all__ = [
    "ClassName",
    "NameAllocator",
    "PyIdent",
    "class_name",
    "constant_name",
    "dist_name",
    "error_class_name",
    "host_of",
    "identifier",
    "name_words",
    "origin_setting_name",
    "snake",
    "split_words",
    "strip_numbering",
]

# A leading digit gets this letter in front: `2fa` -> `n2fa`, `404` -> `N404`. Never `_`:
# pydantic treats underscore names as private and Python as non-public.
_DIGIT_PREFIX = "n"

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z0-9]+")
# `customer's`, `doesn't`: an apostrophe inside a word joins it (the typographic one is dropped by `_ascii`).
_APOSTROPHE = re.compile(r"(?<=[A-Za-z0-9])['`](?=[A-Za-z0-9])")
# "1. Create user", "01 - JWT", "01-1 - Construct", "2b. Create": list numbering, not a name.
# "2.0 APIs", "24hr ticker" and "404 not found" are names.
_NUMBERING = re.compile(
    r"^\s*\d+[a-z]?(?:[.-]\d+[a-z]?)*(?:[.)]|\s*[-:\u2013\u2014])\s+(?=\S)"
)


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
    """The raw split, for matching words (`accessToken` -> access, Token): camelCase, spaces,
    `-`, `_`, `.`, `/` and any other non-alphanumeric character. Names use `name_words`.
    """
    words: list[str] = []
    for chunk in _WORD.findall(_ascii(text)):
        words.extend(part for part in _CAMEL_BOUNDARY.split(chunk) if part)
    return words


def _join_parts(parts: list[str], spaced: bool) -> list[str]:
    """Camel-case parts of one chunk, with the parts that make one word joined again."""
    if spaced and len(parts) == 2 and min(len(part) for part in parts) == 1:
        return [
            "".join(parts)
        ]  # `OAuth`, `IdP`, `eSign`, `DocX`: a one-letter part is no word
    joined: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else ""
        # `APIs`, `IDs`, `ACLs` split as `AP`+`Is`: an acronym's plural is one word.
        if part.isupper() and re.fullmatch(r"[A-Z]s\d*", following):
            joined.append(part + following)
            index += 2
            continue
        for end in range(len(parts), index + 1, -1):
            candidate = "".join(parts[index:end])
            if candidate.lower().rstrip("0123456789") in BRAND_WORDS:
                joined.append(candidate)  # `Git` + `Hub`
                index = end
                break
        else:
            joined.append(part)
            index += 1
    return joined


def name_words(text: str) -> list[str]:
    """The words of a name: split as `split_words`, but a word with internal capitals inside a
    spaced name (`PayPal Public APIs`, `OAuth 2.0`) stays one word, brands (`GitHub`) and
    acronym plurals (`IDs`) stay one word everywhere, and apostrophes join (`customer's`).
    Genuine identifiers (`listUsers`, `userId`, `XMLHttpRequest`) split on their capitals.
    """
    return list(_name_words(text))


# The same few thousand names (fields, folders, parameters) are split again and again: a fifth
# of parsing a large collection was this function before it was remembered.
@functools.lru_cache(maxsize=1 << 16)
def _name_words(text: str) -> tuple[str, ...]:
    text = _APOSTROPHE.sub("", _ascii(text))
    spaced = bool(re.search(r"\s", text.strip()))
    words: list[str] = []
    for chunk in _WORD.findall(text):
        parts = [part for part in _CAMEL_BOUNDARY.split(chunk) if part]
        words.extend(_join_parts(parts, spaced))
    return tuple(words)


def strip_numbering(text: str) -> str:
    """`"1. Create user"` -> `"Create user"`: leading list numbering is not part of a name."""
    stripped = _NUMBERING.sub("", text, count=1)
    return stripped if _WORD.search(stripped) else text


def _fix_start(name: str, prefix: str) -> str:
    return prefix + name if name[:1].isdigit() else name


def identifier(words: Iterable[str], fallback: str) -> PyIdent:
    """Words joined as a snake_case identifier (a leading digit and keywords fixed)."""
    name = "_".join(word.lower() for word in words) or fallback
    name = _fix_start(name, _DIGIT_PREFIX)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return PyIdent(name)


# `snake` and `class_name` are asked for the same names (parameters, fields, folders) over and
# over in a large collection; both are pure and return immutable strings.
@functools.lru_cache(maxsize=1 << 16)
def snake(text: str, *, fallback: str = "item") -> PyIdent:
    """`"Job Details"` -> `job_details`; keywords get a trailing `_`; empty -> `fallback`."""
    return identifier(name_words(text), fallback)


@functools.lru_cache(maxsize=1 << 16)
def class_name(text: str, *, fallback: str = "Item") -> ClassName:
    """`"INVALID_URL_PATTERN"` -> `InvalidUrlPattern`; `"Bulk Write"` -> `BulkWrite`."""
    words = name_words(text)
    name = "".join(word[:1].upper() + word[1:].lower() for word in words) or fallback
    name = _fix_start(name, _DIGIT_PREFIX.upper())
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):  # `None`, `True`
        name += "_"
    return ClassName(name)


def constant_name(text: str) -> str:
    """`zoho_crm_bulk_write` + `access_token` -> `ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN` (env var names)."""
    return str(snake(text)).rstrip("_").upper()


def dist_name(package: PyIdent) -> str:
    """The distribution name for a package: `zoho_crm_bulk_write` -> `zoho-crm-bulk-write`."""
    return str(package).replace("_", "-")


def host_of(url: str) -> str:
    """The host of a URL (`https://` assumed), "" when there is none."""
    try:
        return urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:  # `[` without a valid IPv6 address: not a host we can name
        return ""


def error_class_name(code: str) -> ClassName:
    """`INVALID_URL_PATTERN` -> `InvalidUrlPatternError`, without doubling a trailing `Error`."""
    base = class_name(code, fallback="Unknown")
    if base.endswith("Error"):
        return base
    return ClassName(base + "Error")


def origin_setting_name(url: str, base: str) -> PyIdent:
    """The client setting for a second origin: `https://uploads.github.com` beside the base
    `https://api.github.com` -> `uploads_base_url` (the labels the two hosts do not share);
    without a literal base host, the host minus its top-level domain."""
    labels = host_of(url).split(".") if host_of(url) else [url]
    base_labels = host_of(base).split(".") if "{{" not in base and host_of(base) else []
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
    suffix too, so a variable called `timeout` cannot shadow the client's `timeout`.
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
