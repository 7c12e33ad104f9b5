"""Models through datamodel-code-generator: the ONLY module that imports it.

One call per build, on a schema whose `$defs` names postgen chose (`module.ClassName`; see
`parse/models.py`), so dcg never invents names like `Model1` that would shift when another request
is added, and shared shapes are imported across modules rather than repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType
from datamodel_code_generator.format import DatetimeClassType, PythonVersion

from postgen.ir import ModelModule

__all__ = ["render_models"]

_IMPORT = re.compile(r"(?:from \S+ )?import ")
_SHARED_IMPORT = "from .shared import "
_MODULE_IMPORT = "from . import shared"


def render_models(modules: Sequence[ModelModule], header: str) -> dict[str, str]:
    """Python source (not yet black-formatted) for each models module, by module name."""
    if not modules:
        return {}
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
