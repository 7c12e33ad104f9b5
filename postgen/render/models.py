"""Models through datamodel-code-generator: the ONLY module that imports it.

One call per build, on a schema whose `$defs` names postgen chose (`module.ClassName`; see
`parse/models.py`), so dcg never invents names like `Model1` that would shift when another request
is added, and shared shapes are imported across modules rather than repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType
from datamodel_code_generator.format import PythonVersion

from postgen.ir import ModelModule

__all__ = ["render_models"]


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
        # One example is a sample, not a schema: keep fields the examples did not show.
        extra_fields="allow",
        use_double_quotes=True,
        custom_file_header=header,
    )
    if isinstance(output, str):  # a single module comes back as one string
        return {str(modules[0].name): output}
    if output is None:
        raise TypeError(
            "datamodel-code-generator wrote files instead of returning them"
        )
    sources: dict[str, str] = {}
    for path, source in output.items():
        name = path[-1].removesuffix(".py")
        if len(path) == 1 and name != "__init__":
            sources[name] = source
    return sources
