"""Run one collection through newman and through its generated client, and compare.

The steps: make the copy aimed at a fresh recorder (`rewrite.py`); run newman on it and keep what
the recorder saw; build the client from the same copy (and environment copy) with `postgen.build`,
import it, construct it as a user would (`settings.py`, `max_retries=0`), call every method with its
request's own values (`arguments.py`) plus the marker header, and compare the two recordings of each
item (`compare.py`). Every request item ends in one status; only `same` counts as sent as newman
sends it, and every other status carries the reason.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postgen import Config, build
from postgen.ir import Operation, Resource
from tests.conformance.arguments import call_arguments
from tests.conformance.compare import Difference, compare_recorded
from tests.conformance.newman import Newman, NewmanRun
from tests.conformance.normalize import normalize
from tests.conformance.postman import resolve
from tests.conformance.recorder import Recorded, Recorder, recording
from tests.conformance.rewrite import MARKER, Copy, make_copy
from tests.conformance.settings import client_settings, literal_values

__all__ = ["CollectionResult", "ItemResult", "run_collection"]

STATUSES = (
    "same",
    "different",
    "not sent by newman",
    "not sent by client",
    "no method",
)


@dataclass(slots=True)
class ItemResult:
    """The verdict on one request item."""

    number: int
    label: str
    where: str
    status: str = "same"
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Values the second call put where the request's path value was empty.
    stand_ins: list[str] = field(default_factory=list)


# The warning categories that can explain a difference in each part of a request (a warning
# about an error class or a name explains none). A part not listed: any category.
_EXPLAINS = {
    "method": {"scripts", "behavior"},
    "path": {"url", "variables", "behavior", "scripts", "secret"},
    "query": {"url", "variables", "secret", "auth", "scripts", "behavior"},
    "header": {"auth", "secret", "variables", "scripts", "behavior", "body"},
    "content-type": {"body", "scripts", "behavior"},
    "body": {"body", "variables", "secret", "scripts", "behavior"},
}
_NO_REQUEST_EFFECT = frozenset({"errors", "naming", "pagination"})


@dataclass(slots=True)
class CollectionResult:
    """The verdicts on one collection, and where the time went."""

    name: str
    items: list[ItemResult] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    #: Where the build warned (`item[3].request.auth`, `auth`, ...) of something that can
    #: change the request: the reasons on record.
    warned: list[tuple[str, str]] = field(default_factory=list)

    def unwarned(self) -> list[ItemResult]:
        """Requests the client sends differently with no build warning at the request, one
        of its folders, or the collection that can explain each differing part: every
        difference must have a reason on record.
        """
        return [
            item
            for item in self.items
            if item.status in ("different", "not sent by client")
            and not all(
                self._explained(item.where, part)
                for part in {d.part for d in item.differences} or {""}
            )
        ]

    def _explained(self, where: str, part: str) -> bool:
        fits = _EXPLAINS.get(part)
        return any(
            _covers(at, where)
            and category not in _NO_REQUEST_EFFECT
            and (fits is None or category in fits)
            for at, category in self.warned
        )

    @property
    def same(self) -> int:
        """Requests sent as newman sends them."""
        return sum(1 for item in self.items if item.status == "same")

    @property
    def total(self) -> int:
        """Request items in the collection."""
        return len(self.items)

    @property
    def summary(self) -> str:
        """`S/N requests sent as newman sends them`."""
        return f"{self.same}/{self.total} requests sent as newman sends them"


def _by_marker(seen: list[Recorded]) -> dict[str, list[Recorded]]:
    found: dict[str, list[Recorded]] = {}
    for request in seen:
        found.setdefault(request.header(MARKER) or "", []).append(request)
    return found


def _walk(
    resource: Resource, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Operation]]:
    for operation in resource.operations:
        yield path, operation
    for child in resource.resources:
        yield from _walk(child, (*path, str(child.attr_name)))


def _number_of(operation: Operation, by_where: dict[str, int]) -> int | None:
    """The item an operation came from: its marker header, else its JSON path."""
    for fixed in operation.headers:
        if fixed.wire_name.lower() == MARKER.lower():
            text = "".join(part.text for part in fixed.parts)
            if text.isdigit():
                return int(text)
    return by_where.get(operation.location.split(" (", 1)[0])


def _accepted(method: Any) -> dict[str, bool]:
    parameters = inspect.signature(method).parameters.values()
    return {
        p.name: p.default is inspect.Parameter.empty
        for p in parameters
        if p.kind
        in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    }


def _call(
    method: Any, kwargs: dict[str, Any], number: int, recorder: Recorder
) -> tuple[list[Recorded], str | None]:
    """Call once; return what the recorder got and the exception text, if any."""
    options = {"extra_headers": {MARKER: str(number)}, "max_retries": 0}
    try:
        method(**kwargs, **options)
        error = None
    except Exception as exc:  # every failure is a verdict on this request, not a crash
        error = f"{type(exc).__name__}: {str(exc)[:160]}"
    return recorder.take(), error


def _client_side(
    copy: Copy,
    root: Resource,
    client: Any,
    recorder: Recorder,
    result: dict[int, ItemResult],
) -> dict[int, list[Recorded]]:
    by_where = {ref.where: number for number, ref in copy.items.items()}
    variables = copy.variables()
    seen: dict[int, list[Recorded]] = {}
    for path, operation in _walk(root):
        number = _number_of(operation, by_where)
        if number is None or number not in result:
            continue
        item = result[number]
        target: Any = client
        for attr in path:
            target = getattr(target, attr)
        method = getattr(target, str(operation.py_name))
        request = copy.items[number].item["request"]
        call = call_arguments(
            operation, request, variables, copy.upload, _accepted(method)
        )
        item.notes += call.notes
        recorded, error = _call(method, call.kwargs, number, recorder)
        if (
            not recorded
            and call.empty_path
            and error
            and error.startswith("ValueError")
        ):
            item.notes.append(
                f"empty path value ({', '.join(call.empty_path)}): ValueError before sending, "
                "as intended; judged by a second call with a stand-in"
            )
            recorded, error = _call(
                method, {**call.kwargs, **call.empty_path}, number, recorder
            )
            item.stand_ins = list(call.empty_path.values())
        if error:
            item.notes.append(
                f"client raised {error}" + (" after sending" if recorded else "")
            )
        seen[number] = recorded
    return seen


_ITEM_PATH = re.compile(r"^(?:item\[\d+\](?:\.|$))*")


def _covers(warned: str, item: str) -> bool:
    """A warning at the item itself, at one of its folders, or at the collection."""
    prefix = _ITEM_PATH.match(warned.split(" (")[0])
    path = (prefix.group(0) if prefix else "").rstrip(".")
    return not path or item == path or item.startswith(path + ".")


def _excuse_stand_ins(item: ItemResult, newman: Recorded, client: Recorded) -> None:
    """An empty path value is judged by the rest of the request: a path that differs only
    where the stand-in went (a whole segment, or inside one: `compare/{base}...{head}`,
    `users('{id}')`) is not a difference. newman may also drop the empty segment."""
    left = "/".join(normalize(newman, MARKER).path)
    right = "/".join(normalize(client, MARKER).path)
    for stand_in in sorted(set(item.stand_ins), key=len, reverse=True):
        # `:name` stand-ins are what newman itself sends for an empty path variable.
        left, right = left.replace(stand_in, ""), right.replace(stand_in, "")
    if re.sub("/+", "/", left) == re.sub("/+", "/", right):
        item.differences = [d for d in item.differences if d.part != "path"]
        item.notes.append("the path differs only where the empty value stood")


_UUID = re.compile(r"'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'")


def _excuse_idempotency_key(item: ItemResult, header: str | None) -> None:
    """A fresh UUID in the API's idempotency header on a request the collection sends without
    one is the client's own choice, as `Postman-Token` is newman's: it lets the server tell a
    retry from a new call (issue 11). Any other value of that header is still compared.
    """
    if header is None:
        return
    kept = [
        d
        for d in item.differences
        if not (
            d.part == "header"
            and d.kind == "extra"
            and d.name.lower() == header.lower()
            and (_UUID.fullmatch(d.client.strip("[]")) or d.client == "['<uuid>']")
        )
    ]
    if len(kept) < len(item.differences):
        item.differences = kept
        item.notes.append("the client added its idempotency key (its own choice)")


def _judge(
    item: ItemResult,
    newman: list[Recorded],
    client: list[Recorded] | None,
    dynamic: bool,
    idempotency_header: str | None = None,
) -> None:
    if client is None:
        item.status = "no method"
        item.notes.append("postgen generated no method for this request")
    elif not newman:
        item.status = "not sent by newman"
    elif not client:
        item.status = "not sent by client"
    else:
        if len(newman) > 1 or len(client) > 1:
            item.notes.append(
                f"requests recorded: newman {len(newman)}, client {len(client)}"
            )
        item.differences = compare_recorded(
            newman[0], client[0], MARKER, dynamic=dynamic
        )
        if item.stand_ins:
            _excuse_stand_ins(item, newman[0], client[0])
        _excuse_idempotency_key(item, idempotency_header)
        item.status = "different" if item.differences else "same"


def _uses_dynamic(request: dict[str, Any], variables: dict[str, str]) -> bool:
    """Whether `{{$…}}` values reach the request, directly or through a variable's value."""
    return "{{$" in resolve(json.dumps(request), variables, dynamic=False)


def _import_client(out: Path, package: str) -> Any:
    for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
        del sys.modules[name]
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
        del sys.modules[name]


def run_collection(
    collection: Path, environment: Path | None, newman: Newman, workdir: Path
) -> CollectionResult:
    """Every request of one collection, sent by newman and by the generated client, compared."""
    outcome = CollectionResult(collection.name)
    began = time.perf_counter()
    workdir.mkdir(parents=True, exist_ok=True)
    with recording() as recorder:
        started = time.perf_counter()
        copy = make_copy(
            collection, environment, recorder.origin, workdir / "conformance-upload.txt"
        )
        copy_path, env_path = copy.write(workdir / "copy")
        result = {
            number: ItemResult(
                number, ref.label, ref.where, notes=list(copy.notes.get(number, []))
            )
            for number, ref in copy.items.items()
        }
        outcome.items = list(result.values())
        # newman sends while postgen builds: the two only share the (finished) copy files.
        running = newman.start(copy_path, env_path, workdir, MARKER)
        try:
            report = build(copy_path, workdir / "client", Config(environment=env_path))
            outcome.warned = [(d.where, d.category) for d in report.diagnostics]
        except Exception as exc:  # a build failure is this collection's verdict
            outcome.error = f"build failed: {type(exc).__name__}: {exc}"
            report = None
        outcome.seconds["build"] = time.perf_counter() - started
        ran: NewmanRun = running.wait()
        newman_seen = _by_marker(recorder.take())
        outcome.seconds["newman"] = time.perf_counter() - started
        for number, message in ran.errors.items():
            if number.isdigit() and int(number) in result:
                result[int(number)].notes.append(f"newman: {message}")
        if report is None:
            for item in outcome.items:
                item.status = "no method"
                item.notes.append(str(outcome.error))
            return outcome
        started = time.perf_counter()
        package = str(report.api.package)
        module = _import_client(workdir / "client", package)
        settings = client_settings(
            report.api,
            copy.variables(),
            literal_values(copy.collection, copy.items),
            recorder.origin,
        )
        client = module.Client(**settings.kwargs, max_retries=0, timeout=10)
        try:
            client_seen = _client_side(copy, report.api.root, client, recorder, result)
        finally:
            client.close()
            _forget(package)
        outcome.seconds["client"] = time.perf_counter() - started
    outcome.notes += settings.notes
    variables = copy.variables()
    for key, item in result.items():
        dynamic = _uses_dynamic(copy.items[key].item["request"], variables)
        _judge(
            item,
            newman_seen.get(str(key), []),
            client_seen.get(key),
            dynamic,
            report.api.idempotency_header if report is not None else None,
        )
    outcome.seconds["total"] = time.perf_counter() - began
    return outcome
