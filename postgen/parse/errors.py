"""Error examples -> documented error codes -> one exception class per (status, code).

The body's code, not just the HTTP status, identifies an error: the seed has two different 400s, and
they must be two classes. The same code documented on many requests is one class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from postgen.ir import ErrorCase
from postgen.naming import ClassName, class_name, error_class_name
from postgen.parse.examples import Example

__all__ = ["STATUS_CLASSES", "ErrorRegistry", "find_code", "status_class"]

# Where vendors put the code, most specific first (POSTMAN-FORMAT.md and the corpus). `*` is a
# list whose entries all agree on one code (Wise's `{"errors": [{"code": "NOT_UNIQUE"}]}`); the
# runtime reads the paths the same way (`_runtime._exceptions._find_code`).
CODE_PATHS: tuple[tuple[str, ...], ...] = (
    ("code",),
    ("errorCode",),
    ("error_code",),
    ("error", "code"),
    ("error", "type"),
    ("error", "name"),
    ("error",),
    ("errors", "*", "code"),
    ("errors", "*", "errorCode"),
    ("type",),
    ("name",),
    ("stat",),
)
MESSAGE_KEYS = ("message", "error_description", "detail", "title", "msg", "description")

STATUS_CLASSES: dict[int, str] = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
#: The runtime's exception classes that a generated `errors.py` re-exports.
ERROR_CLASSES = frozenset(
    {
        *STATUS_CLASSES.values(),
        "InternalServerError",
        "APIError",
        "APIStatusError",
        "APIConnectionError",
        "APITimeoutError",
    }
)
#: Every exception name of the runtime: no generated class may take one of them.
RUNTIME_ERROR_NAMES = ERROR_CLASSES | {"ResponseValidationError", "MissingSettingError"}


def status_class(status: int) -> str:
    """The runtime class for an HTTP status."""
    if status in STATUS_CLASSES:
        return STATUS_CLASSES[status]
    return "InternalServerError" if status >= 500 else "APIStatusError"


def _dig(body: Any, path: tuple[str, ...]) -> Any:
    for index, key in enumerate(path):
        if key == "*":
            return _agreed(body, path[index + 1]) if index + 1 < len(path) else None
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


def _agreed(entries: Any, key: str) -> Any:
    """The value every entry of the list `entries` that has `key` agrees on, else None."""
    if not isinstance(entries, list):
        return None
    values = {
        json.dumps(entry[key])
        for entry in entries
        if isinstance(entry, dict) and entry.get(key) not in (None, "")
    }
    return json.loads(values.pop()) if len(values) == 1 else None


def find_code(body: Any, status: int) -> tuple[tuple[str, ...], str] | None:
    """The first candidate path holding a code; a number equal to the status is no code."""
    if not isinstance(body, dict):
        return None
    for path in CODE_PATHS:
        value = _dig(body, path)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int) and value != status:
            return path, str(value)
        if isinstance(value, str) and value.strip() and value != "about:blank":
            if path == ("type",) and "/" not in value:
                continue  # `type` is a code only as an RFC 7807 problem URI
            return path, value.strip()
    return None


def _message(body: Any) -> str:
    errors = _dig(body, ("errors",))
    first = errors[0] if isinstance(errors, list) and errors else None
    for container in (body, _dig(body, ("error",)), first):
        if isinstance(container, dict):
            for key in MESSAGE_KEYS:
                if isinstance(container.get(key), str):
                    return str(container[key])
    return ""


def _class_for(code: str, status: int) -> ClassName:
    digits = code.strip()
    if digits.lstrip("-").isdigit():
        # Numeric codes read best after their status: `BadRequest1001Error`, `BadRequestMinus17Error`.
        number = digits.replace("-", "Minus")
        return ClassName(status_class(status).removesuffix("Error") + number + "Error")
    if "/" in code:  # RFC 7807 type URI: name the class after its last segment
        code = [part for part in code.split("/") if part][-1]
    return error_class_name(code)


@dataclass(slots=True)
class ErrorRegistry:
    """Collects documented errors across the collection, in first-seen order."""

    #: The collection-level base class; no code class may take its name.
    base: ClassName
    cases: dict[tuple[int, str], ErrorCase] = field(default_factory=dict)
    paths: list[tuple[str, ...]] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)
    _names: dict[ClassName, tuple[int, str]] = field(default_factory=dict)

    def add(self, example: Example) -> ErrorCase | None:
        """Register an error example; None when it documents no code (the caller warns)."""
        status = example.status
        if status is None:
            return None
        found = find_code(example.json, status) if example.is_json else None
        if found is None:
            return None
        path, code = found
        if path not in self.paths:
            self.paths.append(path)
        self.bodies.append(example.json)
        key = (status, code)
        if key not in self.cases:
            self.cases[key] = ErrorCase(
                status=status,
                code=code,
                class_name=self._allocate(_class_for(code, status), status, code),
                status_class=status_class(status),
                message=_message(example.json),
            )
        return self.cases[key]

    def _allocate(self, wanted: ClassName, status: int, code: str) -> ClassName:
        # A code under a second status, or a name equal to a runtime class (`NOT_FOUND` on 404),
        # gets the status in its name: `NotFound404Error`.
        taken = RUNTIME_ERROR_NAMES | {self.base}
        if wanted in taken or wanted in self._names:
            wanted = ClassName(wanted.removesuffix("Error") + f"{status}Error")
        counter = 2
        name = wanted
        while name in self._names or name in taken:
            name = ClassName(f"{wanted.removesuffix('Error')}{counter}Error")
            counter += 1
        self._names[name] = (status, code)
        return name

    def code_paths(self) -> tuple[tuple[str, ...], ...]:
        """The paths the runtime tries, in the generator's preference order."""
        return tuple(path for path in CODE_PATHS if path in self.paths)


def base_error_name(title: str) -> ClassName:
    """The collection-level base of all documented errors: `ZohoCrmBulkWriteError`."""
    name = error_class_name(class_name(title, fallback="Api"))
    if (
        name in RUNTIME_ERROR_NAMES
    ):  # a collection called "Not Found" must not shadow NotFoundError
        return ClassName(name.removesuffix("Error") + "ApiError")
    return name
