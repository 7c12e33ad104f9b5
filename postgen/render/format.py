"""Black's output for every generated module, with black run only where it would change something.

Black is the slowest stage on big clients (about 10 s of a cold GitHub build, half of it parsing
alone), so it is run on as little text as possible:

- Modules from postgen's own templates (resources, the client, errors, `__init__`) are laid out
  as black would (`render.layout`, canonical quotes and docstrings). A module is cut into blocks
  (a method, a class header, the imports); a block goes to black only if a code line is still
  too long, a line ends in whitespace, or a docstring's end is one black would change.
- Model modules come from datamodel-code-generator in a regular style. A block (one class) whose
  every line has a form black keeps (`render.model_lines`: a whitelist of canonical shapes,
  after turning simple `'...'` literals into `"..."`) is kept; any other block is given to
  black.
- Request-body TypedDict modules (`params/`) are model-like; their functional-syntax TypedDicts
  are laid out as black would by the renderer (`render.typed_dicts`), and kept like resource code.
- Everything else is given to black whole.

A block goes to black alone: an indented block is wrapped in a dummy class first. Tests check that
the result is byte-identical to black on the whole module, for the samples and the whole corpus.

A module whose unformatted source is unchanged since the last build (same digest in the output's
manifest, file on disk untouched) is not formatted again: its formatted text is taken from disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import cache
from itertools import pairwise
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from postgen.fingerprint import digest
from postgen.render.black_text import str_width
from postgen.render.layout import (
    LINE_LENGTH,
    STRING_LITERAL,
    all_fit,
    is_unsplittable,
    line_kinds,
)
from postgen.render.model_lines import keep_model_block
from postgen.render.typed_dicts import DOC as PARAMS_DOC

if TYPE_CHECKING:
    import black

__all__ = ["Formatter", "digest", "format_files", "format_source"]

# Below this much source for black, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 400_000
# Modules rendered from postgen's own templates, written in black's style.
_OWN_TEMPLATES = frozenset({"__init__.py", "_client.py", "errors.py"})
_BLOCK_START = re.compile(r"(?:    )?(?:class |def |async def |@)")
# In a params module a functional TypedDict (`Name = TypedDict(...)`) starts a block too.
_FUNCTIONAL = re.compile(r"\w+ = TypedDict\(")
_PARAMS_START = re.compile(rf"{_BLOCK_START.pattern}|{_FUNCTIONAL.pattern}")
# A lazy import in a method (a subfolder's class): too long, black wraps the name in brackets.
_LONG_IMPORT = re.compile(
    r"(?P<indent> *)(?P<head>from [\w.]+ import )(?P<name>\w+(?: as \w+)?)"
)
# A property's `def name(self) -> Type:` too long for a line (long folder names).
_SELF_DEF = re.compile(r"(?P<indent> *)(?P<head>def \w+\()self(?P<tail>\) -> [\w.]+:)")
# `return a.b.c`: too long, black wraps the value in parentheses (even when it still does not fit).
_DOTTED_RETURN = re.compile(
    r"(?P<indent> *)return (?P<value>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)"
)
# An import already split at its bracket whose first line is still too long: black keeps it.
_OPEN_IMPORT = re.compile(r" *from [\w.]+ import \(")
_WRAPPER = "class _:\n"
# An error class with two bases (its status class and the API's base): too long, black puts
# the bases on a line of their own.
_TWO_BASES = re.compile(r"(?P<head>class \w+\()(?P<bases>\w+, \w+)\):")
# An entry of the errors module's `by_code` map: too long, black explodes its tuple key.
_ERROR_ENTRY = re.compile(
    rf"(?P<indent> +)\((?P<status>\d+), (?P<code>{STRING_LITERAL})\): (?P<name>\w+),"
)


@cache
def _mode() -> black.Mode:
    # Imported on first use: most builds give black nothing (see the module docstring).
    import black

    return black.Mode(target_versions={black.mode.TargetVersion.PY311})


def format_source(source: str) -> str:
    """Black-format one Python module."""
    import black

    return black.format_str(source, mode=_mode())


def _keep_laid_out_block(lines: Sequence[str]) -> list[str] | None:
    """The block's lines unless a code line is too long (so the layout left it to black).

    Docstring lines may be long: black never rewraps a docstring. It only moves closing quotes
    that would pass the limit, which is why the closing line is checked. Trailing whitespace is
    left to black (it keeps it in a docstring with a backslash before a line break).
    """
    kept: list[str] = []
    opening = ""  # the indentation of the docstring being read
    for line, kind in line_kinds(lines):
        if line != line.rstrip():
            return None
        if kind in ("closing", "oneline") and _black_pads_docstring(line):
            # Black puts a space before the closing quotes; on a closing line that the space
            # makes too long it also moves the quotes, which is left to black.
            line = line[: line.rindex('"""')] + ' """'
            if kind == "closing" and len(line) > LINE_LENGTH:
                return None
        too_long = str_width(line) > LINE_LENGTH
        if kind == "opening":
            opening = line[: len(line) - len(line.lstrip())]
        if kind == "closing" and len(line) > LINE_LENGTH:
            split = _split_closing_quotes(line, opening)
            if split is None:
                return None
            kept.extend(split)
            continue
        if too_long and kind == "code" and not is_unsplittable(line):
            # A comment line (a long title in the header) black keeps, however long.
            if _OPEN_IMPORT.fullmatch(line) or line.lstrip().startswith("# "):
                kept.append(line)
                continue
            split = (
                _split_import(line)
                or _split_self_def(line)
                or _split_return(line)
                or _split_error_entry(line)
                or _split_bases(line)
            )
            if split is None:
                return None
            kept.extend(split)
            continue
        if too_long and kind == "closing":
            return None
        kept.append(line)
    return kept


def _split_self_def(line: str) -> list[str] | None:
    """`def name(`, `    self,`, `) -> Type:`: black's split of a one-parameter `def`, which
    gains a trailing comma (black adds one to a split parameter list that has none)."""
    match = _SELF_DEF.fullmatch(line)
    if match is None:
        return None
    indent = match["indent"]
    lines = [
        f"{indent}{match['head']}",
        f"{indent}    self,",
        f"{indent}{match['tail']}",
    ]
    return all_fit(lines)


def _split_closing_quotes(line: str, indent: str) -> list[str] | None:
    """The last line of a docstring and its closing quotes on a line of their own: black moves
    them there when the line with them is too long (counted in characters, as black counts).
    None when the text is not one plain line (a character `splitlines` breaks at, trailing
    space, or only quotes)."""
    text = line.removesuffix('"""')
    if text == line or not text.strip() or text != text.rstrip():
        return None
    if len(line.splitlines()) != 1 or '"""' in text:
        return None
    return [text, indent + '"""']


def _split_return(line: str) -> list[str] | None:
    """`return (`, the dotted name, `)`: black's split of a `return a.b.c` too long for a line
    (long folder names in a resource's `with_streaming_response` property)."""
    match = _DOTTED_RETURN.fullmatch(line)
    if match is None:
        return None
    indent = match["indent"]
    return [f"{indent}return (", f"{indent}    {match['value']}", f"{indent})"]


def _split_import(line: str) -> list[str] | None:
    """`from x import (`, `    Name,`, `)`: black's split of a one-name import too long for a
    line (deep folders make long module names), even when the first line is still too long.
    """
    match = _LONG_IMPORT.fullmatch(line)
    if match is None:
        return None
    indent = match["indent"]
    return [f"{indent}{match['head']}(", f"{indent}    {match['name']},", f"{indent})"]


def _split_bases(line: str) -> list[str] | None:
    """`class Name(`, the bases, `):`: black's split of an error class line too long for a line,
    when the bases fit on one (else black puts one a line, not reproduced here)."""
    match = _TWO_BASES.fullmatch(line)
    if match is None:
        return None
    lines = [match["head"], f"    {match['bases']}", "):"]
    return all_fit(lines)


def _split_error_entry(line: str) -> list[str] | None:
    """`(`, the status and the code a line each (with black's trailing comma), `): Class,`:
    black's split of a `by_code` entry too long for a line (codes that are URLs). None when a
    line still does not fit."""
    match = _ERROR_ENTRY.fullmatch(line)
    if match is None:
        return None
    indent = match["indent"]
    lines = [
        f"{indent}(",
        f"{indent}    {match['status']},",
        f"{indent}    {match['code']},",
        f"{indent}): {match['name']},",
    ]
    return all_fit(lines)


def _keep_params_block(lines: Sequence[str]) -> list[str] | None:
    """A params module's block: a functional TypedDict as laid out by the renderer, else as a
    model block (the module's fixed docstring accepted as it is)."""
    if _FUNCTIONAL.match(lines[0]):
        return _keep_laid_out_block(lines)
    if len(lines) > 1 and lines[1] == PARAMS_DOC:
        kept = keep_model_block([lines[0], *lines[2:]])
        return None if kept is None else [kept[0], PARAMS_DOC, *kept[1:]]
    return keep_model_block(lines)


def _black_pads_docstring(closing_line: str) -> bool:
    """Whether black adds a space before the closing quotes: the text ends with a quote (the
    `docstring` filter escapes it, `\\"`). (An odd run of backslashes would too, but the filter
    doubles every backslash.)
    """
    return closing_line[: closing_line.rindex('"""')].endswith('"')


_Keep = Callable[[Sequence[str]], "list[str] | None"]


def _keeper(path: PurePosixPath) -> _Keep | None:
    """How the module at `path` may skip black; None: black formats it whole."""
    if path.parent.name == "models" and path.name != "__init__.py":
        return keep_model_block
    if path.parent.name == "params" and path.name != "__init__.py":
        return _keep_params_block
    if path.parent.name == "resources" or path.name in _OWN_TEMPLATES:
        return _keep_laid_out_block
    return None


def _blocks(
    source: str, start: re.Pattern[str] = _BLOCK_START
) -> list[tuple[list[str], int]]:
    """The module cut before each class, def or decorator at the top two levels (never inside
    a docstring), or each line `start` matches: (lines, number of blank lines that follow them).
    """
    blocks: list[list[str]] = [[]]
    previous = ""
    for line, kind in line_kinds(source.rstrip("\n").split("\n")):
        starts = (
            kind == "code"
            and start.match(line)
            and not previous.lstrip().startswith("@")
        )
        if starts and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
        if line:
            previous = line
    result = []
    for block in blocks:
        content = len(block)
        while content and not block[content - 1]:
            content -= 1
        result.append((block[:content], len(block) - content))
    return result


def _black_gaps(blocks: list[tuple[list[str], int]]) -> list[tuple[list[str], int]]:
    """Black's blank lines between blocks: two before a top-level class or def, one before a
    method, none at the end of the module; one between the imports and a top-level statement
    that is not a class or def (a functional TypedDict)."""
    gaps = [
        _gap(lines, following)
        for (lines, _), (following, _) in pairwise(blocks)
        if following
    ]
    return [(lines, gap) for (lines, _), gap in zip(blocks, [*gaps, 0], strict=True)]


def _gap(lines: Sequence[str], following: Sequence[str]) -> int:
    if following[0].startswith(" "):
        return 1
    if (
        lines
        and lines[-1].startswith(("from ", "import "))
        and not _BLOCK_START.match(following[0])
    ):
        return 1
    return 2


def _black_source(lines: Sequence[str]) -> str:
    source = "\n".join(lines) + "\n"
    return _WRAPPER + source if lines[0].startswith(" ") else source


def _from_black(formatted: str, wrapped: bool) -> list[str]:
    lines = formatted.split("\n")[:-1]
    if wrapped:
        lines = lines[1:]
    while lines and not lines[0]:
        lines.pop(0)
    return lines


class _Plan:
    """One module's blocks: kept ones as text, the others as sources waiting for black."""

    def __init__(self, source: str, keep: _Keep | None) -> None:
        self.parts: list[list[str] | int] = []  # kept lines, or an index into `sources`
        self.gaps: list[int] = []
        self.sources: list[str] = []
        start = _PARAMS_START if keep is _keep_params_block else _BLOCK_START
        blocks = _blocks(source, start) if keep else [(source.split("\n")[:-1], 0)]
        if keep:
            blocks = _black_gaps(blocks)
        for lines, gap in blocks:
            kept = keep(lines) if keep else None
            if kept is not None or not lines:
                self.parts.append(kept or [])
            else:
                self.parts.append(len(self.sources))
                self.sources.append(_black_source(lines) if keep else source)
            self.gaps.append(gap)

    def assemble(self, formatted: Sequence[str]) -> str:
        out: list[str] = []
        for part, gap in zip(self.parts, self.gaps, strict=True):
            if isinstance(part, int):
                wrapped = self.sources[part].startswith(_WRAPPER)
                out.extend(_from_black(formatted[part], wrapped))
            else:
                out.extend(part)
            out.extend([""] * gap)
        return "\n".join(out) + "\n"


ProgressFn = Callable[[int, int], None]


class Formatter:
    """Formats modules as they arrive, so a caller can format some while others are still
    being rendered (the models come from another process).

    `cached` maps a path to (source digest, formatted text) from an earlier build. Files inside a
    folder named in `preformatted` are copied as they are: the runtime package is black-formatted
    in this repo (CI checks it), so formatting its 1,300 lines on every build would only cost time.
    """

    def __init__(
        self,
        cached: Mapping[PurePosixPath, tuple[str, str]] | None = None,
        preformatted: frozenset[str] = frozenset({"_runtime"}),
    ) -> None:
        self.cached = cached or {}
        self.preformatted = preformatted
        self.result: dict[PurePosixPath, str] = {}
        self.digests: dict[PurePosixPath, str] = {}

    def plan(
        self,
        files: Mapping[PurePosixPath, str],
        keys: Mapping[PurePosixPath, str] | None = None,
    ) -> dict[PurePosixPath, _Plan]:
        """Take `files`; return the plans of those that need black somewhere. `keys` overrides a
        file's source digest (the models use the digest of dcg's input, not of its output).
        """
        self.result.update(files)
        plans: dict[PurePosixPath, _Plan] = {}
        for path in sorted(files):
            if path.suffix != ".py":
                continue
            self.digests[path] = (keys or {}).get(path) or digest(files[path])
            previous = self.cached.get(path)
            if path.parent.name in self.preformatted:
                continue
            if previous is not None and previous[0] == self.digests[path]:
                self.result[path] = previous[1]
            else:
                plans[path] = _Plan(files[path], _keeper(path))
        return plans

    def reuse(self, path: PurePosixPath, key: str) -> bool:
        """Take the cached text of `path` if it was built from the input `key`."""
        previous = self.cached.get(path)
        if previous is None or previous[0] != key:
            return False
        self.result[path] = previous[1]
        self.digests[path] = key
        return True

    def run(
        self,
        plans: Mapping[PurePosixPath, _Plan],
        pool: Executor | None = None,
        progress: ProgressFn | None = None,
    ) -> None:
        """Black every planned block (in `pool` when given and worth it), then assemble."""
        todo = [source for plan in plans.values() for source in plan.sources]
        formatted: Iterable[str]
        if pool is not None and sum(map(len, todo)) > _PARALLEL_THRESHOLD:
            formatted = pool.map(format_source, todo, chunksize=8)
        else:
            formatted = map(format_source, todo)
        results = iter(formatted)
        for number, (path, plan) in enumerate(plans.items(), 1):
            self.result[path] = plan.assemble([next(results) for _ in plan.sources])
            if progress is not None:
                progress(number, len(plans))


def format_files(
    files: Mapping[PurePosixPath, str],
    cached: Mapping[PurePosixPath, tuple[str, str]] | None = None,
    workers: int = 2,
    preformatted: frozenset[str] = frozenset({"_runtime"}),
) -> tuple[dict[PurePosixPath, str], dict[PurePosixPath, str]]:
    """Format every `.py` file; return the files and each `.py` file's source digest.

    See `Formatter` for `cached` and `preformatted`.
    """
    formatter = Formatter(cached, preformatted)
    plans = formatter.plan(files)
    todo = sum(len(source) for plan in plans.values() for source in plan.sources)
    if workers > 1 and todo > _PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            formatter.run(plans, pool)
    else:
        formatter.run(plans)
    return formatter.result, formatter.digests
