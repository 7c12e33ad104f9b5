"""Long lines that the format fast path splits itself must come out as black's.

`render.format` splits a too-long `name: T = Field(..., alias="x")` at the call's bracket, a
`name: NotRequired[T]` field in its brackets, a `name: A | None = None` field at its default or
around its union, a `name: A` field around its annotation (a union still too long there at its
`|`), a one-base class line, an import into a name a line, an error map's entry at its tuple
key, a `return a.b.c` in parentheses and a docstring's closing quotes onto their own line. Each rule is checked against black on lines of
every length around the 88-column edge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import PurePosixPath

import pytest

from postgen.render.format import (
    Formatter,
    _keep_laid_out_block,
    format_files,
    format_source,
)
from postgen.render.model_lines import keep_model_block


def _splits_matching_black(
    keep: Callable[[Sequence[str]], list[str] | None], blocks: Iterable[list[str]]
) -> int:
    """How many of `blocks` `keep` splits; every block it keeps must be black's output."""
    split = 0
    for block in blocks:
        kept = keep(block)
        if kept is not None:
            split += len(kept) > len(block)
            source = "\n".join(block) + "\n"
            assert "\n".join(kept) + "\n" == format_source(source), block
    return split


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
    "NotRequired[Sequence[Mapping[str, str]] | {} | str]",
    "{} | Other{} | None",
    "Sequence[{}] | {} | None",
    "{}",
    "{} | Other",
    "list[{}]",
    "dict[str, {}] | list[{}]",
    "NotRequired[Sequence[Mapping[str, {}]]]",
    "NotRequired[Mapping[str, Sequence[{}]]]",
    "NotRequired[Sequence[Sequence[{}]]]",
    "NotRequired[Mapping[str, Mapping[str, {}]]]",
    "NotRequired[Sequence[{} | None]]",
]


def _annotated_fields() -> list[str]:
    lines = []
    for length in range(15, 180, 6):
        for shape in _ANNOTATIONS:
            for name in ("a", "associate_role_assignments", "x" * 40):
                for default in ("", " = None"):
                    annotation = shape.replace("{}", "Model" + "Y" * length)
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
    blocks = (["class Model(TypedDict):", line] for line in _annotated_fields())
    # The rules do split, not just leave lines to black.
    assert _splits_matching_black(keep_model_block, blocks) > 100


def test_nested_subscripts_too_long_are_split_level_by_level_as_black_splits_them() -> (
    None
):
    # A TypedDict field of a list of maps of a long item name (o2p's webhooks): black
    # splits each subscript in its brackets in turn, and two arguments a line each.
    blocks = (
        ["class Model(TypedDict):", line]
        for line in _annotated_fields()
        if "Sequence[Mapping[" in line or "Mapping[str, Sequence[" in line
    )
    deep = 0
    for block in blocks:
        kept = keep_model_block(block)
        if kept is not None:
            assert "\n".join(kept) + "\n" == format_source("\n".join(block) + "\n")
            deep += (
                len(kept) >= 7
            )  # three levels: head, two openings, two args, closings
    assert deep >= 20


def _import_lines() -> list[str]:
    lines = []
    for count in (1, 2, 5, 13):
        for length in range(4, 120, 7):
            names = [f"Name{index}" + "Z" * length for index in range(count)]
            lines.append("from .shared import " + ", ".join(names))
            names[0] += f" as {names[0]}_1"
            lines.append("from .shared import " + ", ".join(names))
    return lines


def test_import_lines_match_black() -> None:
    header = [
        "# Generated by postgen from Some API. Do not edit.",
        "",
        "from __future__ import annotations",
        "",
    ]
    blocks = ([*header, line] for line in _import_lines())
    assert _splits_matching_black(keep_model_block, blocks) > 30


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


def test_a_docstring_ending_with_a_quote_gets_black_s_space_before_its_closing_quotes() -> (
    None
):
    # `... such as "0 17 * * *\""""`: black puts a space before the closing quotes (and, on
    # a closing line that space makes too long, also moves them, which is left to black).
    kept_count = 0
    for length in range(60, 100):
        text = ("word " * 30)[: length - 12].rstrip() + ' \\"'
        for lines in (
            [f'        """{text}"""', "        return 1"],
            ['        """Summary.', "", f'        {text}"""', "        return 1"],
        ):
            kept = _keep_laid_out_block(lines)
            if kept is not None:
                kept_count += 1
                assert _in_method(kept) == format_source(_in_method(lines)), length
    assert kept_count >= 60


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
        return self._client.request(
            "POST",
            "/v1/customer",
            managed_path_upload_verification_token=managed_path_upload_verification_token,
            data={{
                "client_secret": require_setting(
                    self._client.settings.client_secret,
                    name="client_secret",
                    env="MICROSOFT_IDENTITY_PLATFORM_PROTOCOLS_FOR_GITHUB_CLIENT_SECRET",
                ),
            }},
            options=options,
        )
'''


def test_long_lines_black_keeps_skip_black_and_match_it() -> None:
    path = PurePosixPath("pkg/resources/domains.py")
    plans = Formatter().plan({path: LONG_SHAPES})
    assert [source for plan in plans.values() for source in plan.sources] == []
    fast, _ = format_files({path: LONG_SHAPES}, workers=1)
    assert fast[path] == format_source(LONG_SHAPES)


def _error_maps() -> Iterator[list[str]]:
    for length in range(10, 110):
        for name in ("NotFoundError", "Streaming" + "Y" * (length // 2) + "Error"):
            code = "https://api.example.com/problems/" + "x" * length
            yield [
                "ERROR_SPEC = ErrorSpec(",
                '    code_paths=(("type",),),',
                "    by_code={",
                f'        (429, "{code}"): {name},',
                f"        (400, 'it\"s'): {name},",
                "    },",
                ")",
            ]


def test_long_error_code_entries_match_black() -> None:
    assert _splits_matching_black(_keep_laid_out_block, _error_maps()) > 10


def _error_classes() -> Iterator[list[str]]:
    for length in range(20, 100, 2):
        yield [
            f"# Generated by postgen from {'An API ' * (length // 6)}. Do not edit.",
            f"class InvalidRequestError(BadRequestError, Api{'Y' * length}Error):",
            '    """400 ``invalid_request``."""',
        ]


def test_long_error_class_lines_and_comments_match_black() -> None:
    assert _splits_matching_black(_keep_laid_out_block, _error_classes()) > 10


def _field_blocks(
    annotation: str, name_lengths: range, type_lengths: range
) -> list[list[str]]:
    """One-field models `fxx...: annotation = Field(...)`, the annotation's `{}` a long name."""
    return [
        [
            "class Model(BaseModel):",
            f'    f{"x" * n}: {annotation.format("Y" * t)} = Field(..., alias="a")',
        ]
        for n in name_lengths
        for t in type_lengths
    ]


def test_a_field_too_long_up_to_its_call_gets_the_call_in_parentheses() -> None:
    # `name: LongType = Field(` past the edge: black moves the whole call into parentheses
    # of its own (`name: LongType = (` / `Field(...)` / `)`), and so must postgen.
    blocks = _field_blocks("M{}", range(30, 60, 2), range(10, 50, 2))
    assert _splits_matching_black(keep_model_block, blocks) >= 10
    in_parentheses = [
        block for block in blocks if "= (" in str(keep_model_block(block))
    ]
    assert len(in_parentheses) >= 10


@pytest.mark.parametrize(
    ("annotation", "opening"),
    [
        ("list[M{}]", ": list["),
        ("dict[str, M{}]", ": dict["),
        ("M{} | None", ": ("),
        ("list[M{}] | None", ": ("),
        ("_models.M{}", ": ("),
        ("M{}", ": ("),
    ],
)
def test_a_field_too_long_up_to_its_parentheses_is_split_inside_its_annotation(
    annotation: str, opening: str
) -> None:
    # Even `name: LongType = (` past the edge: black splits inside the annotation instead,
    # in its brackets or in parentheses of its own (`name: (` / `Long | None` / `) = Field(`).
    blocks = _field_blocks(annotation, range(10, 40, 3), range(40, 100, 3))
    assert _splits_matching_black(keep_model_block, blocks) >= 10
    inside = [
        b for b in blocks if opening + "\n" in "\n".join(keep_model_block(b) or [])
    ]
    assert len(inside) >= 10
