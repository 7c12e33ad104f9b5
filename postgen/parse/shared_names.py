"""Names for shapes that several requests share (`models/shared.py`), from where they occur.

A shared shape is named after the field it sits in (`Owner`), then after the field and the object
that holds it (`RepositoryOwner`; under a response or body root, the request's prefix:
`GetRepositoryOwner`), then one holder further up, then after its module and local name. A shape that occurs only as a
whole response or body takes the alphabetically first of its requests' names (`CreateUserBody`).
When several shapes want one name, the one whose own root name it is keeps it, else the one that
occurs most often; the others (all of them, on a tie) take their next form, so which came first
never matters. Shapes that still clash are numbered in the order of their content.

So a shape keeps its name when an example changes (no content hash), when requests are reordered,
and when unrelated requests come and go; only a new shape that wants the same name, or a change
in where the shape itself occurs, can move it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from postgen.naming import ClassName, class_name
from postgen.parse.infer import LABEL

__all__ = ["shared_names"]

_REF = "#/$defs/"
# Module-level names of a models module: a shared class must not take them.
_RESERVED = frozenset(
    {
        "Annotated", "Any", "AnyUrl", "AwareDatetime", "BaseModel", "ConfigDict", "Enum",
        "Field", "Literal", "Optional", "RootModel", "Union", "UUID", "Decimal",
    }
)  # fmt: skip


def _direct_refs(schema: Any) -> Iterator[str]:
    """The `$ref` targets of a schema's own properties, items and variants."""
    if not isinstance(schema, dict):
        return
    if isinstance(schema.get("$ref"), str):
        yield schema["$ref"].removeprefix(_REF)
        return
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            for sub in value.values():
                yield from _direct_refs(sub)
        elif key in ("items", "additionalProperties"):
            yield from _direct_refs(value)
        elif key in ("anyOf", "allOf") and isinstance(value, list):
            for sub in value:
                yield from _direct_refs(sub)


def _most_common(values: list[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value))


class _Occurrences:
    def __init__(self, qualified: Mapping[str, tuple[str, dict[str, Any]]]) -> None:
        self.qualified = qualified
        self.parents: dict[str, list[str]] = defaultdict(list)
        for qname, (module, schema) in qualified.items():
            for ref in _direct_refs(schema):
                self.parents[f"{module}.{ref}"].append(qname)

    def local(self, qname: str) -> str:
        return qname.split(".", 1)[1]

    def label(self, qname: str) -> str:
        return str(self.qualified[qname][1].get(LABEL) or "")

    def context(self, qname: str, parent: str) -> str:
        """The holder's name plus this field: `RepositoryOwner`, or under a root, the
        request's prefix (the root's name without `Response`/`Body`): `GetRepositoryOwner`.
        """
        if self.parents.get(parent):
            holder = self.label(parent)
        else:
            holder = self.local(parent)
            for suffix in ("Response", "Body", "ErrorBody"):
                if holder.endswith(suffix) and len(holder) > len(suffix):
                    holder = holder.removesuffix(suffix)
                    break
        return f"{holder}{self.label(qname)}"

    def deeper(self, qname: str, parent: str) -> str:
        """One holder further up: `GetRepositoryRepositoryOwner`, or under a root, the
        root's own name: `PreAuthUserResponseResponse`."""
        grandparents = self.parents.get(parent)
        if not grandparents:
            return f"{self.local(parent)}{self.label(qname)}"
        return f"{self.context(parent, min(grandparents))}{self.label(qname)}"

    def candidates(self, occurrences: list[str]) -> tuple[str, ...]:
        """The forms of a shared shape's name, most preferred first."""
        nested = [q for q in occurrences if self.parents.get(q)]
        qualified = min(
            f"{class_name(self.qualified[q][0])}{self.local(q)}" for q in occurrences
        )
        if not nested:
            return tuple(
                dict.fromkeys((min(self.local(q) for q in occurrences), qualified))
            )
        pairs = [(q, parent) for q in nested for parent in self.parents[q]]
        forms = (
            _most_common([self.label(q) for q in nested]),
            _most_common([self.context(q, parent) for q, parent in pairs]),
            _most_common([self.deeper(q, parent) for q, parent in pairs]),
            qualified,
        )
        return tuple(dict.fromkeys(forms))


def shared_names(
    qualified: Mapping[str, tuple[str, dict[str, Any]]],
    signatures: Mapping[str, str],
    shared: set[str],
) -> dict[str, str]:
    """Signature of every shared shape -> its class name in `models/shared.py`.

    `qualified`: every model (`module.Name` -> module, schema with labels); `signatures`: each
    model's content identity; `shared`: the signatures that occur in two or more requests.
    """
    occurrences: dict[str, list[str]] = defaultdict(list)
    for qname, digest in signatures.items():
        if digest in shared and qname in qualified:
            occurrences[digest].append(qname)
    finder = _Occurrences(qualified)
    forms = {d: finder.candidates(sorted(q)) for d, q in sorted(occurrences.items())}
    # A shape that occurs as a request's own root (`CreateUserBody`) owns that name.
    own = {d: {finder.local(q) for q in qs} for d, qs in occurrences.items()}
    level = dict.fromkeys(forms, 0)
    names = {d: forms[d][0] for d in forms}
    for _ in range(3 * len(forms) + 3):
        groups: dict[str, list[str]] = defaultdict(list)
        for digest, name in names.items():
            groups[name].append(digest)
        clashing = [
            group
            for name, group in groups.items()
            if len(group) > 1 or name in _RESERVED
        ]
        if not clashing:
            break
        for group in clashing:
            owners = [d for d in group if names[d] in own[d]]
            if len(owners) == 1 and len(group) > 1:
                group = [d for d in group if d != owners[0]]
            elif (
                len(group) > 1
            ):  # the shape that occurs most often keeps it (ties: none)
                most = max(len(occurrences[d]) for d in group)
                leaders = [d for d in group if len(occurrences[d]) == most]
                if len(leaders) == 1:
                    group = [d for d in group if d != leaders[0]]
            movable = [d for d in group if level[d] < len(forms[d]) - 1]
            if (
                not movable
            ):  # every form taken: number them in the order of their content
                for index, digest in enumerate(sorted(group)[1:], start=2):
                    names[digest] = ClassName(f"{names[digest]}{index}")
                continue
            for digest in movable:
                level[digest] += 1
                names[digest] = forms[digest][level[digest]]
    seen: set[str] = set(_RESERVED)
    for digest in sorted(names):  # a last guard: unique whatever the steps above did
        name, counter = names[digest], 2
        while name in seen:
            name = f"{names[digest]}{counter}"
            counter += 1
        names[digest] = name
        seen.add(name)
    return names
