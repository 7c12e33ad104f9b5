"""Long model field lines that the format fast path splits itself must come out as black's.

`render.format` splits a too-long `name: T = Field(..., alias="x")` at the call's bracket; this
checks that rule against black on fields of every length around the 88-column edge, with plain,
list and optional types (the shapes dcg writes for long, deep field paths).
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from postgen.render.format import (
    Formatter,
    _keep_model_block,
    format_files,
    format_source,
)

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
