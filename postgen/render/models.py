"""Models through datamodel-code-generator: the ONLY module that imports it.

One call per models module, on a schema whose `$defs` names postgen chose (see `parse/infer.py`),
so dcg never invents names like `Model1` that would shift when another request is added.
"""

from __future__ import annotations

from typing import Any

from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType
from datamodel_code_generator.format import PythonVersion

from postgen.ir import ModelModule

__all__ = ["render_models"]


def render_models(module: ModelModule, header: str) -> str:
    """Python source (not yet black-formatted) for one models module."""
    schema: dict[str, Any] = {"$defs": dict(module.defs)}
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
    if not isinstance(output, str):
        raise TypeError(
            "datamodel-code-generator returned several modules for one schema"
        )
    return output
