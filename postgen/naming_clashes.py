"""Telling apart names that clash in one namespace (a resource's methods and sub-resources).

The rule is local and, but for its last step, independent of collection order, so reordering or
adding unrelated requests never renames a method. Siblings that want the same name are told
apart by what differs, in this order:

1. their own words: a name that dropped its articles or was shortened takes its fuller form
   when that tells it apart (`get_a_user` beside `get_user`);
2. the HTTP verb: `get_webinar` / `delete_webinar`;
3. the path: the segments after the part all of them share, a parameter read as `by_<name>`
   (`retrieves_feature` / `retrieves_feature_by_id`);
4. only when method and path are the same: a number in collection order (`close_window_2`).

Who keeps a contested name: an override first, then a folder (over a request), then the name
that needed fewer changes. A name the client uses itself gets a trailing `_` (`settings_`), as
keywords do, and a request named like its folder is named by its verb (`invoices.list()`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from postgen.naming import PyIdent, snake

__all__ = ["Member", "Resolved", "crud_verb", "resolve"]

_RIVALS_KEPT = 3
#: A request named like its resource: `GET /invoices` -> `invoices.list()`.
_CRUD = {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}


@dataclass(frozen=True, slots=True)
class Member:
    """One name wanted in a namespace.

    `candidates` are its textual forms, most preferred first (`naming_forms.member_candidates`);
    `method` is None for a folder; `path` holds `(text, is_parameter)` segments.
    """

    candidates: tuple[PyIdent, ...]
    method: str | None = None
    path: tuple[tuple[str, bool], ...] = ()
    fixed: bool = False
    #: The preferred candidate lost words to the length limit: a complete name beats it.
    shortened: bool = False


@dataclass(frozen=True, slots=True)
class Resolved:
    """The name a member got, the last rule that changed it, and whom it was told apart from."""

    name: PyIdent
    rule: str = ""
    #: A few of the members it was told apart from (the first ones), and how many in all.
    rivals: tuple[int, ...] = ()
    rival_count: int = 0


@dataclass(slots=True)
class _State:
    name: str
    level: int = 0
    step: int = 0  # 0 words, 1 verb tried, 2 path tried, 3 numbered
    changes: int = 0
    rule: str = ""
    rivals: set[int] = field(default_factory=set)
    rival_count: int = 0

    def note(self, index: int, group: Sequence[int]) -> None:
        # A few rivals name the clash in a warning; thousands of them would only slow it.
        self.rival_count = max(self.rival_count, len(group) - 1)
        for rival in group:
            if len(self.rivals) >= _RIVALS_KEPT:
                break
            if rival != index:
                self.rivals.add(rival)


def crud_verb(method: str, path: Sequence[tuple[str, bool]]) -> PyIdent:
    """`list` for GET on a collection, `get` on an item, `create`, `update`, `delete`."""
    method = method.upper()
    if method == "GET":
        return PyIdent("get" if path and path[-1][1] else "list")
    return snake(_CRUD.get(method, method.lower()), fallback="call")


def _verbed(name: str, method: str) -> str:
    verb = str(snake(method.lower(), fallback="call"))
    return name if name == verb or name.startswith(f"{verb}_") else f"{verb}_{name}"


def _path_suffixes(paths: Sequence[Sequence[tuple[str, bool]]]) -> list[str]:
    """What tells paths apart: the segments after the part they all share, as few as make
    them distinct (`{id}` -> `by_id`); "" for a path that has nothing after it."""
    shared = 0
    while all(len(p) > shared for p in paths) and len({p[shared] for p in paths}) == 1:
        shared += 1
    rests = [p[shared:] for p in paths]
    longest = max((len(r) for r in rests), default=0)
    count = next(
        (n for n in range(1, longest + 1) if len({r[:n] for r in rests}) == len(rests)),
        longest,
    )
    suffixes = []
    for rest in rests:
        words = [
            (
                f"by_{snake(text, fallback='param')}"
                if is_param
                else str(snake(text, fallback=""))
            )
            for text, is_param in rest[:count]
        ]
        suffixes.append("_".join(word for word in words if word))
    return suffixes


class _Resolver:
    def __init__(self, members: Sequence[Member], reserved: Collection[str]) -> None:
        self.members = members
        self.reserved = reserved
        self.states = [_State(str(m.candidates[0])) for m in members]

    def rank(self, index: int) -> tuple[int, int, bool]:
        member = self.members[index]
        kind = 0 if member.fixed else 1 if member.method is None else 2
        state = self.states[index]
        return kind, state.changes, member.shortened and state.level == 0

    def rename(self, index: int, name: str, rule: str, rivals: Sequence[int]) -> None:
        state = self.states[index]
        if name != state.name:
            state.name, state.rule = name, rule
            state.changes += 1
        state.note(index, rivals)

    def by_words(self, group: list[int], contested: str, kept: bool) -> list[int]:
        """Step 1; returns the members it could not tell apart."""
        counts: dict[int, Counter[str]] = {}

        def taken(level: int) -> Counter[str]:
            # Each member's form at `level` (its fullest one if it has fewer), counted.
            if level not in counts:
                counts[level] = Counter(
                    str(
                        self.members[o].candidates[
                            min(level, len(self.members[o].candidates) - 1)
                        ]
                    )
                    for o in group
                )
            return counts[level]

        rest = []
        for index in group:
            member, state = self.members[index], self.states[index]
            if state.step:  # a verb or path is in the name now: its words were tried
                rest.append(index)
                continue
            found = next(
                (
                    level
                    for level in range(state.level + 1, len(member.candidates))
                    if taken(level)[str(member.candidates[level])] == 1
                    and not (kept and member.candidates[level] == contested)
                ),
                None,
            )
            if found is None:
                rest.append(index)
            else:
                state.level = found
                self.rename(index, str(member.candidates[found]), "words", group)
        return rest

    def separate(self, group: list[int]) -> None:
        """Apply the next step to the members of `group`, which share one name."""
        contested = self.states[group[0]].name
        best = min(self.rank(i) for i in group)
        keepers = [i for i in group if self.rank(i) == best]
        movers = [i for i in group if i not in keepers] if len(keepers) == 1 else group
        movers = [i for i in movers if not self.members[i].fixed] or movers[1:]
        kept = len(keepers) == 1 or len(movers) < len(group)
        for index in movers:
            self.states[index].note(index, group)
        rest = self.by_words(movers, contested, kept)
        if not rest:
            return
        step = min(self.states[i].step for i in rest)
        rest = [i for i in rest if self.states[i].step == step]
        # Members that keep the name count as what the others must differ from.
        moving = set(movers)
        holders = [i for i in group if i not in moving]
        if step == 0:
            methods = Counter(self.members[i].method for i in rest + holders)
            for index in rest:
                self.states[index].step = 1
                method = self.members[index].method
                # The verb tells it apart if some other member has another one.
                if method is not None and methods[method] < sum(methods.values()):
                    self.rename(index, _verbed(contested, method), "verb", group)
        elif step == 1:
            compared = rest + [i for i in holders if self.members[i].path]
            suffixes = _path_suffixes([self.members[i].path for i in compared])
            for index, suffix in zip(rest, suffixes, strict=False):
                self.states[index].step = 2
                if suffix:
                    self.rename(index, f"{contested}_{suffix}", "path", group)
        else:
            self.number(rest if kept else rest[1:], contested, group)

    def number(self, indexes: list[int], contested: str, group: list[int]) -> None:
        taken = {s.name for s in self.states} | set(self.reserved)
        counter = 2
        for index in sorted(indexes):
            while f"{contested.rstrip('_')}_{counter}" in taken:
                counter += 1
            name = f"{contested.rstrip('_')}_{counter}"
            taken.add(name)
            self.states[index].step = 3
            self.rename(index, name, "number", group)

    def run(self, owner: str | None) -> list[Resolved]:
        for index, member in enumerate(self.members):
            state = self.states[index]
            if member.method is not None and owner is not None and state.name == owner:
                self.rename(index, crud_verb(member.method, member.path), "stutter", ())
        for _ in range(8 * len(self.members) + 8):
            for index, state in enumerate(self.states):
                while state.name in self.reserved and not self.members[index].fixed:
                    self.rename(index, state.name + "_", "reserved", ())
            groups: dict[str, list[int]] = defaultdict(list)
            for index, state in enumerate(self.states):
                groups[state.name].append(index)
            clashes = [group for group in groups.values() if len(group) > 1]
            if not clashes:
                break
            for group in clashes:
                self.separate(group)
        seen: set[str] = set(self.reserved)
        for index, state in enumerate(
            self.states
        ):  # only if the steps above did not settle
            if state.name in seen:
                self.number([index], state.name, [index])
            seen.add(state.name)
        return [
            Resolved(PyIdent(s.name), s.rule, tuple(sorted(s.rivals)), s.rival_count)
            for s in self.states
        ]


def resolve(
    members: Sequence[Member], reserved: Collection[str] = (), owner: str | None = None
) -> list[Resolved]:
    """Unique names for `members`, in their order. `reserved`: names the client uses itself;
    `owner`: the attribute of the resource that holds them (its stutter is resolved)."""
    return _Resolver(members, reserved).run(owner)
