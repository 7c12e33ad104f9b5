"""Bounds on what a collection may make postgen do: how deep, how big, how many.

A careless or hostile collection can nest folders or JSON thousands of levels deep, or save
megabytes of examples. Everything after loading recurses over the document, so the loaded
document is bounded once, here, before anything else sees it (`bound_document`), and every cut
is a warning:

- folders deeper than `MAX_FOLDER_DEPTH` are dissolved into their ancestor at that depth (their
  requests become its methods, in collection order);
- any other value nested deeper than `MAX_DOCUMENT_DEPTH` is dropped;
- JSON in a saved example or a raw body nested deeper than `MAX_SAMPLE_DEPTH` keeps its upper
  levels; below, values are modelled as `Any`;
- a body (example or request) larger than `MAX_SAMPLE_CHARS` is not parsed into a model;
- a request keeps its first `MAX_EXAMPLES` examples.

The corpus of 48 real collections nests folders 6 deep, documents 20 levels and example JSON 12
levels, saves 18 examples at most per request, and its largest body is 240 kB: the bounds are
far above real use.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from typing import Any

from postgen.diagnostics import Diagnostics

__all__ = [
    "MAX_DOCUMENT_DEPTH",
    "MAX_EXAMPLES",
    "MAX_FOLDER_DEPTH",
    "MAX_PARSE_DEPTH",
    "MAX_SAMPLE_CHARS",
    "MAX_SAMPLE_DEPTH",
    "TooDeep",
    "bound_document",
    "loads",
    "nests_deeper",
]

MAX_FOLDER_DEPTH = 32
MAX_DOCUMENT_DEPTH = 256
MAX_SAMPLE_DEPTH = 32
MAX_SAMPLE_CHARS = 4_000_000
MAX_EXAMPLES = 100
#: JSON nested deeper than this is not read at all (the file is refused, a sample untyped).
MAX_PARSE_DEPTH = 100_000

_STACK_BYTES = 512 * 1024 * 1024
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class TooDeep(ValueError):
    """JSON nested deeper than `MAX_PARSE_DEPTH`."""


def loads(text: str, parse: Callable[[str], Any] = json.loads) -> Any:
    """`parse(text)` (JSON by default) even when it nests deeper than Python's recursion limit.

    The stdlib parser recurses once per level and stops near 1,000; deeper text is parsed again
    in a thread with a stack large enough for `MAX_PARSE_DEPTH` levels. Deeper than that raises
    `TooDeep`; syntax errors raise what `parse` raises.
    """
    try:
        return parse(text)
    except RecursionError:
        pass
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, parse(text)))
        except RecursionError:
            outcome.append(
                (False, TooDeep(f"nested more than {MAX_PARSE_DEPTH:,} levels deep"))
            )
        except Exception as error:  # re-raised in the caller's thread
            outcome.append((False, error))

    limit = sys.getrecursionlimit()
    previous = threading.stack_size(_STACK_BYTES)
    try:
        sys.setrecursionlimit(MAX_PARSE_DEPTH + 100)
        worker = threading.Thread(target=run, name="postgen-deep-json")
        worker.start()
        worker.join()
    finally:
        sys.setrecursionlimit(limit)
        threading.stack_size(previous)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _cut(value: Any, limit: int) -> tuple[Any, int]:
    """`value` with containers below `limit` levels replaced by None, and its depth.

    Iterative, with the copy built top-down, so any depth is safe.
    """
    deepest = 0
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 1)]
    while stack:
        node, parent, key, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > limit:
                parent[key] = None
                continue
            if isinstance(node, dict):
                copy: Any = dict.fromkeys(node)
                items: Any = node.items()
            else:
                copy = [None] * len(node)
                items = enumerate(node)
            parent[key] = copy
            stack.extend((child, copy, k, depth + 1) for k, child in items)
        else:
            parent[key] = node
    return root[0], deepest


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels (iterative; stops at the first)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend(
                (child, depth + 1)
                for child in node.values()
                if isinstance(child, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (child, depth + 1) for child in node if isinstance(child, dict | list)
            )
    return False


def nests_deeper(text: str, limit: int) -> bool:
    """Whether the brackets of JSON-ish text may nest deeper than `limit` (a quick test: brackets
    inside strings count too, so True may be wrong, and the caller then measures the parsed
    value). Each pass removes the innermost pairs, so brackets left after `limit` passes nest
    deeper (or do not pair up). Everything runs in C: cheap on megabytes of bodies."""
    rest = text.encode("utf-8", "replace").translate(None, _NOT_BRACKETS)
    for _ in range(limit):
        shorter = rest.replace(b"[]", b"").replace(b"{}", b"")
        if not shorter:
            return False
        if shorter == rest:
            return True  # unpaired brackets: let the parse decide
        rest = shorter
    return True


class _Bounder:
    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics

    def warn(self, where: str, message: str) -> None:
        self.diagnostics.warn(where, message, "limits")

    def sample(self, holder: dict[str, Any], key: str, where: str) -> None:
        """Bound the JSON text at `holder[key]` (an example body or a raw request body)."""
        text = holder.get(key)
        if not isinstance(text, str):
            return
        if len(text) > MAX_SAMPLE_CHARS:
            self.warn(
                where,
                f"a body of {len(text):,} characters (over {MAX_SAMPLE_CHARS:,}) is not read "
                "for a model: it is untyped",
            )
            holder[key] = ""
            return
        if text.count("[") + text.count("{") <= MAX_SAMPLE_DEPTH:
            return  # cannot nest deeper than that: the common case, checked cheaply
        if not nests_deeper(text, MAX_SAMPLE_DEPTH):
            return
        try:
            value = loads(text)
        except TooDeep:
            self.warn(where, "JSON nested too deeply to read: it is untyped")
            holder[key] = ""
            return
        except ValueError:
            return  # not strict JSON: the lenient reader decides (and stops at its own limit)
        if not _deeper_than(value, MAX_SAMPLE_DEPTH):
            return
        cut, _ = _cut(value, MAX_SAMPLE_DEPTH)
        self.warn(
            where,
            f"JSON nested more than {MAX_SAMPLE_DEPTH} levels deep: below that it is modelled "
            "as `Any`",
        )
        holder[key] = json.dumps(cut)

    def request(self, item: dict[str, Any], where: str) -> None:
        request = item.get("request")
        body = request.get("body") if isinstance(request, dict) else None
        if isinstance(body, dict):
            self.sample(body, "raw", f"{where}.request.body.raw")
        responses = item.get("response")
        if not isinstance(responses, list):
            return
        if len(responses) > MAX_EXAMPLES:
            self.warn(
                f"{where}.response",
                f"{len(responses):,} saved examples: only the first {MAX_EXAMPLES} are read",
            )
            del responses[MAX_EXAMPLES:]
        for index, response in enumerate(responses):
            if isinstance(response, dict):
                self.sample(response, "body", f"{where}.response[{index}].body")

    def folder(self, node: dict[str, Any], where: str) -> None:
        """Dissolve the folders below `node` (at the depth limit) into it, in order."""
        flat: list[Any] = []
        dissolved = 0
        stack: list[Any] = list(reversed(node["item"]))
        while stack:
            item = stack.pop()
            if isinstance(item, dict) and isinstance(item.get("item"), list):
                dissolved += 1
                stack.extend(reversed(item["item"]))
            else:
                flat.append(item)
        node["item"] = flat
        self.warn(
            where or "item",
            f"folders nested more than {MAX_FOLDER_DEPTH} deep: {dissolved:,} folders below "
            f"this one are dissolved and their {len(flat):,} requests are its methods",
        )

    def tree(self, document: dict[str, Any]) -> None:
        stack: list[tuple[dict[str, Any], str, int]] = [(document, "", 0)]
        while stack:
            node, where, depth = stack.pop()
            items = node.get("item")
            if not isinstance(items, list):
                continue
            nested = any(
                isinstance(i, dict) and isinstance(i.get("item"), list) for i in items
            )
            if depth >= MAX_FOLDER_DEPTH and nested:
                self.folder(node, where)
                items = node["item"]
            for index, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                item_where = f"{where}item[{index}]"
                if isinstance(item.get("item"), list):
                    stack.append((item, f"{item_where}.", depth + 1))
                else:
                    self.request(item, item_where)


def bound_document(
    document: dict[str, Any], diagnostics: Diagnostics, *, shallow: bool = False
) -> dict[str, Any]:
    """The loaded document within the bounds above (changed in place, and returned).

    `shallow`: the document is known to nest no deeper than `MAX_DOCUMENT_DEPTH` (its JSON
    text says so: see `formats.read_json_collection`), so it is not walked to find out.
    """
    bounder = _Bounder(diagnostics)
    bounder.tree(document)
    if not shallow and _deeper_than(document, MAX_DOCUMENT_DEPTH):
        cut, depth = _cut(document, MAX_DOCUMENT_DEPTH)
        bounder.warn(
            "$",
            f"nested {depth:,} levels deep: values below level {MAX_DOCUMENT_DEPTH} are "
            "dropped",
        )
        document.clear()
        document.update(cut)
    return document
