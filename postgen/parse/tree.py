"""The item tree as namespaces: what each folder and request is called, and where it belongs.

Postman folders are free-form, so before names are chosen the tree is normalised the way a
developer would lay out a client: sibling folders that want one name are one resource (their
requests together), a folder named like the resource that holds it adds no level
(`account_holders.account_holders`), and a folder without a name takes one from what it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.ir import AuthScheme, ErrorCase
from postgen.naming import ClassName, PyIdent, class_name
from postgen.naming_clashes import Member, Resolved
from postgen.naming_forms import member_candidates
from postgen.overrides import NameOverrides, path_key
from postgen.parse.operation import request_of
from postgen.parse.reserved import RESERVED_CLASSES
from postgen.parse.url import parse_url

__all__ = [
    "Entry",
    "folder_text",
    "is_folder",
    "items_of",
    "member_of",
    "path_segments",
    "preferred_name",
    "requests_below",
    "resource_class",
    "warn_clashes",
    "warn_unused",
]

_VERSION_SEGMENT = re.compile(r"(?i)v\d+(\.\d+)*|api|apis|rest")
_TOKEN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One item where it sits: JSON path, the item, the Postman names leading to it (its
    override key), and the auth and protocol behaviour it inherits."""

    where: str
    item: dict[str, Any]
    names: tuple[str, ...]
    auth: AuthScheme | None
    behavior: Mapping[str, Any]

    @property
    def key(self) -> str:
        """The item's Postman path in normal form (`Bulk Write / Job Details`)."""
        return path_key(self.names)


def is_folder(item: dict[str, Any]) -> bool:
    """The SDK's rule: a truthy `item` (any list, even []) makes a folder."""
    return isinstance(item.get("item"), list)


def items_of(node: dict[str, Any]) -> list[Any]:
    """A folder's (or the collection's) items; [] when it has none."""
    items = node.get("item")
    return items if isinstance(items, list) else []


def _named(item: dict[str, Any]) -> str:
    name = item.get("name")
    return name if isinstance(name, str) and name.strip() else ""


def path_segments(request: dict[str, Any]) -> tuple[tuple[str, bool], ...]:
    """A request's path as `(text, is_parameter)`: `:id` and `{{id}}` are parameters, and so is
    `key={{key}}` (read as `key`)."""
    segments: list[tuple[str, bool]] = []
    for segment in parse_url(request.get("url"), "", Diagnostics()).path:
        if segment.startswith(":") and len(segment) > 1:
            segments.append((segment[1:].partition(".")[0], True))
        elif "{{" in segment:
            literal = _TOKEN.sub("", segment).strip("=-_. ")
            tokens = _TOKEN.findall(segment)
            segments.append((literal or (tokens[0] if tokens else segment), True))
        elif segment:
            segments.append((segment, False))
    return tuple(segments)


def requests_below(item: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """Every request item in a folder (or the collection), depth first."""
    for child in items_of(item):
        if isinstance(child, dict):
            if is_folder(child):
                yield from requests_below(child)
            else:
                yield child


def _request_text(item: dict[str, Any]) -> str:
    """A request's name; an unnamed one is called by its method and literal path."""
    name = _named(item)
    if name:
        return name
    request = request_of(item)
    literal = [text for text, is_param in path_segments(request) if not is_param]
    return f"{request.get('method') or 'GET'} {' '.join(literal)}".strip()


def folder_text(item: dict[str, Any]) -> str:
    """A folder's name. One without a name is named after what it holds, never after its id
    (Postman makes a new id with every export): the resource its requests' common path
    leads to (`/v1/customers/...` -> `customers`), else its first request's name."""
    name = _named(item)
    if name:
        return name
    requests = list(requests_below(item))
    paths = [path_segments(request_of(request)) for request in requests]
    common: list[str] = []
    for column in zip(*paths, strict=False):
        if len(set(column)) != 1 or column[0][1]:
            break
        if not _VERSION_SEGMENT.fullmatch(column[0][0]):
            common.append(column[0][0])
    if paths and common:
        return common[-1]
    return _request_text(requests[0]) if requests else ""


def preferred_name(entry: Entry, overrides: NameOverrides) -> PyIdent:
    """The name a folder wants (sibling folders that want the same one are merged)."""
    fixed = overrides.resources.get(entry.key)
    if fixed is not None:
        return PyIdent(fixed)
    return member_candidates(folder_text(entry.item), fallback="folder").names[0]


def member_of(
    group: Sequence[Entry], overrides: NameOverrides, used: set[str]
) -> Member:
    """The clash-resolution view of a request, or of a group of merged folders."""
    first = group[0]
    if is_folder(first.item):
        for entry in group:
            fixed = overrides.resources.get(entry.key)
            if fixed is not None:
                used.add(f"resources:{entry.key}")
                return Member((PyIdent(fixed),), fixed=True)
        forms = member_candidates(folder_text(first.item), fallback="folder")
        return Member(forms.names, shortened=forms.shortened)
    request = request_of(first.item)
    method = str(request.get("method") or "GET").upper()
    path = path_segments(request)
    fixed = overrides.methods.get(first.key)
    if fixed is not None:
        used.add(f"methods:{first.key}")
        return Member((PyIdent(fixed),), method, path, fixed=True)
    forms = member_candidates(_request_text(first.item), fallback="request")
    return Member(forms.names, method, path, shortened=forms.shortened)


def _family(name: str) -> set[str]:
    # Every class a resource module defines for one resource.
    return {
        f"{prefix}{name}{suffix}"
        for prefix in ("", "Async")
        for suffix in ("", "WithRawResponse", "WithStreamingResponse")
    }


def resource_class(
    attr: PyIdent, parent: ClassName, module: PyIdent, taken: set[str]
) -> ClassName:
    """A resource's class: its attribute in PascalCase (`users` -> `Users`). Unique only where
    it is imported (its parent's module), so it never grows with the folder depth; a name the
    module already uses (a runtime import, the parent, a sibling) gets `Resource` after it.
    """
    if not taken:
        taken.update(RESERVED_CLASSES, _family(parent))
    own = class_name(attr, fallback="Folder")
    for wanted in (
        own,
        ClassName(f"{own}Resource"),
        class_name(module, fallback="Folder"),
    ):
        if not _family(wanted) & taken:
            taken.update(_family(wanted))
            return wanted
    counter = 2
    while _family(f"{own}Resource{counter}") & taken:
        counter += 1
    taken.update(_family(f"{own}Resource{counter}"))
    return ClassName(f"{own}Resource{counter}")


def warn_clashes(
    groups: list[list[Entry]], resolved: list[Resolved], diagnostics: Diagnostics
) -> None:
    """A warning for each name a clash or the runtime changed, naming both sources."""
    for group, result in zip(groups, resolved, strict=True):
        entry = group[0]
        label = repr(path_key(entry.names[-1:]) or entry.where)
        if result.rule == "reserved":
            diagnostics.warn(
                entry.where,
                f"{label} is a name the client uses itself: it is `{result.name}`",
                "naming",
            )
        elif result.rule in ("verb", "path", "number"):
            rivals = ", ".join(
                f"{groups[i][0].where} (`{resolved[i].name}`)" for i in result.rivals
            )
            if result.rival_count > len(result.rivals):
                rivals += f" and {result.rival_count - len(result.rivals)} more"
            diagnostics.warn(
                entry.where,
                f"{label} wants the name of {rivals}: told apart by the "
                f"{'HTTP verb' if result.rule == 'verb' else result.rule}, "
                f"it is `{result.name}`",
                "naming",
            )


def warn_unused(
    overrides: NameOverrides,
    used: set[str],
    errors: Iterable[ErrorCase],
    diagnostics: Diagnostics,
) -> None:
    """Overrides that matched nothing are mistakes the user wants to hear about."""
    tables = (
        ("resources", overrides.resources, "folder"),
        ("methods", overrides.methods, "request"),
        ("models", overrides.models, "request"),
    )
    keys = {f"{e.status} {e.code}" for e in errors} | {e.code for e in errors}
    unused = [
        (table, key, noun)
        for table, entries, noun in tables
        for key in entries
        if f"{table}:{key}" not in used
    ]
    unused += [("errors", key, "documented error code") for key in overrides.errors]
    for table, key, noun in unused:
        if table != "errors" or key not in keys:
            diagnostics.warn(
                f"{overrides.source}: names.{table}",
                f"{key!r} matches no {noun}",
                "naming",
            )
