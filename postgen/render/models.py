"""Models modules: postgen's own renderer where it vouches for dcg's text (`plain_models.py`),
datamodel-code-generator for the rest. This is the ONLY module that imports dcg.

One dcg call per group of modules (`split_models`; the text of a module does not depend on its
group), on a schema whose `$defs` names postgen chose (`module.ClassName`; see
`parse/models.py`), so dcg never invents names like `Model1` that would shift when another request
is added, and shared shapes are imported across modules rather than repeated.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from postgen.ir import ModelModule
from postgen.render import plain_models
from postgen.versions import installed_version

__all__ = [
    "dcg_modules",
    "models_key",
    "render_dcg",
    "render_models",
    "render_plain",
    "split_models",
]

_SHARED_REF = re.compile(r'"#/\$defs/shared\.([^"]+)"')
# Below this many definitions one dcg call is quicker than two in parallel.
_SPLIT_THRESHOLD = 150
_IMPORT = re.compile(r"(?:from \S+ )?import ")
_SHARED_IMPORT = "from .shared import "
_MODULE_IMPORT = "from . import shared"


def models_key(modules: Sequence[ModelModule], header: str) -> str:
    """A digest of everything `render_models` output depends on: its input, this module's code
    and dcg's version. A rebuild whose key matches reuses the models modules on disk."""
    sha = hashlib.sha256(
        f"dcg {installed_version('datamodel-code-generator')}\n{header}\n".encode()
    )
    sha.update(Path(__file__).read_bytes())
    sha.update(Path(plain_models.__file__).read_bytes())
    for module in modules:
        sha.update(json.dumps([module.name, module.defs, module.subclasses]).encode())
    return "m" + sha.hexdigest()[:15]


def _shared_closure(names: set[str], shared: dict[str, Any]) -> set[str]:
    """`names` and every shared definition they refer to, transitively."""
    todo, seen = list(names), set(names)
    while todo:
        for ref in _SHARED_REF.findall(json.dumps(shared.get(todo.pop(), {}))):
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def split_models(
    modules: Sequence[ModelModule],
    parts: int = 2,
    threshold: int = _SPLIT_THRESHOLD,
    max_copies: float = 0.1,
) -> list[tuple[tuple[ModelModule, ...], frozenset[str]]]:
    """Groups of modules that dcg can render in separate processes, with the names of the
    modules whose output each group gives. The shared module's output comes from the first
    group; another group gets a copy of just the shared definitions its modules refer to (so
    its `$ref`s resolve), whose output is dropped. No split when those copies exceed
    `max_copies` of all definitions, or below `threshold` definitions. Each module's text does
    not depend on which other modules share its call (tests compare with one call on the
    samples and the corpus).
    """
    size = sum(len(m.defs) for m in modules)
    if parts < 2 or size < threshold:
        return [(tuple(modules), frozenset(str(m.name) for m in modules))]
    shared_module = next((m for m in modules if m.name == "shared"), None)
    shared = dict(shared_module.defs) if shared_module else {}
    others = sorted(
        (m for m in modules if m is not shared_module), key=lambda m: -len(m.defs)
    )
    groups: list[list[ModelModule]] = [[] for _ in range(parts)]
    needs: list[set[str]] = [set() for _ in range(parts)]
    loads = [len(shared)] + [0] * (parts - 1)
    for module in others:
        refs = set(_SHARED_REF.findall(json.dumps(module.defs)))
        refs |= {base for _, base in module.subclasses if base in shared}
        closure = _shared_closure(refs, shared)

        def cost(
            index: int, closure: set[str] = closure, own: int = len(module.defs)
        ) -> int:
            extra = 0 if index == 0 else len(closure - needs[index])
            return loads[index] + own + extra

        best = min(range(parts), key=cost)
        loads[best] = cost(best)
        groups[best].append(module)
        needs[best] |= closure
    if sum(len(n) for n in needs[1:]) > max_copies * size:
        # The copies would cost more than the split saves (GitHub: a quarter more dcg work).
        return [(tuple(modules), frozenset(str(m.name) for m in modules))]
    result = []
    for index, group in enumerate(groups):
        keep = frozenset(str(m.name) for m in group)
        if index == 0 and shared_module is not None:
            result.append(((*group, shared_module), keep | {"shared"}))
        elif group:
            copy = tuple((name, shared[name]) for name in sorted(needs[index]))
            helper = (
                (ModelModule(shared_module.name, copy),)
                if copy and shared_module
                else ()
            )
            result.append(((*group, *helper), keep))
    return result


def render_models(modules: Sequence[ModelModule], header: str) -> dict[str, str]:
    """Python source (not yet black-formatted) for each models module, by module name."""
    sources = render_plain(modules, header)
    rest = dcg_modules(modules, sources)
    if rest:
        done = render_dcg(rest, header)
        sources.update((name, done[name]) for name in done if name not in sources)
    return sources


def render_plain(modules: Sequence[ModelModule], header: str) -> dict[str, str]:
    """The modules that need no dcg: those `plain_models` writes, and those made only of
    postgen's one-line subclasses."""
    sources = plain_models.plain_sources(modules, header)
    for module in modules:
        name = str(module.name)
        if module.subclasses and (name in sources or not module.defs):
            sources[name] = _add_subclasses(sources.get(name), module, header)
    return sources


def dcg_modules(
    modules: Sequence[ModelModule], done: Mapping[str, str]
) -> list[ModelModule]:
    """The modules not `done` that dcg must render, with the shared module (whose definitions
    their `$ref`s need) even when it is done."""
    rest = [m for m in modules if str(m.name) not in done]
    shared = next((m for m in modules if m.name == "shared"), None)
    if rest and shared is not None and shared not in rest:
        rest.append(shared)
    return rest


def render_dcg(modules: Sequence[ModelModule], header: str) -> dict[str, str]:
    """dcg's source for each models module, by module name (with postgen's subclasses)."""
    if not modules:
        return {}
    # Imported here, not at the top: the build runs this in a worker process, and the import
    # (a third of a small build) then overlaps with rendering the templates.
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import DatetimeClassType, PythonVersion

    schema: dict[str, Any] = {
        "$defs": {
            f"{module.name}.{name}": body
            for module in modules
            for name, body in module.defs
        }
    }
    output = generate(
        schema,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        disable_timestamp=True,
        formatters=[],
        skip_root_model=True,
        keep_model_order=True,
        use_union_operator=True,
        use_standard_collections=True,
        snake_case_field=True,
        # Models built by hand (in a user's tests) take the Python names as well as the wire ones.
        allow_population_by_field_name=True,
        # `datetime`, not `AwareDatetime`: a timestamp without an offset is still one.
        output_datetime_class=DatetimeClassType.Datetime,
        # One example is a sample, not a schema: keep fields the examples did not show.
        extra_fields="allow",
        use_double_quotes=True,
        custom_file_header=header,
    )
    sources: dict[str, str] = {}
    if isinstance(output, str):  # a single module comes back as one string
        sources[str(next(m for m in modules if m.defs).name)] = output
    elif output is None:
        raise TypeError(
            "datamodel-code-generator wrote files instead of returning them"
        )
    else:
        for path, source in output.items():
            name = path[-1].removesuffix(".py")
            if len(path) == 1 and name != "__init__":
                sources[name] = source
    for module in modules:
        if module.subclasses:
            name = str(module.name)
            sources[name] = _add_subclasses(sources.get(name), module, header)
    return sources


def _add_subclasses(source: str | None, module: ModelModule, header: str) -> str:
    """`source` (dcg's module, if any) with postgen's one-line subclasses of shared shapes.

    A shared base named like a class of this module (`GetRepositoryOwner` subclassing the
    shared `GetRepositoryOwner`) is referred to as `shared.<Name>`, never imported by name.
    """
    if source is None:
        source = f"{header}\n\nfrom __future__ import annotations\n"
    defined = set(re.findall(r"^class (\w+)\b", source, re.MULTILINE))
    defined.update(name for name, _ in module.subclasses)
    qualified = {base for _, base in module.subclasses if base in defined}
    bases = {base for _, base in module.subclasses} - qualified
    lines = source.rstrip("\n").split("\n")
    # One import line for all shared bases, the module's last import (dcg may place its own
    # `.shared` import before others).
    shared = next(
        (i for i, text in enumerate(lines) if text.startswith(_SHARED_IMPORT)), None
    )
    if shared is not None:
        bases.update(lines.pop(shared).removeprefix(_SHARED_IMPORT).split(", "))
    last = max(i for i, text in enumerate(lines) if _IMPORT.match(text))
    new = [_SHARED_IMPORT + ", ".join(sorted(bases))] if bases else []
    if qualified and _MODULE_IMPORT not in lines:
        new.insert(0, _MODULE_IMPORT)
    # After `from __future__` alone, a blank line starts the next group of imports.
    lines[last + 1 : last + 1] = ["", *new] if "__future__" in lines[last] else new
    classes = [
        f"class {name}({'shared.' if base in qualified else ''}{base}):\n    pass"
        for name, base in module.subclasses
    ]
    return "\n".join(lines) + "\n\n\n" + "\n\n\n".join(classes) + "\n"
