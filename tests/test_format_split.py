"""Long lines that the format fast path splits itself must come out as black's.

`render.format` splits a too-long `name: T = Field(..., alias="x")` at the call's bracket, a
`name: NotRequired[T]` or `name: A | None = None` field in its brackets, a one-base class line,
a `return a.b.c` in parentheses and a docstring's closing quotes onto their own line. Each rule
is checked against black on lines of every length around the 88-column edge.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from postgen.render.format import (
    Formatter,
    _keep_laid_out_block,
    format_files,
    format_source,
)
from postgen.render.model_lines import keep_model_block

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
    kept = keep_model_block(block)
    source = "\n".join(block) + "\n"
    if kept is not None:
        assert "\n".join(kept) + "\n" == format_source(source)


_ANNOTATIONS = [
    "NotRequired[Sequence[{}]]",
    "NotRequired[{}]",
    "NotRequired[Mapping[str, {}]]",
    "NotRequired[{} | None]",
    "list[{}] | None",
    "{} | None",
    "dict[str, {}] | None",
    "list[{} | None] | None",
]


def _annotated_fields() -> list[str]:
    lines = []
    for length in range(15, 95, 4):
        for shape in _ANNOTATIONS:
            for name in ("a", "associate_role_assignments", "x" * 40):
                for default in ("", " = None"):
                    annotation = shape.format("Model" + "Y" * length)
                    lines.append(f"    {name}: {annotation}{default}")
    return lines


@pytest.mark.parametrize("base", ["shared.A", "A", "shared.Long"])
@pytest.mark.parametrize("length", [40, 41, 42, 43, 44, 60, 90])
def test_one_base_class_lines_match_black(base: str, length: int) -> None:
    name = "Y" * length
    block = [f"class {name}({base}{name}):", "    pass"]
    kept = keep_model_block(block)
    assert kept is not None
    assert "\n".join(kept) + "\n" == format_source("\n".join(block) + "\n")


def test_annotated_field_lines_match_black() -> None:
    split = 0
    for line in _annotated_fields():
        block = ["class Model(TypedDict):", line]
        kept = keep_model_block(block)
        if kept is not None:
            split += len(kept) > len(block)
            assert "\n".join(kept) + "\n" == format_source(
                "\n".join(block) + "\n"
            ), line
    assert split > 100  # the rules do split, not just leave lines to black


def _in_method(lines: list[str]) -> str:
    return "class A:\n    def f(self):\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize("length", range(70, 100, 2))
def test_long_dotted_returns_and_docstring_closings_match_black(length: int) -> None:
    dotted = "self._resource." + "x" * (length - 39) + ".with_streaming_response"
    last = ("word " * 30)[: length - 11].rstrip()
    for text in (last, last + ".", "é" * (length // 2)):
        lines = [
            '        """Summary.',
            "",
            f'        {text}"""',
            f"        return {dotted}",
        ]
        kept = _keep_laid_out_block(lines)
        assert kept is not None
        assert _in_method(kept) == format_source(_in_method(lines))


# Lines of long-named folders and long defaults that black cannot shorten or splits one way
# only: the fast path must keep them (no block left to black) and still equal black's text.
_LONG_NAME = "validate_existing_payment_method_domain_for_the_platform"
LONG_SHAPES = f'''from ..models import {_LONG_NAME}_and_more_words as _models


class Domains:
    """The resource."""

    @cached_property
    def {_LONG_NAME}(self) -> {_LONG_NAME.title().replace("_", "")}:
        """The folder."""
        from .{_LONG_NAME}_with_raw_response_and_more import (
            Raw,
        )

        return Raw(self)

    def read(
        self,
        *,
        query: str = 'mutation {{\\n    addTests(issueId: "{{{{P1_ID}}}}") {{\\n        addedTests\\n    }}\\n}}',
        url: (
            QueryValue | None
        ) = "https://bytescout-com.s3-us-west-2.amazonaws.com/files/demo-files/cloud-api/sample.eml",
        payment_method_options_card_three_d_secure_network_options_cartes_bancaires_cb: (
            QueryValue | None
        ) = None,
        components_payment_details_features_destination_on_behalf_of_charge_management: QueryValue,
        **options: Unpack[RequestOptions],
    ) -> Any:
        return 1
'''


def test_long_lines_black_keeps_skip_black_and_match_it() -> None:
    path = PurePosixPath("pkg/resources/domains.py")
    plans = Formatter().plan({path: LONG_SHAPES})
    assert [source for plan in plans.values() for source in plan.sources] == []
    fast, _ = format_files({path: LONG_SHAPES}, workers=1)
    assert fast[path] == format_source(LONG_SHAPES)
