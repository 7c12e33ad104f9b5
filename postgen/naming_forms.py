"""The forms of longer names: methods and resources, packages, and resource modules.

Part of the naming rules of `postgen/naming.py`: the same words, shortened predictably, and
bounded where the file system needs it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from typing import NamedTuple

from postgen.naming import (
    PyIdent,
    host_of,
    identifier,
    name_words,
    snake,
    strip_numbering,
)
from postgen.naming_lists import (
    ARTICLES,
    FILLER_WORDS,
    GENERIC_PACKAGE_WORDS,
    HOST_NOISE,
    SHADOWED_PACKAGES,
    TRAILING_STOPWORDS,
)

__all__ = [
    "MAX_MEMBER",
    "MAX_MODULE",
    "NameForms",
    "member_candidates",
    "module_name",
    "package_name",
]

#: Methods and resource attributes longer than this are shortened (see `member_candidates`).
MAX_MEMBER = 50
#: Module file names: far below the 255-byte file-name limit, whatever the folder depth.
MAX_MODULE = 80
_MAX_PACKAGE = 50

_TAG = re.compile(r"<[^<>]*>")
_SENTENCE_END = re.compile(r"(?<=\w)[.!?;]\s+(?=\S)")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


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


@functools.lru_cache(maxsize=1 << 14)  # pure; request names repeat across folders
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
    names = tuple(dict.fromkeys(identifier(words, fallback) for words in forms))
    return NameForms(names, shortened=names[0] != identifier(without, fallback))


def _vendor(base_url: str | None) -> str:
    """`https://api.paypal.com/v1` -> `paypal`: the host's most specific label that is not a
    role (`api`, `www`, `sandbox`); "" for no host, an IP address or `localhost`."""
    host = host_of(base_url or "")
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
    name = identifier(words, "api")
    words = [w for w in name.split("_") if w and not re.fullmatch(r"v\d+", w)]
    generic = len(words) <= 1 and all(word in GENERIC_PACKAGE_WORDS for word in words)
    if name in SHADOWED_PACKAGES or generic or len(name.rstrip("_")) < 4:
        vendor = snake(_vendor(base_url), fallback="")
        if vendor and not name.startswith(f"{vendor}_") and vendor != name:
            return identifier([vendor, *name.rstrip("_").split("_")], "api")
        return identifier([*name.rstrip("_").split("_"), "client"], "api")
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
