"""The Jinja environment: strict undefined, no autoescape (the output is code), and the filters
and globals the templates use. Collection text reaches the output only through the `escape`
filters (`pyrepr`, `literal`, `docstring`, `docpiece`); it is never template source.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from postgen.rebuild import cache_dir
from postgen.render.calls import (
    assignment_call,
    call_statement,
    conjunction,
    def_statement,
    method_signature,
    request_call,
)
from postgen.render.escape import docpiece, docstring, literal, pyrepr
from postgen.render.used_names import code_of, used_in

__all__ = ["environment", "templates_dir"]


def templates_dir() -> Path:
    """`templates/` beside the package (a checkout) or inside it (an installed wheel)."""
    packaged = Path(str(files("postgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept like Python's own `.pyc` files: compiling them is a quarter of a
    small build. Jinja checks each entry against the template's source and the Python version;
    without a writable cache folder templates are compiled every time."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(
    extra_filters: tuple[tuple[str, Callable[[Any], str]], ...] = (),
) -> jinja2.Environment:
    """The shared environment: strict undefined, trimmed blocks, no autoescape (this is code)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = pyrepr
    env.filters["docstring"] = docstring
    env.filters["docpiece"] = docpiece
    env.filters["literal"] = literal
    env.globals["request_call"] = request_call
    env.globals["method_signature"] = method_signature
    env.globals["assignment_call"] = assignment_call
    env.globals["call_statement"] = call_statement
    env.globals["def_statement"] = def_statement
    env.globals["conjunction"] = conjunction
    env.filters["used_in"] = used_in
    env.filters["code_of"] = code_of
    env.filters.update(extra_filters)
    return env
