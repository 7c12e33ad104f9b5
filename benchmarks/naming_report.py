"""Count, over every corpus collection, the naming problems of issue 9 (parse to IR only).

Each item is detected from the IR and the Postman names it came from, independently of how
`postgen/naming.py` builds names, so the same command measures any version of the generator.

Usage:
    python benchmarks/naming_report.py [--examples N] [--per-collection] [NAME_SUBSTRING ...]
    python benchmarks/naming_report.py --history    # surface stability over corpus-history releases
    python benchmarks/naming_report.py --mutations  # ... against a mutated copy of each collection
"""

from __future__ import annotations

import argparse
import builtins
import itertools
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from postgen.config import Config  # noqa: E402
from postgen.diagnostics import CollectionError, Diagnostics  # noqa: E402
from postgen.formats import load_collection  # noqa: E402
from postgen.ir import Api, Operation, Resource  # noqa: E402
from postgen.parse.walk import parse_collection  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
HISTORY = SHARED / "corpus-history"

# Words written with internal capitals that are one word (the detector's own list, kept apart
# from naming.py so that the report measures any version of the generator).
_BRANDS = {
    "paypal",
    "github",
    "gitlab",
    "graphql",
    "docusign",
    "oauth",
    "oauth2",
    "youtube",
    "linkedin",
    "digitalocean",
    "bigquery",
    "onedrive",
    "docspace",
    "gotowebinar",
    "mysql",
    "postgresql",
    "mongodb",
    "javascript",
    "typescript",
    "wordpress",
    "hubspot",
    "sendgrid",
    "openid",
    "devtools",
    "sharepoint",
    "iphone",
    "ios",
    "macos",
    "esign",
    "idp",
    "docx",
}
_ARTICLES = {"a", "an", "the"}
_RESERVED = {
    "settings",
    "close",
    "aclose",
    "request",
    "with_options",
    "with_raw_response",
    "with_streaming_response",
    "auth_schemes",
    "base_url",
    "timeout",
    "max_retries",
    "strict",
}
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
    "api",
    "apis",
    "client",
    "request",
    "response",
    "collection",
    "postman",
    "test",
    "tests",
    "example",
    "examples",
    "sample",
    "demo",
    "item",
    "items",
    "main",
    "app",
    "default",
    "new",
    "my_collection",
    "new_collection",
    "variables",
    "models",
    "resources",
    "errors",
    "utils",
}
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


def _model_names(api: Api) -> list[str]:
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
    for model in _model_names(api):
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


def _totals(api: Api) -> Counter[str]:
    resources = api.root.walk()
    return Counter(
        methods=sum(len(r.operations) for r in resources),
        resources=len(resources) - 1,
        models=len(_model_names(api)),
        errors=len(api.errors),
    )


def _parse(path: Path) -> Api:
    diagnostics = Diagnostics()
    document = load_collection(path, diagnostics)
    return parse_collection(document, Config(), {}, diagnostics)


def report(names: list[str], examples: int, per_collection: bool) -> int:
    """Print the table of counts (and examples) over the corpus."""
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    totals: Counter[str] = Counter()
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(CORPUS.glob("*.postman_collection.json")):
        stem = path.name.split(".postman_")[0]
        if names and not any(n in stem for n in names):
            continue
        try:
            api = _parse(path)
        except CollectionError as error:
            print(f"{stem}: rejected: {error.message}")
            continue
        totals += _totals(api)
        items = measure(api)
        for key, values in items.items():
            found[key].extend(f"{stem}: {v}" for v in values)
        if per_collection and items:
            print(
                f"{stem}: "
                + ", ".join(f"{k} {len(v)}" for k, v in sorted(items.items()))
            )
    print(
        f"\ncorpus: {totals['methods']} methods, {totals['resources']} resources, "
        f"{totals['models']} model classes, {totals['errors']} error classes\n"
    )
    print("| item | count |\n|---|---|")
    for key, text in ITEMS:
        print(f"| {text} | {len(found[key])} |")
    if examples:
        for key, text in ITEMS:
            if found[key]:
                print(f"\n{text}:")
                for value in found[key][:examples]:
                    print(f"  {value}")
    return 0


def history(examples: int) -> int:
    """Requests unchanged between consecutive releases: how many keep their Python surface."""
    from tests.surface import request_fingerprints, surfaces

    if not HISTORY.is_dir():
        print(f"no release history at {HISTORY}")
        return 0
    releases = sorted(HISTORY.glob("*.postman_collection.json"))
    latest = CORPUS / "stripe-api.postman_collection.json"
    if latest.is_file():
        releases.append(latest)
    built: list[tuple[str, dict[str, tuple[str, str]], dict[str, Any]]] = []
    for path in releases:
        diagnostics = Diagnostics()
        document = load_collection(path, diagnostics)
        api = parse_collection(document, Config(), {}, diagnostics)
        by_path = {
            location.split(" (")[0]: surface
            for location, surface in surfaces(api).items()
        }
        prints = request_fingerprints(document)
        by_print = {
            prints[where]: by_path[where] for where in by_path if where in prints
        }
        built.append((path.name[:21], prints, by_print))
    print(
        "| from | to | unchanged requests | same surface | method | signature | own models "
        "| shared models kept | errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for (old_name, _, old), (new_name, _, new) in itertools.pairwise(built):
        same = [key for key in old if key in new]
        counts: Counter[str] = Counter()
        for key in same:
            a, b = old[key], new[key]
            counts["method"] += a.method == b.method
            counts["signature"] += a.signature == b.signature
            counts["models"] += a.models == b.models
            counts["shared"] += not a.renamed_shared(b)
            counts["errors"] += a.errors == b.errors
            counts["all"] += a.same_as(b)
            if not a.same_as(b) and examples:
                print(f"    {a.method} -> {b.method}")
        print(
            f"| {old_name} | {new_name} | {len(same)} | {counts['all']} | {counts['method']} "
            f"| {counts['signature']} | {counts['models']} | {counts['shared']} "
            f"| {counts['errors']} |"
        )
    return 0


def mutations(names: list[str]) -> int:
    """Each corpus collection against a mutated release of itself (`mutate_collection`): how
    many unchanged requests keep their surface, all of them and those no clash decided.
    """
    from tests.surface import build_surfaces, mutate_collection

    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 0
    totals: Counter[str] = Counter()
    for path in sorted(CORPUS.glob("*.postman_collection.json")):
        if names and not any(n in path.name for n in names):
            continue
        try:
            document = load_collection(path, Diagnostics())
        except CollectionError:
            continue
        old, old_contested = build_surfaces(document)
        new, new_contested = build_surfaces(mutate_collection(document, 1, added=10))
        for key in (k for k in old if k in new):
            a, b = old[key], new[key]
            quiet = key not in old_contested | new_contested
            totals["unchanged"] += 1
            totals["kept"] += a.same_as(b)
            totals["quiet"] += quiet
            totals["quiet kept"] += quiet and a.same_as(b)
            for part in ("method", "signature", "models", "errors"):
                totals[part] += getattr(a, part) != getattr(b, part)
            totals["shared renamed"] += a.renamed_shared(b)
    print(
        "| unchanged requests | same surface | not contested | of those, same surface |"
    )
    print("|---|---|---|---|")
    print(
        f"| {totals['unchanged']} | {totals['kept']} | {totals['quiet']} "
        f"| {totals['quiet kept']} |"
    )
    print(
        "\nchanged: "
        + ", ".join(
            f"{part} {totals[part]}"
            for part in ("method", "signature", "models", "errors", "shared renamed")
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--examples", type=int, default=0, help="show N examples per item"
    )
    parser.add_argument("--per-collection", action="store_true")
    parser.add_argument(
        "--history", action="store_true", help="stability over releases"
    )
    parser.add_argument(
        "--mutations", action="store_true", help="stability against a mutated release"
    )
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    if args.history:
        return history(args.examples)
    if args.mutations:
        return mutations(args.names)
    return report(args.names, args.examples, args.per_collection)


if __name__ == "__main__":
    sys.exit(main())
