"""Every rule that turns a Postman name into a Python identifier lives here and nowhere else.

Postman names are free text (unicode, emoji, quotes, URLs, keywords), so identifiers are built in one
place and typed as `PyIdent` / `ClassName`: mypy then rejects a raw Postman string where an
identifier belongs. Names are the API of a generated client, so every rule is local: a name
depends on the text it comes from (and, for a clash, on the clashing siblings), never on a
counter or on which other requests exist. Collisions are resolved in `postgen.naming_clashes`;
the word lists are in `postgen.naming_lists`.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

from postgen.naming_lists import (
    ARTICLES,
    BRAND_WORDS,
    FILLER_WORDS,
    GENERIC_PACKAGE_WORDS,
    HOST_NOISE,
    SHADOWED_PACKAGES,
    TRAILING_STOPWORDS,
)

__all__ = [
    "MAX_MEMBER",
    "MAX_MODULE",
    "ClassName",
    "NameAllocator",
    "NameForms",
    "PyIdent",
    "class_name",
    "constant_name",
    "dist_name",
    "error_class_name",
    "member_candidates",
    "module_name",
    "name_words",
    "origin_setting_name",
    "package_name",
    "snake",
    "split_words",
    "strip_numbering",
]

# A leading digit gets this letter in front: `2fa` -> `n2fa`, `404` -> `N404`. Never `_`:
# pydantic treats underscore names as private and Python as non-public.
_DIGIT_PREFIX = "n"
#: Methods and resource attributes longer than this are shortened (see `member_candidates`).
MAX_MEMBER = 50
#: Module file names: far below the 255-byte file-name limit, whatever the folder depth.
MAX_MODULE = 80
_MAX_PACKAGE = 50

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z0-9]+")
# `customer's`, `doesn't`: an apostrophe inside a word joins it (the typographic one is dropped by `_ascii`).
_APOSTROPHE = re.compile(r"(?<=[A-Za-z0-9])['`](?=[A-Za-z0-9])")
# "1. Create user", "01 - JWT", "01-1 - Construct", "2b. Create": list numbering, not a name.
# "2.0 APIs", "24hr ticker" and "404 not found" are names.
_NUMBERING = re.compile(
    r"^\s*\d+[a-z]?(?:[.-]\d+[a-z]?)*(?:[.)]|\s*[-:\u2013\u2014])\s+(?=\S)"
)
_TAG = re.compile(r"<[^<>]*>")
_SENTENCE_END = re.compile(r"(?<=\w)[.!?;]\s+(?=\S)")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


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
    text = _APOSTROPHE.sub("", _ascii(text))
    spaced = bool(re.search(r"\s", text.strip()))
    words: list[str] = []
    for chunk in _WORD.findall(text):
        parts = [part for part in _CAMEL_BOUNDARY.split(chunk) if part]
        words.extend(_join_parts(parts, spaced))
    return words


def strip_numbering(text: str) -> str:
    """`"1. Create user"` -> `"Create user"`: leading list numbering is not part of a name."""
    stripped = _NUMBERING.sub("", text, count=1)
    return stripped if _WORD.search(stripped) else text


def _fix_start(name: str, prefix: str) -> str:
    return prefix + name if name[:1].isdigit() else name


def _identifier(words: Iterable[str], fallback: str) -> PyIdent:
    name = "_".join(word.lower() for word in words) or fallback
    name = _fix_start(name, _DIGIT_PREFIX)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return PyIdent(name)


def snake(text: str, *, fallback: str = "item") -> PyIdent:
    """`"Job Details"` -> `job_details`; keywords get a trailing `_`; empty -> `fallback`."""
    return _identifier(name_words(text), fallback)


def class_name(text: str, *, fallback: str = "Item") -> ClassName:
    """`"INVALID_URL_PATTERN"` -> `InvalidUrlPattern`; `"Bulk Write"` -> `BulkWrite`."""
    words = name_words(text)
    name = "".join(word[:1].upper() + word[1:].lower() for word in words) or fallback
    name = _fix_start(name, _DIGIT_PREFIX.upper())
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):  # `None`, `True`
        name += "_"
    return ClassName(name)


def _path_words(text: str) -> list[str] | None:
    """A name written as a URL path (`/accountHolders/:id/taxForms`): its literal segments.

    The parameters are the method's arguments, not part of its name; None when the name is
    not a path or has nothing but parameters."""
    if not text.strip().startswith("/"):
        return None
    literal = [
        segment
        for segment in text.strip().split("/")
        if segment and not segment.startswith((":", "{"))
    ]
    words = name_words(" ".join(literal)) if literal else []
    return words or None


def _shorten(
    text: str, limit: int, drop: frozenset[str] = ARTICLES
) -> tuple[list[str], list[str]]:
    """The words of `text` (without `drop`), shortened while over `limit`, in this order: its
    first sentence; without bracketed asides; without filler words (`of`, `on`, `for`, `to`,
    ...), the last one first; then whole words from the end, never ending on a filler or `by`/`and`/`or`.
    Returns the kept words and the words they were cut from."""

    def words_of(part: str) -> list[str]:
        words = name_words(part)
        return [w for w in words if w.lower() not in drop] or words

    def first_sentence(part: str) -> str:
        return _SENTENCE_END.split(part, maxsplit=1)[0]

    def without_asides(part: str) -> str:
        return _BRACKETED.sub(" ", part)

    words = words_of(text)
    for shorter in (first_sentence, without_asides):
        if len("_".join(words)) <= limit:
            break
        candidate = words_of(shorter(text))
        if candidate:
            words, text = candidate, shorter(text)
    for index in reversed(range(len(words))):  # fillers go from the end, while too long
        if len("_".join(words)) <= limit:
            break
        if words[index].lower() in FILLER_WORDS and len(words) > 1:
            del words[index]
    kept: list[str] = []
    for word in words:
        if len("_".join([*kept, word])) > limit and kept:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1].lower() in TRAILING_STOPWORDS:
        kept.pop()
    return kept, words


class NameForms(NamedTuple):
    """The forms of one method or resource name, most preferred first (`member_candidates`)."""

    names: tuple[PyIdent, ...]
    #: Whether the preferred form lost words to the length limit.
    shortened: bool


def member_candidates(text: str, *, fallback: str) -> NameForms:
    """A method's or resource's names, most preferred first; later ones are used only when the
    earlier ones clash with a sibling (see `naming_clashes`).

    The preferred name drops leading list numbering, HTML tags, the articles `a`/`an`/`the`
    and a URL path's parameters, and is at most `MAX_MEMBER` characters (`_shorten`). Then, if
    it was shortened, it again with one more word at a time; then the full name without
    articles; then the name with its articles.
    """
    text = _TAG.sub(" ", strip_numbering(text))
    path = _path_words(text)
    full = path if path is not None else name_words(text)
    without = [w for w in full if w.lower() not in ARTICLES] or full
    forms = [without]
    if len("_".join(without)) > MAX_MEMBER:
        short, pool = _shorten(" ".join(full) if path is not None else text, MAX_MEMBER)
        forms = [short]
        for end in range(len(short) + 1, len(pool) + 1):  # grow back word by word
            if pool[end - 1].lower() not in TRAILING_STOPWORDS:
                forms.append(pool[:end])
        forms.append(without)
    forms.append(full)
    names = tuple(dict.fromkeys(_identifier(words, fallback) for words in forms))
    return NameForms(names, shortened=names[0] != _identifier(without, fallback))


def constant_name(text: str) -> str:
    """`zoho_crm_bulk_write` + `access_token` -> `ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN` (env var names)."""
    return str(snake(text)).rstrip("_").upper()


def dist_name(package: PyIdent) -> str:
    """The distribution name for a package: `zoho_crm_bulk_write` -> `zoho-crm-bulk-write`."""
    return str(package).replace("_", "-")


def _host(url: str) -> str:
    try:
        return urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:  # `[` without a valid IPv6 address: not a host we can name
        return ""


def _vendor(base_url: str | None) -> str:
    """`https://api.paypal.com/v1` -> `paypal`: the host's most specific label that is not a
    role (`api`, `www`, `sandbox`); "" for no host, an IP address or `localhost`."""
    host = _host(base_url or "")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2 or all(label.isdigit() for label in labels):
        return ""
    named = [label for label in labels[:-1] if label.lower() not in HOST_NOISE]
    return named[-1] if named else ""


def package_name(title: str, base_url: str | None) -> PyIdent:
    """The import name of the client: `"Zoho CRM Bulk Write"` -> `zoho_crm_bulk_write`.

    Leading list numbering is dropped and the name is at most 50 characters. A name that would
    shadow the standard library or a well-known distribution (`responses`), or is one word
    that says nothing about the API (`request`, `api_v2`), or is shorter than 4 characters (`msp`), gets the
    vendor from the base URL's host in front (`paypal_msp`), else `_client` after it.
    """
    words, _ = _shorten(strip_numbering(title), _MAX_PACKAGE, frozenset())
    name = _identifier(words, "api")
    words = [w for w in name.split("_") if w and not re.fullmatch(r"v\d+", w)]
    generic = len(words) <= 1 and all(word in GENERIC_PACKAGE_WORDS for word in words)
    if name in SHADOWED_PACKAGES or generic or len(name.rstrip("_")) < 4:
        vendor = snake(_vendor(base_url), fallback="")
        if vendor and not name.startswith(f"{vendor}_") and vendor != name:
            return _identifier([vendor, *name.rstrip("_").split("_")], "api")
        return _identifier([*name.rstrip("_").split("_"), "client"], "api")
    return name


def module_name(path: Iterable[str], *, distinct: bool = False) -> PyIdent:
    """The module of a resource, from the attribute names leading to it: `bulk_write`,
    `users_keys`. Over `MAX_MODULE` characters (or, with `distinct`, when the plain name is
    taken: `a_b`+`c` beside `a`+`b_c`), its first words and a short digest of the whole path,
    so the file name stays bounded and still depends on nothing but its own path."""
    parts = [str(part) for part in path]
    name = "_".join(parts)
    if len(name) <= MAX_MODULE and not distinct:
        return PyIdent(name)
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()[:8]
    room = MAX_MODULE - len(digest) - 1
    head = name[:room]
    if len(name) > room and name[room] != "_" and "_" in head:
        head = head.rsplit("_", 1)[0]  # end on a whole word
    return PyIdent(f"{head.rstrip('_') or 'module'}_{digest}")


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
