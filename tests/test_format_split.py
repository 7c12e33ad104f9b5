"""Long model field lines that the format fast path splits itself must come out as black's.

`render.format` splits a too-long `name: T = Field(..., alias="x")` at the call's bracket; this
checks that rule against black on fields of every length around the 88-column edge, with plain,
list and optional types (the shapes dcg writes for long, deep field paths).
"""

from __future__ import annotations

import pytest

from postgen.render.format import _keep_model_block, format_source

_TYPES = ["{}", "list[{}]", "{} | None", "list[{}] | None", "dict[str, {}]"]


def _fields() -> list[str]:
    lines = []
    for length in range(20, 110, 3):
        for shape in _TYPES:
            name = "field_" + "x" * (length // 3)
            klass = "Model" + "Y" * length
            default = "None" if "None" in shape else "..."
            lines.append(
                f'    {name}: {shape.format(klass)} = Field({default}, alias="{name}Alias")'
            )
    return lines


@pytest.mark.parametrize("line", _fields())
def test_split_field_lines_match_black(line: str) -> None:
    block = ["class Model(BaseModel):", line]
    kept = _keep_model_block(block)
    source = "\n".join(block) + "\n"
    if kept is not None:
        assert "\n".join(kept) + "\n" == format_source(source)
