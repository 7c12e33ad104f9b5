"""Error examples -> documented error codes -> one exception class per (status, code).

The body's code, not just the HTTP status, identifies an error: the seed has two different 400s, and
they must be two classes. The same code documented on many requests is one class.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from postgen.ir import ErrorCase
from postgen.naming import ClassName, class_name, error_class_name, strip_numbering
from postgen.naming_lists import SHADOWED_CLASS_NAMES
from postgen.overrides import NameOverrides
from postgen.parse.examples import Example

__all__ = [
    "STATUS_CLASSES",
    "ErrorRegistry",
    "find_code",
    "is_junk_code",
    "status_class",
]

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


# A code must look like one: `INVALID_URL_PATTERN`, `invalid-token`, `40102`, `card.declined`.
_CODE_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
# Values that stand for "some code" in a generated or hand-written example.
_PLACEHOLDER = re.compile(
    r"<[^<>]*>|\{\{[^{}]*\}\}|\$\{[^{}]*\}|string|integer|int|number|boolean|bool|null|"
    r"none|undefined|n/?a|x+|\.\.\.|code|error_?code|error",
    re.IGNORECASE,
)
_LOREM = frozenset(
    "lorem ipsum dolor sit amet consectetur adipiscing adipisicing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation "
    "ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit "
    "voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat "
    "non proident sunt culpa qui officia deserunt mollit anim id est laborum".split()
)


def is_junk_code(code: str) -> bool:
    """A placeholder (`<string>`), lorem ipsum, or a sentence rather than a code: no code."""
    text = code.strip()
    if text.lstrip("-").isdigit():
        return False
    if "/" in text:  # an RFC 7807 type URI: its last segment is the code
        text = next((part for part in reversed(text.split("/")) if part), "")
    if _PLACEHOLDER.fullmatch(text):
        return True
    if set(re.split(r"[\s_.-]+", text.lower())) <= _LOREM:
        return True
    return not _CODE_LIKE.fullmatch(text)


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
    if digits.lstrip("-")[:1].isdigit():
        # Numeric codes read best after their status: `BadRequest1001Error`,
        # `BadRequestMinus17Error`, `BadRequest00400Error` (Adyen's `00_400`).
        number = class_name(
            digits.replace("-", "Minus", 1) if digits[0] == "-" else digits
        )
        return ClassName(
            status_class(status).removesuffix("Error") + number.lstrip("N") + "Error"
        )
    if "/" in code:  # RFC 7807 type URI: name the class after its last segment
        code = [part for part in code.split("/") if part][-1]
    return error_class_name(code)


@dataclass(slots=True)
class ErrorRegistry:
    """Collects documented errors across the collection, in first-seen order.

    Class names are planned from every documented code at once (`plan`), so they do not depend
    on which request documents a code first: codes whose names only differ in case or
    punctuation (`invalid_token`, `INVALID_TOKEN`) under one status are one class; a name
    wanted under several statuses goes plain to the lowest status and with the status to the
    others (`NotAuthorizedError` 401, `NotAuthorized403Error`); a name equal to a runtime,
    builtin, pydantic or httpx class always carries its status (`Validation400Error`).
    """

    #: The collection-level base class; no code class may take its name.
    base: ClassName
    overrides: NameOverrides = field(default_factory=NameOverrides)
    cases: dict[tuple[int, str], ErrorCase] = field(default_factory=dict)
    #: Codes read as "no code" (placeholders, lorem ipsum, sentences), in first-seen order.
    junk: dict[tuple[int, str], None] = field(default_factory=dict)
    paths: list[tuple[str, ...]] = field(default_factory=list)
    bodies: list[Any] = field(default_factory=list)
    _planned: dict[tuple[int, str], ClassName] = field(default_factory=dict)

    @staticmethod
    def _code(example: Example) -> tuple[tuple[str, ...], int, str] | None:
        status = example.status
        if status is None:
            return None
        found = find_code(example.json, status) if example.is_json else None
        if found is None:
            return None
        return found[0], status, found[1]

    def plan(self, examples: Iterable[Example]) -> None:
        """Name the class of every documented `(status, code)` in `examples`, all at once."""
        taken = RUNTIME_ERROR_NAMES | SHADOWED_CLASS_NAMES | {self.base}
        pairs = {
            (status, code)
            for found in map(self._code, examples)
            if found is not None
            for _, status, code in [found]
            if not is_junk_code(code) and (status, code) not in self._planned
        }
        taken |= set(self._planned.values())
        fixed = {pair: self.overrides.error(*pair) for pair in pairs}
        taken |= {name for name in fixed.values() if name is not None}
        statuses: dict[ClassName, set[int]] = {}
        for status, code in pairs:
            if fixed[(status, code)] is None:
                statuses.setdefault(_class_for(code, status), set()).add(status)
        names: dict[tuple[ClassName, int], ClassName] = {}
        for wanted, found in statuses.items():
            stem = wanted.removesuffix("Error") or "Code"
            for index, status in enumerate(sorted(found)):
                plain = index == 0 and wanted not in taken
                names[(wanted, status)] = (
                    wanted if plain else ClassName(f"{stem}{status}Error")
                )
        seen: set[str] = set(taken)
        for key in sorted(names):  # a name two codes arrived at: numbered in code order
            name, counter = names[key], 2
            while name in seen:
                name = ClassName(f"{names[key].removesuffix('Error')}{counter}Error")
                counter += 1
            names[key] = name
            seen.add(name)
        for status, code in pairs:
            self._planned[(status, code)] = ClassName(
                fixed[(status, code)] or names[(_class_for(code, status), status)]
            )

    def add(self, example: Example) -> ErrorCase | None:
        """Register an error example; None when it documents no code (the caller warns)."""
        found = self._code(example)
        if found is None:
            return None
        path, status, code = found
        if is_junk_code(code):
            self.junk[(status, code)] = None
            return None
        if path not in self.paths:
            self.paths.append(path)
        self.bodies.append(example.json)
        key = (status, code)
        if key not in self.cases:
            if (
                key not in self._planned
            ):  # not seen by `plan`: plan it with what is known
                self.plan([example])
            self.cases[key] = ErrorCase(
                status=status,
                code=code,
                class_name=self._planned[key],
                status_class=status_class(status),
                message=_message(example.json),
            )
        return self.cases[key]

    def code_paths(self) -> tuple[tuple[str, ...], ...]:
        """The paths the runtime tries, in the generator's preference order."""
        return tuple(path for path in CODE_PATHS if path in self.paths)


def base_error_name(title: str) -> ClassName:
    """The collection-level base of all documented errors: `ZohoCrmBulkWriteError`."""
    name = error_class_name(class_name(strip_numbering(title), fallback="Api"))
    if name in RUNTIME_ERROR_NAMES | SHADOWED_CLASS_NAMES:
        # A collection called "Not Found" must not shadow NotFoundError.
        return ClassName(name.removesuffix("Error") + "ApiError")
    return name
