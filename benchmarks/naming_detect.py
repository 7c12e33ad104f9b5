"""The detectors behind `naming_report.py`: each naming problem of issue 9, found in the IR.

They look at names and the Postman text they came from, not at how `postgen/naming.py` builds
names, so the report measures any version of the generator (the lists here are the report's
own, kept apart from `postgen/naming_lists.py` on purpose).
"""

from __future__ import annotations

import builtins
import re
import sys
from collections import defaultdict
from collections.abc import Iterator

from postgen.ir import Api, Operation, Resource

__all__ = ["ITEMS", "measure", "model_names"]

# Words written with internal capitals that are one word (the detector's own list, kept apart
# from naming.py so that the report measures any version of the generator).
_BRANDS = {
    "paypal", "github", "gitlab", "graphql", "docusign", "oauth", "oauth2", "youtube",
    "linkedin", "digitalocean", "bigquery", "onedrive", "docspace", "gotowebinar", "mysql",
    "postgresql", "mongodb", "javascript", "typescript", "wordpress", "hubspot", "sendgrid",
    "openid", "devtools", "sharepoint", "iphone", "ios", "macos", "esign", "idp", "docx",
}  # fmt: skip
_ARTICLES = {"a", "an", "the"}
_RESERVED = {
    "settings", "close", "aclose", "request", "with_options", "with_raw_response",
    "with_streaming_response", "auth_schemes", "base_url", "timeout", "max_retries", "strict",
}  # fmt: skip
_SHADOWED_PACKAGES = set(sys.stdlib_module_names) | {
    "requests",
    "responses",
    "httpx",
    "pydantic",
    "attrs",
    "click",
    "yaml",
    "jinja2",
    "flask",
    "django",
    "numpy",
    "pandas",
    "pytest",
    "boto3",
    "aiohttp",
    "urllib3",
    "six",
    "setuptools",
    "rich",
    "typer",
    "fastapi",
    "starlette",
    "certifi",
    "idna",
    "stripe",
    "twilio",
    "github",
}
_GENERIC_PACKAGES = {
    "api", "apis", "client", "request", "response", "collection", "postman", "test", "tests",
    "example", "examples", "sample", "demo", "item", "items", "main", "app", "default", "new",
    "my_collection", "new_collection", "variables", "models", "resources", "errors", "utils",
}  # fmt: skip
_LOREM = set(
    "lorem ipsum dolor sit amet consectetur adipiscing adipisicing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation "
    "ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit "
    "voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat "
    "non proident sunt culpa qui officia deserunt mollit anim id est laborum".split()
)
_SHADOW_CLASSES = {"Error", *dir(builtins)} | {
    "ValidationError",
    "BaseModel",
    "Field",
    "RootModel",
    "HTTPError",
    "HTTPStatusError",
    "RequestError",
    "TransportError",
    "TimeoutException",
    "ConnectError",
    "ReadTimeout",
    "InvalidURL",
    "StreamError",
    "DecodingError",
    "TooManyRedirects",
}
_UUID = re.compile(r"[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}")
_HASHED = re.compile(r"(?<=[a-z])[0-9A-F]{6}$")
_STEP = re.compile(r"^\s*\d+(\.\d+)*\s*[.):\-]\s*\S")
_METHOD_LIMIT = 50
_MODULE_LIMIT = 80

ITEMS = (
    ("brand", "camel-case brand words split apart (identifiers)"),
    ("apostrophe", "apostrophes split (`customer_s`, `doesn_t`)"),
    ("article_method", "method names with a/an/the"),
    ("article_resource", "resource attributes with a/an/the"),
    ("article_model", "model classes with A/An/The"),
    (
        "numbered_method",
        "methods numbered by a collision (`_2`), method or path differing",
    ),
    ("numbered_method_same", "methods numbered by a collision, same method and path"),
    ("numbered_resource", "resource attributes numbered by a collision (`_2`)"),
    ("step_number", "names from leading list numbering (`n1_...`)"),
    ("stutter", "stutter (`invoices.invoices`, folder in same-named folder)"),
    ("reserved_number", "reserved names forced to a number (`settings_2`)"),
    ("generic_package", "generic or shadowing package names"),
    ("hashed_model", "content-hash model class names"),
    ("junk_error", "error classes from placeholder/junk codes or shadowing names"),
    ("case_duplicate_error", "error classes for codes differing only in case"),
    ("id_folder", "folders named after their id"),
    ("long_method", f"method names over {_METHOD_LIMIT} characters"),
    ("long_module", f"module names over {_MODULE_LIMIT} characters"),
)


def _words(identifier: str) -> list[str]:
    if re.search(r"[_-]", identifier) or identifier.islower() or identifier.isupper():
        return [w for w in re.split(r"[_-]", identifier.lower()) if w]
    return [
        w.lower()
        for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|\d+", identifier)
    ]


def _one_word_tokens(source: str) -> list[str]:
    if not re.search(r"\s", source):
        return []
    found = []
    for token in re.findall(
        r"[A-Za-z0-9]+", re.sub(r"(?<=\w)['\u2019](?=\w)", "", source)
    ):
        parts = re.split(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", token)
        if len(parts) < 2:
            continue
        if (
            token.lower() in _BRANDS
            or re.fullmatch(r"[A-Z]{2,}s", token)
            or (len(parts) == 2 and min(len(p) for p in parts) == 1)
        ):
            found.append(token.lower())
    return found


def _brand_split(source: str, identifier: str) -> bool:
    words = _words(identifier)
    whole = set(words) | {word.rstrip("0123456789") for word in words}
    joined = "".join(words)
    return any(
        token.rstrip("0123456789") not in whole and token in joined
        for token in _one_word_tokens(source)
    )


def _apostrophe_split(source: str, identifier: str) -> bool:
    words = _words(identifier)
    for left, right in re.findall(r"([A-Za-z]+)['\u2019]([A-Za-z]+)", source):
        for i in range(len(words) - 1):
            if words[i] == left.lower() and words[i + 1] == right.lower():
                return True
    return False


def _walk(
    resource: Resource, parent: Resource | None = None
) -> Iterator[tuple[Resource, Resource | None]]:
    yield resource, parent
    for child in resource.resources:
        yield from _walk(child, resource)


def model_names(api: Api) -> list[str]:
    return [
        name
        for module in api.models
        for name in [n for n, _ in module.defs] + [n for n, _ in module.subclasses]
    ]


def _numbered(name: str, source: str) -> bool:
    match = re.search(r"_(\d+)$", name)
    return bool(match) and not re.search(rf"{match.group(1)}\W*$", source)


def measure(api: Api) -> dict[str, list[str]]:
    """Each item -> the offending names (with where they came from) in one collection."""
    found: dict[str, list[str]] = defaultdict(list)
    title = api.title
    for identifier in (
        str(api.package),
        api.dist_name,
        api.env_prefix,
        str(api.error_base or ""),
    ):
        if identifier and _brand_split(title, identifier):
            found["brand"].append(f"{identifier} <- {title!r}")
    if _STEP.match(title) and re.match(r"n\d", str(api.package)):
        found["step_number"].append(f"package {api.package} <- {title!r}")
    if api.package in _SHADOWED_PACKAGES | _GENERIC_PACKAGES or len(api.package) < 4:
        found["generic_package"].append(f"{api.package} <- {title!r}")
    for resource, parent in _walk(api.root):
        operations: list[Operation] = list(resource.operations)
        if parent is not None:
            source, attr = resource.wire_name, str(resource.attr_name)
            for identifier in (attr, str(resource.class_name)):
                if _brand_split(source, identifier):
                    found["brand"].append(f"{identifier} <- {source!r}")
            if _apostrophe_split(source, attr):
                found["apostrophe"].append(f"{attr} <- {source!r}")
            if _ARTICLES & set(_words(attr)):
                found["article_resource"].append(f"{attr} <- {source!r}")
            if _numbered(attr, source):
                found["numbered_resource"].append(f"{attr} <- {source!r}")
            if _STEP.match(source) and re.match(r"n\d", attr):
                found["step_number"].append(f"{attr} <- {source!r}")
            if parent is not api.root and attr == parent.attr_name:
                found["stutter"].append(f"{parent.attr_name}.{attr}")
            if _UUID.search(attr) or not source.strip():
                found["id_folder"].append(f"{attr} <- {source!r}")
            if re.sub(r"_\d+$", "", attr) in _RESERVED and _numbered(attr, source):
                found["reserved_number"].append(attr)
            if len(resource.module) > _MODULE_LIMIT:
                found["long_module"].append(
                    f"{resource.module} ({len(resource.module)})"
                )
        for operation in operations:
            source, name = operation.wire_name, str(operation.py_name)
            label = f"{resource.attr_name}.{name} <- {source!r}"
            if _brand_split(source, name):
                found["brand"].append(label)
            if _apostrophe_split(source, name):
                found["apostrophe"].append(label)
            if _ARTICLES & set(_words(name)):
                found["article_method"].append(label)
            if _numbered(name, source):
                base = re.sub(r"_\d+$", "", name)
                twin = any(
                    other is not operation
                    and re.sub(r"_\d+$", "", str(other.py_name)) == base
                    and (other.method, other.path_template)
                    == (operation.method, operation.path_template)
                    for other in operations
                )
                key = "numbered_method_same" if twin else "numbered_method"
                found[key].append(
                    f"{label} {operation.method} {operation.path_template}"
                )
            if _STEP.match(source) and re.match(r"n\d", name):
                found["step_number"].append(label)
            if parent is not None and name == resource.attr_name:
                found["stutter"].append(f"{resource.attr_name}.{name}")
            if re.sub(r"_\d+$", "", name) in _RESERVED and _numbered(name, source):
                found["reserved_number"].append(label)
            if len(name) > _METHOD_LIMIT:
                found["long_method"].append(f"{name} ({len(name)})")
    for model in model_names(api):
        if {"A", "An", "The"} & set(re.findall(r"[A-Z][a-z]*", model)):
            found["article_model"].append(model)
        if _HASHED.search(model):
            found["hashed_model"].append(model)
    by_fold: dict[tuple[int, str], set[str]] = defaultdict(set)
    for error in api.errors:
        code = error.code
        by_fold[(error.status, code.casefold())].add(error.class_name)
        junk = (
            re.fullmatch(
                r"\s*(<[^>]*>|\{\{[^}]*\}\}|string|integer|number|boolean|null)\s*",
                code,
            )
            or (set(code.lower().split()) <= _LOREM)
            or (
                not code.lstrip("-").isdigit() and not re.fullmatch(r"[\w.:/\-]+", code)
            )
            or error.class_name in _SHADOW_CLASSES
        )
        if junk:
            found["junk_error"].append(f"{error.class_name} <- {error.status} {code!r}")
    for (status, code), classes in by_fold.items():
        if len(classes) > 1:
            found["case_duplicate_error"].append(
                f"{sorted(classes)} <- {status} {code!r}"
            )
    return found
