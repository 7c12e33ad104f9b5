"""Replay a collection's saved success examples through its generated client's parser.

`Client(strict=True)` must accept every saved example of its own collection, and in the default
(lenient) mode the value a method returns must fit the method's declared return type. Each
example is parsed the way the method parses a response: the runtime's `_parse_success` with the
method's return annotation, and the example's content type.
"""

from __future__ import annotations

import importlib
import json
import os
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from postgen.ir import Api, Operation
from postgen.parse.examples import read_examples

__all__ = ["replay_problems"]


def _requests(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    items = node.get("item") if isinstance(node, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            path = f"{where}item[{index}]"
            if isinstance(item.get("item"), list):
                yield from _requests(item, f"{path}.")
            else:
                yield path, item


def _method(package: str, api: Api, op: Operation) -> Any:
    for resource in api.root.walk():
        if op in resource.operations:
            name = "_client" if resource is api.root else f"resources.{resource.module}"
            module = importlib.import_module(f"{package}.{name}")
            return getattr(getattr(module, str(resource.class_name)), op.py_name)
    raise KeyError(op.py_name)


def _fits(value: Any, annotation: Any) -> bool:
    if annotation is Any:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return any(_fits(value, arg) for arg in typing.get_args(annotation))
    if origin in (list, Sequence):
        return isinstance(value, list)
    if origin in (dict, Mapping):
        return isinstance(value, dict)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return not isinstance(annotation, type) or isinstance(value, annotation)


def page_items(
    package: str, body: Any, path: tuple[str, ...] | None
) -> list[Any] | None:
    """The item list of a saved page as the runtime finds it, or None."""
    if path is None:
        pagination = importlib.import_module(f"{package}._runtime._pagination")
        found = pagination._find_items(body)
    else:
        found = body
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None
    return found if isinstance(found, list) else None


def replay_problems(api: Api, package: str, document: Any) -> list[str]:
    """Saved success examples the strict parser rejects, or whose lenient value does not fit
    the declared return type (the package must be importable)."""
    parse = importlib.import_module(f"{package}._runtime._response")._parse_success
    items = dict(_requests(document))
    problems: list[str] = []
    for op in api.operations:
        where = op.location.split(" ", 1)[0]
        hints = typing.get_type_hints(_method(package, api, op), localns={"os": os})
        annotation = hints["return"]
        if op.page is not None:
            # A page: its items are what the method types (`SyncPage[Item]`).
            annotation = list[typing.get_args(annotation)[0]]  # type: ignore[misc]
        for example in read_examples(items.get(where, {}), where):
            if example.status is not None and not 200 <= example.status < 300:
                continue
            if not example.body_text.strip():
                continue
            # A JSON example is replayed as the data it holds: Postman's view accepts comments
            # and trailing commas, which no server sends.
            content = (
                json.dumps(example.json).encode()
                if example.is_json
                else example.body_text.encode()
            )
            if op.page is not None:
                found = page_items(package, example.json, op.page.items)
                if found is None:
                    continue  # not a page of items (a saved error-like 200, say)
                content = json.dumps(found).encode()
            headers = (
                {"Content-Type": example.content_type} if example.content_type else {}
            )
            for strict in (True, False):
                response = httpx.Response(200, headers=headers, content=content)
                try:
                    value = parse(response, annotation, strict)
                except Exception as error:
                    problems.append(f"{op.location} strict={strict}: {error}"[:300])
                    continue
                if not strict and not _fits(value, annotation):
                    problems.append(
                        f"{op.location}: {type(value).__name__} is not {annotation}"
                    )
    return problems
