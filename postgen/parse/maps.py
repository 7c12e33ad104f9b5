"""When an object's keys are data, not field names: the object is a map (`dict[str, T]`).

GitHub's repository languages (`{"C": 78769, "Python": 7769}`) or Fastly's billing `regions`
(`{"usa": {...}, "south_africa": {...}}`) are not records with fields `c` and `python`: another
repository has other languages. An object is read as a map when its values share one shape
(nulls aside) and its keys look like data:

- more than 200 keys, or every key an id (`1001`, a UUID, a 22-character base62 id);
- at least half of the keys off the collection's key style: GitHub writes `snake_case`, so `C`,
  `Python` or `UBUNTU` are values; a key with spaces, punctuation or a leading digit always is;
- the values are objects of one shape and there are five or more of them, or the object's own
  key is plural (`regions`, `resources`, `_links`);
- the samples disagree on the keys: no key is present in every sample.

A record whose fields all happen to be strings (an address, a settings block) stays a record:
uniform scalar values alone are no evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from postgen.parse.items import iter_requests

if TYPE_CHECKING:
    from postgen.parse.infer import Shape

__all__ = ["KeyStyle", "collection_key_style", "is_map"]

MAX_RECORD_KEYS = 200
_ID_LIKE = re.compile(
    r"^[0-9a-fA-F-]{6,}$|^\d+$|^(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{16,}$"
)
_STYLES = {
    "lower": re.compile(r"[a-z][A-Za-z0-9_]*"),
    "upper": re.compile(r"[A-Z][A-Za-z0-9_]*"),
    "kebab": re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+"),
    # JSON-LD, OData and Box metadata keys (`@id`, `$type`): field names, not data.
    "meta": re.compile(r"[$@][A-Za-z][A-Za-z0-9_.]*"),
}
_KEY_IN_TEXT = re.compile(r'"((?:[^"\\\n]|\\.){1,64})"\s*:')
#: A style is the collection's when at least this share of its keys follow it.
_DOMINANT = 0.8
_MIN_OBJECT_VALUES = 5
_SCAN = 2048  # characters of each body read for the key style
_DEPTH = 3


def _style(key: str) -> str:
    for name, pattern in _STYLES.items():
        if pattern.fullmatch(key):
            return name
    return "other"


@dataclass(frozen=True, slots=True)
class KeyStyle:
    """How a collection spells its field names: `lower` (snake or camel case), `upper`
    (PascalCase), `kebab`, or None when no style has 80% of the keys."""

    dominant: str | None = None

    def is_off(self, key: str) -> bool:
        """Whether `key` reads as data rather than as one of this collection's field names."""
        if _ID_LIKE.match(key):
            return True
        style = _style(key)
        if style == "other":
            return True
        if style == "kebab":
            return self.dominant != "kebab"
        if style == "lower":
            return self.dominant == "upper"
        if style == "upper":
            return self.dominant in ("lower", "kebab")
        return False

    @staticmethod
    def of(keys: Iterable[str]) -> KeyStyle:
        """The style that most keys follow, if one clearly dominates."""
        counts = Counter(_style(key) for key in keys)
        counts.pop("meta", None)
        total = sum(counts.values())
        if not total:
            return KeyStyle()
        name, count = counts.most_common(1)[0]
        return KeyStyle(
            name if name != "other" and count / total >= _DOMINANT else None
        )


def _texts(item: dict[str, Any]) -> Iterable[str]:
    request = item.get("request")
    body = request.get("body") if isinstance(request, dict) else None
    if isinstance(body, dict) and isinstance(body.get("raw"), str):
        yield body["raw"]
    responses = item.get("response")
    for response in responses if isinstance(responses, list) else []:
        if isinstance(response, dict) and isinstance(response.get("body"), str):
            yield response["body"]


def collection_key_style(collection: Any) -> KeyStyle:
    """The key style of the collection's JSON bodies: a scan of the text for `"key":`, far
    cheaper than parsing every example a second time, and of the start of each body only (a
    share does not need every key: GitHub's bodies hold 36,000)."""
    return KeyStyle.of(
        match.group(1)
        for _, item in iter_requests(collection)
        for text in _texts(item)
        for match in _KEY_IN_TEXT.finditer(text, 0, _SCAN)
    )


def _signature(shape: Shape, depth: int = 0) -> str:
    """The shape of a value as text: its kinds and, a few levels down, its keys and items."""
    kinds = {"number" if k == "integer" else k for k in shape.kinds - {"null"}}
    text = ",".join(sorted(kinds))
    if depth >= _DEPTH:
        return text
    if "object" in kinds:
        fields = ",".join(
            f"{key}:{_signature(child, depth + 1)}"
            for key, child in sorted(shape.properties.items())
        )
        text += "{" + fields + "}"
    if "array" in kinds and shape.items is not None:
        text += "[" + _signature(shape.items, depth + 1) + "]"
    return text


def _plural(key: str | None) -> bool:
    word = (key or "").lower().rstrip("_")
    return (
        len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
    )


def is_map(shape: Shape, key: str | None, style: KeyStyle) -> bool:
    """Whether the object `shape` (seen under `key`, None at the root) is a map (see above)."""
    keys = list(shape.properties)
    if len(keys) > MAX_RECORD_KEYS:
        return True
    if len(keys) < 2:
        return False
    if all(_ID_LIKE.match(k) for k in keys):
        return True
    values = [child for child in shape.properties.values() if not child.only_null]
    if len(values) < 2:
        return False
    kinds = [
        {"number" if k == "integer" else k for k in v.kinds - {"null"}} for v in values
    ]
    if any(k != kinds[0] for k in kinds):  # cheap: most records end here
        return False
    if len({_signature(v) for v in values}) != 1:
        return False
    if 2 * sum(style.is_off(k) for k in keys) >= len(keys):
        return True
    objects = all(v.kinds - {"null"} == {"object"} and v.properties for v in values)
    if objects and (len(keys) >= _MIN_OBJECT_VALUES or _plural(key)):
        return True
    always = [k for k in keys if shape.key_counts[k] == shape.object_samples]
    return shape.object_samples >= 2 and not always
