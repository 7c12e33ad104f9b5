"""Make the copy of a collection that both runtimes are run on.

The copy is the v2.1-shaped document `postgen.load` produces (v1 files converted), with:
- every origin pointed at the recorder (`origins.py`);
- every script (`event`) removed: postgen does not run them, so newman must not either;
- a marker header `X-Conformance-Id: <n>` on request item n, so a recording is matched to its item
  (the comparator drops it);
- file sources (formdata `src`, file bodies) pointed at one small upload file both can read;
- a value for every variable the requests use but neither the collection nor the environment
  defines, and for every credential left empty (a variable an auth block reads, or with a
  secret-looking name): a user would give one, and both runtimes then get the same
  (`dummy-<name>`, or `1` where the token stands unquoted in a JSON body). Dynamic `{{$…}}`
  names are left to each runtime.
"""

from __future__ import annotations

import copy as copying
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postgen.diagnostics import Diagnostics
from postgen.load import load_collection, read_json
from postgen.parse.variables import is_secret_name
from tests.conformance.origins import plan_origins, rewrite_url
from tests.conformance.postman import (
    TOKEN,
    RequestItem,
    as_list,
    resolve,
    variables_of,
    walk_requests,
)

__all__ = ["MARKER", "UPLOAD_BYTES", "Copy", "make_copy"]

MARKER = "X-Conformance-Id"
UPLOAD_BYTES = b"conformance upload\n"
_DUMMY_ROUNDS = 5


@dataclass(slots=True)
class Copy:
    """The rewritten collection (and environment), with its request items numbered from 1."""

    collection: dict[str, Any]
    environment: dict[str, Any] | None
    items: dict[int, RequestItem]
    upload: Path
    notes: dict[int, list[str]] = field(default_factory=dict)
    dummies: dict[str, str] = field(default_factory=dict)

    def environment_values(self) -> dict[str, str]:
        """The environment's enabled values."""
        values: dict[str, str] = {}
        entries = (self.environment or {}).get("values")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("enabled", True) is not False:
                key = entry.get("key")
                if isinstance(key, str) and key:
                    value = entry.get("value")
                    values[key] = "" if value is None else str(value)
        return values

    def variables(self, *, ids: bool = False) -> dict[str, str]:
        """Every variable as newman resolves it: environment over collection (`ids`: also
        old `id`-named collection variables, which newman ignores)."""
        return variables_of(self.collection, self.environment_values(), ids=ids)

    def write(self, folder: Path) -> tuple[Path, Path | None]:
        """Write the copy (and its environment) as JSON files; return their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        collection = folder / "collection.postman_collection.json"
        collection.write_text(json.dumps(self.collection, ensure_ascii=False), "utf-8")
        if self.environment is None:
            return collection, None
        environment = folder / "environment.postman_environment.json"
        environment.write_text(
            json.dumps(self.environment, ensure_ascii=False), "utf-8"
        )
        return collection, environment


def _strip_events(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("event", None)
        for child in node.get("item") or []:
            _strip_events(child)


def _request_of(item: dict[str, Any]) -> dict[str, Any]:
    """The item's request as an object (a bare string is a GET), stored back into the item."""
    request = item.get("request")
    if isinstance(request, str):
        request = {"method": "GET", "url": request}
    elif not isinstance(request, dict):
        request = {"method": "GET", "url": ""}
    item["request"] = request
    return request


def _add_marker(request: dict[str, Any], number: int) -> None:
    headers = request.get("header")
    if isinstance(headers, str):
        request["header"] = f"{headers.rstrip()}\n{MARKER}: {number}\n".lstrip()
    else:
        kept = headers if isinstance(headers, list) else []
        request["header"] = [*kept, {"key": MARKER, "value": str(number)}]


def _point_files(request: dict[str, Any], upload: Path) -> None:
    body = request.get("body")
    if not isinstance(body, dict):
        return
    for entry in as_list(body.get("formdata")):
        if isinstance(entry, dict) and entry.get("type") == "file" and entry.get("src"):
            src = entry["src"]
            entry["src"] = (
                [str(upload)] * len(src) if isinstance(src, list) else str(upload)
            )
    file_block = body.get("file")
    if isinstance(file_block, dict) and file_block.get("src"):
        file_block["src"] = str(upload)


def _set_variable(
    document: dict[str, Any], environment: Any, name: str, value: str
) -> None:
    """Give a variable its new value wherever it is defined (or define it in the collection)."""
    found = False
    if isinstance(environment, dict):
        for entry in environment.get("values") or []:
            if isinstance(entry, dict) and entry.get("key") == name:
                entry["value"], entry["enabled"], found = value, True, True
    variables = document.setdefault("variable", [])
    if not isinstance(variables, list):
        variables = document["variable"] = []
    for entry in variables:
        if isinstance(entry, dict) and (entry.get("key") or entry.get("id")) == name:
            # An `id`-only entry gets its `key`: newman resolves nothing else (postman.py).
            entry["key"], entry["value"], found = name, value, True
            entry.pop("disabled", None)
    if not found:
        variables.append({"key": name, "value": value, "type": "string"})


def _auth_blocks(document: dict[str, Any], items: dict[int, RequestItem]) -> list[Any]:
    blocks = [document.get("auth")]
    for ref in items.values():
        blocks.extend(folder.get("auth") for folder in ref.folders)
    return blocks


def _raw_bodies(items: dict[int, RequestItem]) -> list[str]:
    bodies = []
    for ref in items.values():
        body = ref.item["request"].get("body")
        if isinstance(body, dict) and isinstance(body.get("raw"), str):
            bodies.append(body["raw"])
    return bodies


def _dummy_for(name: str, bodies: list[str]) -> str:
    """`{}` for a token that is a whole raw body, `1` for one that stands unquoted in JSON (so
    the body stays JSON, as a real value would keep it), else `dummy-<name>`."""
    token = "{{" + name + "}}"
    unquoted = re.compile(r"[:\[,]\s*" + re.escape(token))
    if any(body.strip() == token for body in bodies):
        return "{}"
    if any(unquoted.search(body) for body in bodies):
        return "1"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "value"
    return f"dummy-{slug}"


def _id_only(document: dict[str, Any]) -> set[str]:
    """Variables an old file names by `id` alone: postgen reads them, newman does not; left so,
    the difference stays visible."""
    raw = document.get("variable")
    return {
        str(entry["id"])
        for entry in (raw if isinstance(raw, list) else [])
        if isinstance(entry, dict) and not entry.get("key") and entry.get("id")
    }


def _define_missing(copy: Copy) -> None:
    """Define every variable the requests (and auth blocks) use that has no value."""
    texts = json.dumps(
        [ref.item["request"] for ref in copy.items.values()]
        + _auth_blocks(copy.collection, copy.items),
        ensure_ascii=False,
    )
    bodies = _raw_bodies(copy.items)
    skipped = _id_only(copy.collection)
    credentials = set(
        TOKEN.findall(json.dumps(_auth_blocks(copy.collection, copy.items)))
    ) | {name for name in TOKEN.findall(texts) if is_secret_name(name)}
    for _ in range(_DUMMY_ROUNDS):
        values = copy.variables()
        empty = {name for name in credentials if not values.get(name)}
        missing = {
            name
            for name in {*TOKEN.findall(resolve(texts, values)), *empty}
            if (name not in values or name in empty)
            and not name.startswith("$")
            and name not in skipped
        }
        if not missing:
            return
        for name in sorted(missing):
            copy.dummies[name] = _dummy_for(name, bodies)
            _set_variable(copy.collection, copy.environment, name, copy.dummies[name])


def make_copy(
    collection: Path, environment: Path | None, recorder: str, upload: Path
) -> Copy:
    """The copy of `collection` (+ `environment`) aimed at the recorder at `recorder`."""
    document = copying.deepcopy(load_collection(collection, Diagnostics()))
    env = copying.deepcopy(read_json(environment)) if environment is not None else None
    upload.write_bytes(UPLOAD_BYTES)
    _strip_events(document)
    result = Copy(document, env, {}, upload)
    for number, ref in enumerate(walk_requests(document), start=1):
        result.items[number] = ref
        request = _request_of(ref.item)
        _add_marker(request, number)
        _point_files(request, upload)
    urls = [ref.item["request"].get("url") for ref in result.items.values()]
    plan = plan_origins(urls)
    netloc = recorder.partition("://")[2]
    moved = plan.new_values(result.variables(ids=True), recorder, netloc)
    for name, value in moved.items():
        _set_variable(document, env, name, value)
    for number, ref in result.items.items():
        request = ref.item["request"]
        request["url"], note = rewrite_url(request.get("url"), plan, recorder)
        if note:
            result.notes.setdefault(number, []).append(note)
    _define_missing(result)
    return result
