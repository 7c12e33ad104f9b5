"""`render.layout` against black itself, on random statements of the shapes postgen emits.

`render.format` keeps a laid-out block without running black, so for every statement the
layout must either be black's exact text or stay flat on one too-long line (which sends the
block to black). Statements are drawn with their widths clustered around the 88-column limit:
that is where the rules switch from one branch to the next, and where an off-by-one hides. The
generator is seeded, so a failure reproduces, and its message shows the flat statement.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from black.strings import str_width

from postgen.render.calls import call_statement, conjunction, def_statement
from postgen.render.format import format_source
from postgen.render.layout import (
    LINE_LENGTH,
    Group,
    assignment,
    is_unsplittable,
    layout,
    one_line,
)
from tests.layout_statements import (
    random_name,
    random_request,
    random_signature,
)

SEED = 20_880
# A width this close to the limit counts as "at the boundary"; the sampler keeps every such
# statement and only a few of the others, so most cases sit where the rules switch.
NEAR = 3
KEEP_FAR = 0.15
SETTLED_SHARE = 0.6
MIN_PER_BRANCH = 5

# --- checking a case against black --------------------------------------------------------


def _module(indent: int, statement: str) -> str:
    """A module placing the statement (already indented) where postgen writes it: a method's
    `def` at 4, a statement in a method body at 8."""
    if indent == 4:
        return f"class C:\n{statement}\n        pass\n"
    method = "async def" if "await " in statement else "def"
    return f"class C:\n    {method} m(self):\n{statement}\n"


def _settled(text: str) -> bool:
    """Whether the layout made up its mind: no line black would still have to deal with."""
    return all(
        str_width(line) <= LINE_LENGTH or is_unsplittable(line)
        for line in text.split("\n")
    )


def _branch(text: str) -> str:
    """Which rule produced a settled layout."""
    lines = text.split("\n")
    if len(lines) == 1:
        return "one line"
    if lines[0].endswith(" = ("):
        return "parentheses"
    if any(line.endswith("={") for line in lines[1:-1]):
        return "nested dict split"
    if any(line.lstrip().startswith("| ") for line in lines):
        return "union split"
    if any(line.lstrip().startswith("+ ") for line in lines):
        return "concatenation split"
    return "body on one line" if len(lines) == 3 else "exploded"


def _widths(indent: int, group: Group, after: str = "") -> Iterator[int]:
    """Every width the rules compare with the limit when laying out `group` at `indent`."""
    inner = indent + len("    ")
    yield indent + str_width(one_line(group) + after)
    yield indent + str_width(group.head)
    yield indent + str_width(group.tail + after)
    yield inner + str_width(", ".join(one_line(item) for item in group.items))
    for item in group.items:
        if isinstance(item, Group):
            yield from _widths(inner, item, ",")
        else:
            yield inner + str_width(item + ",")


@dataclass(frozen=True)
class Case:
    """One statement: flat, and as laid out, at its indent."""

    indent: int
    flat: str
    laid_out: str
    widths: tuple[int, ...]


def _def_case(rng: random.Random) -> Case:
    group = random_signature(rng)
    return Case(
        4, " " * 4 + one_line(group), layout(4, group), tuple(_widths(4, group))
    )


def _request_case(rng: random.Random) -> Case:
    group = random_request(rng)
    return Case(
        8, " " * 8 + one_line(group), layout(8, group), tuple(_widths(8, group))
    )


def _assignment_case(rng: random.Random) -> Case:
    name = random_name(rng, rng.randint(1, 80))
    wrapper = rng.choice(("to_raw_response_wrapper", "async_to_raw_response_wrapper"))
    target, value = f"self.{name}", Group(f"{wrapper}(", (f"resource.{name}",), ")")
    joined = Group(f"{target} = {value.head}", value.items, value.tail)
    widths = (*_widths(8, joined), *_widths(12, value))
    flat = f"{' ' * 8}{target} = {one_line(value)}"
    return Case(8, flat, assignment(8, target, value), widths)


def _result_case(rng: random.Random) -> Case:
    """`result: A | B = [await] self._client.request(...)`: a method with a union return."""
    value = random_request(rng, union=True)
    cast = next(
        i for i in value.items if isinstance(i, str) and i.startswith("cast_to=")
    )
    target = f"result: {cast.removeprefix('cast_to=')}"
    joined = Group(f"{target} = {value.head}", value.items, value.tail)
    widths = (*_widths(8, joined), *_widths(12, value))
    flat = f"{' ' * 8}{target} = {one_line(value)}"
    return Case(8, flat, assignment(8, target, value), widths)


def _cases(make: Callable[[random.Random], Case], count: int, seed: int) -> list[Case]:
    """`count` cases, most of them with some width within `NEAR` columns of the limit."""
    rng = random.Random(seed)
    cases: list[Case] = []
    while len(cases) < count:
        case = make(rng)
        near = any(abs(width - LINE_LENGTH) <= NEAR for width in case.widths)
        if near or rng.random() < KEEP_FAR:
            cases.append(case)
    return cases


@dataclass(frozen=True)
class Shape:
    """A statement shape: its generator, how many cases, and the branches it must reach."""

    make: Callable[[random.Random], Case]
    count: int
    branches: tuple[str, ...]


SHAPES = {
    "def": Shape(_def_case, 1200, ("one line", "body on one line", "exploded")),
    "request": Shape(
        _request_case,
        1500,
        (
            "one line",
            "body on one line",
            "exploded",
            "nested dict split",
            "concatenation split",
        ),
    ),
    "assignment": Shape(
        _assignment_case, 600, ("one line", "body on one line", "parentheses")
    ),
    "result": Shape(_result_case, 600, ("body on one line", "exploded", "parentheses")),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_layout_matches_black_on_random_statements(shape: str) -> None:
    spec = SHAPES[shape]
    seed = SEED + sorted(SHAPES).index(shape)
    branches: Counter[str] = Counter()
    failures: list[tuple[int, str]] = []
    for case in _cases(spec.make, spec.count, seed):
        if not _settled(case.laid_out):
            branches["unsettled"] += 1
            if case.laid_out != case.flat:
                failures.append(
                    (len(case.flat), f"unsettled, not flat:\n{case.laid_out}")
                )
            continue
        branches[_branch(case.laid_out)] += 1
        black = format_source(_module(case.indent, case.flat))
        mine = _module(case.indent, case.laid_out)
        if black != mine:
            report = f"statement:\n{case.flat}\nblack:\n{black}layout:\n{mine}"
            failures.append((len(case.flat), report))
    # The shortest failing statements first: they are the easiest to read.
    failures.sort()
    assert (
        not failures
    ), f"{len(failures)} cases differ from black; shortest:\n" + "\n".join(
        text for _, text in failures[:3]
    )
    settled = spec.count - branches["unsettled"]
    assert settled > SETTLED_SHARE * spec.count, branches
    for branch in spec.branches:
        assert branches[branch] >= MIN_PER_BRANCH, (branch, branches)


# --- the rules, by example ----------------------------------------------------------------


def _assert_black_agrees(indent: int, group: Group, expected: str) -> None:
    laid_out = layout(indent, group)
    assert laid_out == expected
    flat = " " * indent + one_line(group)
    assert format_source(_module(indent, flat)) == _module(indent, laid_out)


_OPTIONS = "**options: Unpack[RequestOptions]"


def test_a_statement_that_fits_stays_on_one_line() -> None:
    group = Group("def get(", ("self", "*", "id: PathValue", _OPTIONS), ") -> Any:")
    expected = (
        "    def get(self, *, id: PathValue, **options: Unpack[RequestOptions]) -> Any:"
    )
    _assert_black_agrees(4, group, expected)


def test_a_long_statement_splits_at_its_bracket_with_the_items_on_one_line() -> None:
    group = Group(
        "def job_details(",
        ("self", "*", "job_id: PathValue", _OPTIONS),
        ") -> _models.JobDetailsResponse:",
    )
    expected = (
        "    def job_details(\n"
        "        self, *, job_id: PathValue, **options: Unpack[RequestOptions]\n"
        "    ) -> _models.JobDetailsResponse:"
    )
    _assert_black_agrees(4, group, expected)


def test_items_that_do_not_fit_on_one_line_go_one_per_line_with_a_trailing_comma() -> (
    None
):
    group = Group(
        "async def upload_records(",
        ("self", "*", "module_name: PathValue", "body: str | bytes", _OPTIONS),
        ") -> _models.UploadRecordsResponse:",
    )
    expected = (
        "    async def upload_records(\n"
        "        self,\n"
        "        *,\n"
        "        module_name: PathValue,\n"
        "        body: str | bytes,\n"
        "        **options: Unpack[RequestOptions],\n"
        "    ) -> _models.UploadRecordsResponse:"
    )
    _assert_black_agrees(4, group, expected)


def test_a_dict_inside_items_on_one_line_is_not_exploded() -> None:
    # Only the bracket being split explodes its display: this dict is inside the call's body.
    query = Group("query={", ('"a": a', '"b": b'), "}", is_display=True)
    group = Group(
        "return self._client.request(",
        ('"GET"', '"/users"', "cast_to=Any", query, "options=options"),
        ")",
    )
    expected = (
        "        return self._client.request(\n"
        '            "GET", "/users", cast_to=Any, query={"a": a, "b": b}, options=options\n'
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def test_a_dict_that_is_split_explodes_its_entries() -> None:
    query = Group(
        "query={",
        ('"organizationId": organization_id', '"subscriptionId": subscription_id'),
        "}",
        True,
    )
    group = Group(
        "return await self._client.request(",
        (
            '"GET"',
            '"/subscriptions"',
            "cast_to=_models.Subscriptions",
            query,
            "options=options",
        ),
        ")",
    )
    expected = (
        "        return await self._client.request(\n"
        '            "GET",\n'
        '            "/subscriptions",\n'
        "            cast_to=_models.Subscriptions,\n"
        "            query={\n"
        '                "organizationId": organization_id,\n'
        '                "subscriptionId": subscription_id,\n'
        "            },\n"
        "            options=options,\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def test_a_string_too_long_for_any_line_keeps_a_line_of_its_own() -> None:
    path = 'f"/' + "very/long/path/" * 5 + "{path_param('id', id)}\""
    group = Group("return self._client.request(", ('"GET"', path, "cast_to=Any"), ")")
    expected = (
        "        return self._client.request(\n"
        '            "GET",\n'
        f"            {path},\n"
        "            cast_to=Any,\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def test_a_concatenation_too_long_for_its_line_is_split_before_each_plus() -> None:
    # A path that cannot be an f-string (quotes in it): black splits it before each `+`, an
    # operand a line, even when a literal's line is still too long.
    path = " + ".join(
        [f'"/{"segment" * 4}/"', 'path_param("id", id)', f'"/{"tail" * 6}"']
    )
    group = Group("return self._client.request(", ('"GET"', path, "cast_to=Any"), ")")
    expected = (
        "        return self._client.request(\n"
        '            "GET",\n'
        f'            "/{"segment" * 4}/"\n'
        '            + path_param("id", id)\n'
        f'            + "/{"tail" * 6}",\n'
        "            cast_to=Any,\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)
    long_literal = f'"/{"x" * 90}"'
    path = f"self._client.settings.base_url + {long_literal}"
    group = Group("return self._client.request(", ('"GET"', path), ")")
    expected = (
        "        return self._client.request(\n"
        '            "GET",\n'
        "            self._client.settings.base_url\n"
        f"            + {long_literal},\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)
    # A dict's lone entry: the key stays with the first operand, and no trailing comma.
    entry = f'"Authorization": "{"Bearer " * 6}" + self._client.settings.access_token'
    headers = Group("headers={", (entry,), "}", is_display=True)
    group = Group("return self._client.request(", ('"GET"', '"/me"', headers), ")")
    expected = (
        "        return self._client.request(\n"
        '            "GET",\n'
        '            "/me",\n'
        "            headers={\n"
        f'                "Authorization": "{"Bearer " * 6}"\n'
        "                + self._client.settings.access_token\n"
        "            },\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def test_what_the_rules_do_not_settle_stays_flat_for_black() -> None:
    # A concatenation whose call operand is still too long on its own line: black would
    # split that call, the layout does not.
    name = "segment" * 12
    path = " + ".join(['"/a/"', f'path_param("{name}", {name})', '"/b"'])
    group = Group("return self._client.request(", ('"GET"', path, "cast_to=Any"), ")")
    assert layout(8, group) == " " * 8 + one_line(group)


def test_an_assignment_splits_in_the_call_or_else_in_parentheses() -> None:
    def wrapped(name: str) -> str:
        value = Group("to_raw_response_wrapper(", (f"resource.{name}",), ")")
        laid_out = assignment(8, f"self.{name}", value)
        flat = f"        self.{name} = {one_line(value)}"
        assert format_source(_module(8, flat)) == _module(8, laid_out)
        return laid_out

    assert wrapped("job_details") == (
        "        self.job_details = to_raw_response_wrapper(resource.job_details)"
    )
    name = "get_the_details_of_a_bulk_write_job_x"
    assert wrapped(name) == (
        f"        self.{name} = to_raw_response_wrapper(\n"
        f"            resource.{name}\n"
        "        )"
    )
    name = "get_the_details_of_a_bulk_write_job_performed_previously"
    assert wrapped(name) == (
        f"        self.{name} = (\n"
        "            to_raw_response_wrapper(\n"
        f"                resource.{name}\n"
        "            )\n"
        "        )"
    )


def test_a_too_long_union_parameter_gets_its_annotation_in_parentheses() -> None:
    name = "payment_settings_payment_method_options_card_installments_plan_interval"
    group = Group(
        "def update(",
        ("self", "*", f"{name}: str | None = None", _OPTIONS),
        ") -> Any:",
    )
    expected = (
        "    def update(\n"
        "        self,\n"
        "        *,\n"
        f"        {name}: (\n"
        "            str | None\n"
        "        ) = None,\n"
        "        **options: Unpack[RequestOptions],\n"
        "    ) -> Any:"
    )
    _assert_black_agrees(4, group, expected)


def test_a_too_long_dict_entry_keeps_its_line() -> None:
    key = "payment_settings[payment_method_options][card][installments][plan][interval]"
    entry = f'"{key}": interval'
    data = Group("data={", (entry, '"a": a'), "}", is_display=True)
    group = Group(
        "return self._client.request(", ('"POST"', data, "options=options"), ")"
    )
    expected = (
        "        return self._client.request(\n"
        '            "POST",\n'
        "            data={\n"
        f"                {entry},\n"
        '                "a": a,\n'
        "            },\n"
        "            options=options,\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def test_a_long_string_entry_keeps_its_line_and_a_helper_call_splits() -> None:
    # Header values that read settings (Adobe's collection has them on every request): black
    # leaves a `"key": f"..."` entry as it is and splits a `"key": pick(...)` call.
    token = "require_setting(self._client.settings.access_token, name='access_token', env='ADOBE_TOKEN')"
    entry = f'"Authorization": f"Bearer {{{token}}}"'
    call = Group(
        '"x-api-key": require_setting(',
        (
            "self._client.settings.api_key",
            'name="api_key"',
            'env="ADOBE_EXPERIENCE_PLATFORM_API_KEY"',
        ),
        ")",
    )
    headers = Group("headers={", (entry, call), "}", is_display=True)
    group = Group("return self._client.request(", ('"GET"', headers), ")")
    expected = (
        "        return self._client.request(\n"
        '            "GET",\n'
        "            headers={\n"
        f"                {entry},\n"
        '                "x-api-key": require_setting(\n'
        "                    self._client.settings.api_key,\n"
        '                    name="api_key",\n'
        '                    env="ADOBE_EXPERIENCE_PLATFORM_API_KEY",\n'
        "                ),\n"
        "            },\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def test_a_lone_entry_too_long_for_its_dict_is_split_inside_with_no_comma() -> None:
    # A query that reads one setting (xray's `projectKey`): black splits the call inside the
    # dict's brackets and adds no trailing comma after it (the dict has one entry).
    call = Group(
        '"projectKey": require_setting(',
        (
            "self._client.settings.project_key",
            'name="project_key"',
            'env="XRAY_CLOUD_GRAPHQL_API_PROJECT_KEY"',
        ),
        ")",
    )
    query = Group("query={", (call,), "}", is_display=True)
    group = Group(
        "return self._client.request(",
        (
            '"POST"',
            '"/import/execution/junit"',
            "cast_to=Any",
            query,
            "options=options",
        ),
        ")",
    )
    expected = (
        "        return self._client.request(\n"
        '            "POST",\n'
        '            "/import/execution/junit",\n'
        "            cast_to=Any,\n"
        "            query={\n"
        '                "projectKey": require_setting(\n'
        "                    self._client.settings.project_key,\n"
        '                    name="project_key",\n'
        '                    env="XRAY_CLOUD_GRAPHQL_API_PROJECT_KEY",\n'
        "                )\n"
        "            },\n"
        "            options=options,\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)
    long_entry = '"' + "k" * 60 + '": "' + "v" * 40 + '"'
    lone = Group("query={", (long_entry,), "}", is_display=True)
    group = Group("return self._client.request(", ('"GET"', lone), ")")
    expected = (
        "        return self._client.request(\n"
        '            "GET",\n'
        "            query={\n"
        f"                {long_entry}\n"
        "            },\n"
        "        )"
    )
    _assert_black_agrees(8, group, expected)


def _union_params_as_black(
    params_of: Callable[[str], tuple[str, ...]], lengths: range, mark: str
) -> int:
    """Lay out `def create(...)` with names of each length, compare every settled layout
    with black's, and count the layouts holding `mark` (the rule under test did split).
    """
    split = 0
    for length in lengths:
        group = Group("def create(", params_of("X" * length), ") -> Any:")
        laid_out = layout(4, group)
        if not _settled(laid_out):
            continue  # left to black: a member too long for a line of its own
        split += mark in laid_out
        black = format_source(_module(4, "    " + one_line(group)))
        assert black == _module(4, laid_out), length
    return split


def test_a_parameter_union_too_long_in_parentheses_is_split_as_black_splits_it() -> (
    None
):
    def params(name: str) -> tuple[str, ...]:
        return (
            "self",
            "*",
            f"operations: Sequence[_params.{name}] | NotGiven = NOT_GIVEN",
            f"legal_consents: _params.{name} | Sequence[str | None] | None = None",
            _OPTIONS,
        )

    # The rule does split, not just leave lines to black.
    assert _union_params_as_black(params, range(40, 100), "\n            | ") > 15


def test_a_subscripted_member_too_long_for_its_line_is_split_inside_its_brackets() -> (
    None
):
    # `Sequence[_params.LongName]` alone past the edge: black breaks inside its brackets,
    # first member or later, and postgen must too (else the block goes to black).
    def params(name: str) -> tuple[str, ...]:
        return (
            "self",
            "*",
            f"line_items: Sequence[_params.{name}] | NotGiven = NOT_GIVEN",
            f"text_items: NotGiven | Sequence[_params.{name}] | None = None",
            _OPTIONS,
        )

    # 8 of these lengths split inside the brackets with black 26.10.
    assert _union_params_as_black(params, range(50, 90), "Sequence[\n") >= 5


def test_a_parameter_with_a_tuple_default_too_long_is_split_in_the_tuple() -> None:
    # A repeated query parameter's saved values are its default: too long, black splits at
    # the tuple's brackets and puts each element on a line of its own, however few.
    split = 0
    for length in range(30, 96, 3):
        for values in (("a",), ("a", '"b"'), ("a", "None", "3")):
            first = '"' + "x" * length + '"'
            default = (
                f"({first}, {', '.join(values[1:])})" if values[1:] else f"({first},)"
            )
            params = (
                "self",
                "*",
                f"variable: QueryValue | None = {default}",
                'other: QueryValue | None = "1"',
                _OPTIONS,
            )
            group = Group("def list_all(", params, ") -> Any:")
            laid_out = layout(4, group)
            assert _settled(laid_out), laid_out
            black = format_source(_module(4, "    " + one_line(group)))
            assert black == _module(4, laid_out), (length, values)
            split += "QueryValue | None = (\n" in laid_out
    assert split >= 30


def test_a_return_annotation_too_long_after_the_parameters_is_split_as_black_splits_it() -> (
    None
):
    # A split `def` whose `) -> Name:` or `) -> Name[Item]:` is still past the edge: black
    # parenthesizes the name (a dotted one whatever its length) or breaks in the subscript.
    splits = Counter[str]()
    for length in range(60, 90, 2):
        for wrap in ("_models.{}", "AsyncPaginator[_models.{}]", "{}"):
            returns = wrap.format("T" * length)
            params = ("self", "*", "p: QueryValue | None = None", _OPTIONS)
            laid_out = layout(4, Group("def method(", params, f") -> {returns}:"))
            flat = f"    def method({', '.join(params)}) -> {returns}:"
            source = f"class C:\n{flat}\n        pass\n"
            assert format_source(source) == f"class C:\n{laid_out}\n        pass\n"
            splits[laid_out.split("\n")[-1]] += 1
    assert splits["    ):"] >= 10 and splits["    ]:"] >= 10


def test_a_resource_wrappers_init_and_returns_are_laid_out_as_black_lays_them_out() -> (
    None
):
    # `def __init__(self, resource: AsyncLongFolder) -> None:` and `return LongFolder(self)`
    # past the edge (long folder names): black splits them at their brackets.
    splits = Counter[str]()
    for length in range(20, 80):
        name = "Async" + "F" * length
        init = def_statement(4, "__init__", ("self", f"resource: {name}"), "None")
        back = call_statement(8, f"return {name}WithStreamingResponse", "self")
        flat_init = f"    def __init__(self, resource: {name}) -> None:"
        flat_back = f"        return {name}WithStreamingResponse(self)"
        # Each in a module of its own, so each is checked at every length it settles.
        for kind, laid_out, flat in (
            ("init", init, flat_init),
            ("return", back, flat_back),
        ):
            if not _settled(laid_out):
                continue
            assert format_source(_module(4 if kind == "init" else 8, flat)) == _module(
                4 if kind == "init" else 8, laid_out
            )
            splits[kind] += laid_out != flat
    assert splits["init"] >= 5 and splits["return"] >= 5
    with pytest.raises(ValueError, match="two parameters"):
        def_statement(4, "f", ("self",), "None")


@pytest.mark.parametrize("count", [2, 3])
def test_a_condition_too_long_for_its_line_is_split_before_each_and(count: int) -> None:
    # The `if a is not None and b is not None` of an optional auth scheme's stand-in.
    split = 0
    for length in range(10, 60, 2):
        names = [f"{chr(97 + index)}{'x' * length}" for index in range(count)]
        condition = conjunction(12, "if", [f"settings.{n} is not None" for n in names])
        module = (
            "def f(settings):\n    return (\n        (\n"
            f"            Basic(settings.{names[0]})\n{condition}\n"
            '            else MissingAuth("a", "B")\n        ),\n        Other(),\n    )\n'
        )
        if _settled(condition):
            assert format_source(module) == module
        split += "\n" in condition
    assert split >= 10
