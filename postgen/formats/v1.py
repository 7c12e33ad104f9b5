"""Convert a legacy v1 collection (flat `requests`, `folders` and order arrays) to v2.1 shape.

v1 keeps every request in one flat list and builds the tree from id lists: the collection's
`folders_order` and `order`, and each folder's `folders_order` and `order`. The rules follow the
transformer's `converter-v1-to-v21.js` (POSTMAN-FORMAT.md §13). Real v1 files often break their own
schema, so every wrong shape is reported and skipped; only a file without a `requests` list is
rejected. Field-level converters live in `v1_parts`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from postgen.diagnostics import CollectionError, Diagnostics
from postgen.formats.shared import SCHEMA_V21, Json
from postgen.formats.v1_parts import (
    convert_auth,
    convert_body,
    convert_events,
    convert_headers,
    convert_url,
    convert_variables,
)

__all__ = ["SCHEMA_V21", "convert_v1"]


def _id_list(
    owner: Json, field: str, where: str, diagnostics: Diagnostics
) -> list[str] | None:
    """An order array with duplicates removed; None when the field is absent or null."""
    raw = owner.get(field)
    if raw is None:
        return None
    if not isinstance(raw, list):
        diagnostics.warn(f"{where}{field}", "expected a list of ids; ignored", "format")
        return []
    # Non-string entries can name nothing, so they are skipped like unknown ids.
    ids = [entry for entry in raw if isinstance(entry, str)]
    unique = list(dict.fromkeys(ids))
    if len(unique) < len(ids):
        # postgen choice: the transformer dedupes only the root lists; a repeated id in a folder
        # is an export bug, not a second operation, so it is dropped everywhere.
        count = len(ids) - len(unique)
        diagnostics.warn(f"{where}{field}", f"{count} repeated id(s) ignored", "format")
    return unique


class _Converter:
    """One conversion: the request and folder indexes plus what has been emitted so far."""

    def __init__(self, document: Json, diagnostics: Diagnostics) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self.requests: dict[str, tuple[int, Json]] = {}
        self.folders: dict[str, list[tuple[int, Json]]] = {}
        self.emitted: set[str] = set()
        self._index_requests()
        self._index_folders()

    def warn(self, where: str, message: str) -> None:
        self.diagnostics.warn(where, message, "format")

    def _index_requests(self) -> None:
        for index, request in enumerate(self.document["requests"]):
            request_id = request.get("id") if isinstance(request, dict) else None
            if not isinstance(request_id, str):
                self.warn(
                    f"requests[{index}]", "request without a string `id`; dropped"
                )
                continue
            if request_id in self.requests:
                # Like the transformer's keyBy: the last request with an id wins.
                self.warn(f"requests[{index}]", f"duplicate request id {request_id!r}")
            self.requests[request_id] = (index, request)

    def _index_folders(self) -> None:
        folders = self.document.get("folders")
        if folders is not None and not isinstance(folders, list):
            self.warn("folders", "expected a list of folders; ignored")
            folders = []
        for index, folder in enumerate(folders or []):
            folder_id = folder.get("id") if isinstance(folder, dict) else None
            if not isinstance(folder_id, str):
                self.warn(f"folders[{index}]", "folder without a string `id`; dropped")
                continue
            if folder_id in self.folders:
                # The transformer merges folders that share an id: the last one names the folder,
                # all of them contribute subfolders and requests.
                self.warn(
                    f"folders[{index}]", f"duplicate folder id {folder_id!r}; merged"
                )
            self.folders.setdefault(folder_id, []).append((index, folder))

    def root_items(self) -> list[Json]:
        """Top folders (`folders_order`, else `folders` order), then root requests (`order`)."""
        top_ids = _id_list(self.document, "folders_order", "", self.diagnostics)
        if top_ids is None:
            top_ids = list(self.folders)
        nested = self._subfolder_ids()
        items: list[Json] = []
        placed: set[str] = set()
        for folder_id in top_ids:
            # A folder some other folder lists as a subfolder is placed there, not at the top.
            if folder_id in self.folders and folder_id not in nested:
                items.append(self._folder(folder_id, (folder_id,), placed))
        unplaced = len(set(self.folders) - placed)
        if unplaced:
            self.warn(
                "folders", f"{unplaced} folder(s) referenced by no order list; dropped"
            )
        for request_id in _id_list(self.document, "order", "", self.diagnostics) or []:
            if request_id in self.requests:
                items.append(self._item(request_id))
        dropped = len(set(self.requests) - self.emitted)
        if dropped and not self.emitted and not self.folders:
            # Postman would show nothing, but an export whose order lists are all empty (HERE's
            # routing collection) clearly means "every request": keep them, in `requests` order.
            self.warn(
                "order",
                f"no order list references any request: all {dropped} kept at the root",
            )
            items.extend(self._item(request_id) for request_id in list(self.requests))
        elif dropped:
            self.warn(
                "requests", f"{dropped} request(s) referenced by no order list; dropped"
            )
        return items

    def _subfolder_ids(self) -> set[str]:
        # Checked silently: `_folder` reports problems in these lists when it walks them.
        quiet = Diagnostics()
        return {
            child
            for definitions in self.folders.values()
            for _, folder in definitions
            for child in _id_list(folder, "folders_order", "", quiet) or []
        }

    def _folder(self, folder_id: str, path: tuple[str, ...], placed: set[str]) -> Json:
        definitions = self.folders[folder_id]
        index, last = definitions[-1]
        where = f"folders[{index}]"
        placed.add(folder_id)
        name = last.get("name")
        folder: Json = {
            "name": name if isinstance(name, str) else "",
            "description": last.get("description") or None,
            "item": [],
        }
        auth = convert_auth(last, where, self.diagnostics)
        if auth is not None:
            folder["auth"] = auth
        events = convert_events(last, where, self.diagnostics)
        if events:
            folder["event"] = events
        for index, definition in definitions:
            where = f"folders[{index}]."
            for child in (
                _id_list(definition, "folders_order", where, self.diagnostics) or []
            ):
                if child in path:
                    self.warn(
                        f"{where}folders_order", f"folder {child!r} contains itself"
                    )
                elif child in self.folders:
                    folder["item"].append(self._folder(child, (*path, child), placed))
            for request_id in (
                _id_list(definition, "order", where, self.diagnostics) or []
            ):
                if request_id in self.requests:
                    folder["item"].append(self._item(request_id))
        return folder

    def _item(self, request_id: str) -> Json:
        self.emitted.add(request_id)
        index, source = self.requests[request_id]
        where = f"requests[{index}]"
        name = source.get("name")
        if name is not None and not isinstance(name, str):
            self.warn(f"{where}.name", "not a string; converted")
        item: Json = {
            "name": "" if name is None else str(name),
            "request": self.request(source, where),
            "response": self._responses(source, where),
            "event": convert_events(source, where, self.diagnostics),
        }
        behavior = source.get("protocolProfileBehavior")
        if isinstance(behavior, dict):
            item["protocolProfileBehavior"] = behavior
        return item

    def request(
        self, source: Json, where: str, diagnostics: Diagnostics | None = None
    ) -> Json:
        """One v1 request (or a response's saved request) as a v2.1 `request` object."""
        diagnostics = self.diagnostics if diagnostics is None else diagnostics
        method = source.get("method")
        if method is not None and not isinstance(method, str):
            diagnostics.warn(f"{where}.method", "not a string; GET used", "format")
        request: Json = {
            "method": method.upper() if isinstance(method, str) and method else "GET",
            "url": convert_url(source, where, diagnostics),
            "header": convert_headers(source, where, diagnostics),
        }
        body = convert_body(source, where, diagnostics)
        if body is not None:
            request["body"] = body
        auth = convert_auth(source, where, diagnostics)
        if auth is not None:
            request["auth"] = auth
        request["description"] = source.get("description") or None
        return request

    def _responses(self, source: Json, where: str) -> list[Json]:
        raw = source.get("responses")
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.warn(f"{where}.responses", "expected a list; ignored")
            return []
        indexed = [(i, r) for i, r in enumerate(raw) if isinstance(r, dict)]
        if len(indexed) < len(raw):
            self.warn(f"{where}.responses", "entries that are not objects were skipped")
        order = _id_list(source, "responses_order", f"{where}.", self.diagnostics)
        if order:
            by_id = {
                r.get("id"): (i, r) for i, r in indexed if isinstance(r.get("id"), str)
            }
            ordered = [
                by_id[response_id] for response_id in order if response_id in by_id
            ]
            if len(ordered) < len(indexed):
                missing = len(indexed) - len(ordered)
                self.warn(
                    f"{where}.responses_order",
                    f"{missing} response(s) not listed; dropped",
                )
            indexed = ordered
        return [self._response(r, f"{where}.responses[{i}]") for i, r in indexed]

    def _response(self, source: Json, where: str) -> Json:
        status = source.get("responseCode")
        # Hand-made files sometimes put v2's `code`/`status` on the v1 response itself.
        status = status if isinstance(status, dict) else {}
        code = status.get("code", source.get("code"))
        name = status.get("name") or source.get("status")
        response: Json = {"name": source.get("name") or "response"}
        if isinstance(code, int) and not isinstance(code, bool):
            response["code"] = code
        elif isinstance(code, str) and code.strip().isdigit():
            response["code"] = int(code)
        if isinstance(name, str) and name:
            response["status"] = name
        headers = source.get("headers")
        if headers is not None and not isinstance(headers, list | str):
            self.warn(f"{where}.headers", "expected a list or string; ignored")
            headers = None
        response["header"] = headers or []
        text = source.get("text")
        if text is not None and not isinstance(text, str):
            # A body that some exporter stored as parsed JSON is still a usable example.
            self.warn(f"{where}.text", "not a string; serialized as JSON")
            text = json.dumps(text)
        response["body"] = text
        response["_postman_previewlanguage"] = source.get("language")
        if source.get("time") is not None:
            response["responseTime"] = source.get("time")
        original = self._saved_request(source, where)
        if original is not None:
            response["originalRequest"] = original
        return response

    def _saved_request(self, source: Json, where: str) -> Json | str | None:
        """`requestObject`, else `request`: an object, a JSON string, or a request id."""
        for field in ("requestObject", "request"):
            saved = source.get(field)
            if isinstance(saved, str) and saved:
                try:
                    # Old apps double-encode: the JSON may hold an object or a quoted id.
                    saved = json.loads(saved)
                except ValueError:
                    pass
            if isinstance(saved, dict):
                return self.request(saved, f"{where}.{field}")
            if isinstance(saved, str) and saved in self.requests:
                index, found = self.requests[saved]
                # That request reports its own problems where it is converted in the tree.
                return self.request(found, f"requests[{index}]", Diagnostics())
            if isinstance(saved, str) and ("/" in saved or "{{" in saved):
                # Not an id of this collection but a URL: v2 allows a bare URL string here.
                return saved
            if saved is not None and not isinstance(saved, str):
                self.warn(
                    f"{where}.{field}", "saved request is not an object or id; ignored"
                )
        # An id of a request deleted long ago is normal in old exports: no example request then.
        return None


def convert_v1(document: dict[str, Any], diagnostics: Diagnostics) -> dict[str, Any]:
    """Convert a legacy v1 collection (flat `requests` + `folders` + `order` arrays) into a
    v2.1-shaped dict.

    Folders come first (`folders_order`, else `folders` order), then root requests from `order`;
    requests that no order list references are dropped with one warning. Problems are reported to
    `diagnostics`; `CollectionError` is raised only when there is no `requests` list.
    """
    if not isinstance(document.get("requests"), list):
        raise CollectionError("requests", "v1 collection without a `requests` list")
    # The conversion copies values (scripts, headers, examples) into the result: work on a copy so
    # that the result never aliases the caller's document.
    document = copy.deepcopy(document)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        diagnostics.warn(
            "name", "missing or not a string: no collection name", "format"
        )
        name = ""
    converter = _Converter(document, diagnostics)
    return {
        "info": {
            "name": name,
            "description": document.get("description") or None,
            "schema": SCHEMA_V21,
        },
        "item": converter.root_items(),
        "variable": convert_variables(document, "", diagnostics),
        "auth": convert_auth(document, "", diagnostics, drop_noauth=True),
        "event": convert_events(document, "", diagnostics),
    }
