"""Black's output for every generated module, with black run only where it would change something.

Black is the slowest stage on big clients (about 10 s of a cold GitHub build, half of it parsing
alone), so it is run on as little text as possible:

- Modules from postgen's own templates (resources, the client, errors, `__init__`) are laid out
  as black would (`render.layout`, canonical quotes and docstrings). A module is cut into blocks
  (a method, a class header, the imports); a block goes to black only if a code line is still
  too long, a line ends in whitespace, or a docstring's end is one black would change.
- Model modules come from datamodel-code-generator in a regular style. A block (one class) whose
  every line has a form black keeps (a whitelist of canonical shapes, after turning simple
  `'...'` literals into `"..."`) is kept; any other block is given to black.
- Everything else is given to black whole.

A block goes to black alone: an indented block is wrapped in a dummy class first. Tests check that
the result is byte-identical to black on the whole module, for the samples and the whole corpus.

A module whose unformatted source is unchanged since the last build (same digest in the output's
manifest, file on disk untouched) is not formatted again: its formatted text is taken from disk.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path, PurePosixPath

import black
from black.strings import str_width

from postgen.render.layout import LINE_LENGTH, is_unsplittable, line_kinds

__all__ = ["digest", "format_files", "format_source"]

_BLACK_VERSION = version("black")
_RULES = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
_MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
# Below this much source for black, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 400_000
# Modules rendered from postgen's own templates, written in black's style.
_OWN_TEMPLATES = frozenset({"__init__.py", "_client.py", "errors.py"})
_BLOCK_START = re.compile(r"(?:    )?(?:class |def |async def |@)")
_WRAPPER = "class _:\n"

# Lines that a block may be kept with as they are: what black leaves alone, in the shapes
# datamodel-code-generator writes. `T` stands for a type expression, checked by `_is_type`.
_MODEL_LINES = [
    re.compile(pattern)
    for pattern in (
        r"from __future__ import annotations",
        r"from [\w.]+ import \w+(?:, \w+)*",
        r"class \w+\((?P<t>[^()]+)\):",
        r"    model_config = ConfigDict\(",
        r'        \w+=(?:"\w+"|True|False),',
        r"    \)",
        r"    pass",
        r'    \w+: (?P<t>[^=:"]+)(?: = (?:None|Field\((?:None|\.\.\.), alias="[^"\'\\]*"\)))?',
    )
]
_SIMPLE_SINGLE_QUOTED = re.compile(r"'([^'\"\\]*)'")


def format_source(source: str) -> str:
    """Black-format one Python module."""
    return black.format_str(source, mode=_MODE)


def digest(text: str) -> str:
    """A short content digest. Black's version and this module's rules are part of it: the
    formatted text depends on both, and a cached file must not outlive a change to either.
    """
    salted = f"black {_BLACK_VERSION} rules {_RULES}\n{text}"
    return hashlib.sha256(salted.encode()).hexdigest()[:16]


def _is_type(text: str) -> bool:
    """A type expression in black's spelling: `list[A | None]`, `dict[str, Any]`."""
    if re.search(r",(?! )|(?<! )\||\|(?! )", text):
        return False  # black spaces `a,b` and `a|b`
    compact = text.replace(", ", ",").replace(" | ", "|")
    if not re.fullmatch(r"[\w.]+(?:[\[\],|][\w.]*)*", compact):
        return False
    if re.search(r"\[[],|]|[,|][],|]|\]\w|^\W|[\[,|]$", compact):
        return False
    depth = 0
    for char in compact:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _model_line(line: str) -> str | None:
    """`line` as black would keep it, if it is one of the whitelisted model shapes."""
    if not line or line.startswith("# "):  # the header comment: black keeps comments
        return (
            line if line == line.rstrip() and str_width(line) <= LINE_LENGTH else None
        )
    if '"' not in line and "\\" not in line:
        line = _SIMPLE_SINGLE_QUOTED.sub(r'"\1"', line)
    if "'" in line or str_width(line) > LINE_LENGTH:
        return None
    for pattern in _MODEL_LINES:
        match = pattern.fullmatch(line)
        if match:
            kind = match.groupdict().get("t")
            return line if kind is None or _is_type(kind) else None
    return None


def _keep_model_block(lines: Sequence[str]) -> list[str] | None:
    """The block's lines if black would keep them all, else None."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        fixed = _model_line(line)
        if fixed is None:
            return None
        is_blank = not fixed
        if is_blank and index and (not kept[-1] or lines[0].startswith("class ")):
            return None  # a blank line inside a class, or two in a row
        kept.append(fixed)
    return kept


def _keep_laid_out_block(lines: Sequence[str]) -> list[str] | None:
    """The block's lines unless a code line is too long (so the layout left it to black).

    Docstring lines may be long: black never rewraps a docstring. It only moves closing quotes
    that would pass the limit, which is why the closing line is checked. Trailing whitespace is
    left to black (it keeps it in a docstring with a backslash before a line break).
    """
    for line, kind in line_kinds(lines):
        if line != line.rstrip():
            return None
        too_long = str_width(line) > LINE_LENGTH
        if kind in ("closing", "oneline") and _black_pads_docstring(line):
            return None
        if too_long and (
            kind == "closing" or (kind == "code" and not is_unsplittable(line))
        ):
            return None
    return list(lines)


def _black_pads_docstring(closing_line: str) -> bool:
    """Whether black adds a space before the closing quotes: the text ends with a quote. (An odd
    run of backslashes would too, but the `docstring` filter doubles every backslash.)
    """
    return closing_line[: closing_line.rindex('"""')].endswith('"')


_Keep = Callable[[Sequence[str]], "list[str] | None"]


def _keeper(path: PurePosixPath) -> _Keep | None:
    """How the module at `path` may skip black; None: black formats it whole."""
    if path.parent.name in ("models", "params") and path.name != "__init__.py":
        return _keep_model_block
    if path.parent.name == "resources" or path.name in _OWN_TEMPLATES:
        return _keep_laid_out_block
    return None


def _blocks(source: str) -> list[tuple[list[str], int]]:
    """The module cut before each class, def or decorator at the top two levels (never inside
    a docstring): (lines, number of blank lines that follow them)."""
    blocks: list[list[str]] = [[]]
    previous = ""
    for line, kind in line_kinds(source.rstrip("\n").split("\n")):
        starts = (
            kind == "code"
            and _BLOCK_START.match(line)
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
    method, none at the end of the module."""
    gaps = [
        1 if following[0].startswith(" ") else 2
        for following, _ in blocks[1:]
        if following
    ]
    return [(lines, gap) for (lines, _), gap in zip(blocks, [*gaps, 0], strict=True)]


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
        blocks = _blocks(source) if keep else [(source.split("\n")[:-1], 0)]
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


def format_files(
    files: Mapping[PurePosixPath, str],
    cached: Mapping[PurePosixPath, tuple[str, str]] | None = None,
    workers: int = 2,
    preformatted: frozenset[str] = frozenset({"_runtime"}),
) -> tuple[dict[PurePosixPath, str], dict[PurePosixPath, str]]:
    """Format every `.py` file; return the files and each `.py` file's source digest.

    `cached` maps a path to (source digest, formatted text) from an earlier build. Files inside a
    folder named in `preformatted` are copied as they are: the runtime package is black-formatted
    in this repo (CI checks it), so formatting its 1,300 lines on every build would only cost time.
    """
    cached = cached or {}
    result = dict(files)
    digests = {
        path: digest(text) for path, text in files.items() if path.suffix == ".py"
    }
    plans: dict[PurePosixPath, _Plan] = {}
    for path in sorted(digests):
        previous = cached.get(path)
        if path.parent.name in preformatted:
            continue
        if previous is not None and previous[0] == digests[path]:
            result[path] = previous[1]
        else:
            plans[path] = _Plan(files[path], _keeper(path))
    todo = [source for plan in plans.values() for source in plan.sources]
    if workers > 1 and sum(map(len, todo)) > _PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            formatted = list(pool.map(format_source, todo, chunksize=8))
    else:
        formatted = [format_source(source) for source in todo]
    start = 0
    for path, plan in plans.items():
        end = start + len(plan.sources)
        result[path] = plan.assemble(formatted[start:end])
        start = end
    return result, digests
