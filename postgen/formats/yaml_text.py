"""Read one YAML file of a v3 collection: every scalar a string, except an explicit `null`.

PyYAML's `safe_load` types unquoted scalars: a query value `2024-01-01T00:00:00Z` becomes a
`datetime`, `0012` an int, `yes` a bool, and generated defaults would change with them. So scalars
stay the text that was written (`BaseLoader`'s rule), with one exception: Postman writes a
query parameter without a value (`?upload`) as a plain `null` (`upload: null`), which must stay
distinct from the empty value (`upload:` or `upload: ""`, sent as `upload=`). A quoted `'null'`
stays a string. Only plain `str`/`list`/`dict` are constructed (tags are ignored), so loading runs
no code whatever the file holds. libyaml's parser is used when PyYAML was built with it (about
0.3 s for the 2,046 files of Postman's own API collection); the pure-Python one otherwise.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postgen.diagnostics import CollectionError
from postgen.formats.text_file import read_text

if TYPE_CHECKING:
    import yaml

__all__ = ["read_yaml"]

_NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset({"~", "null", "Null", "NULL"})


@cache
def _loader() -> type[yaml.BaseLoader | yaml.CBaseLoader]:
    """The string-scalar loader, built on first use: PyYAML is imported only when a YAML file
    is read (its import is start-up time a JSON build would pay for nothing)."""
    import yaml
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    class StringScalars:
        """Resolver override shared by the C and the Python loader."""

        def resolve(
            self, kind: type[Node], value: str, implicit: tuple[bool, bool]
        ) -> str:
            if kind is ScalarNode:
                return (
                    _NULL_TAG
                    if implicit[0] and value in _NULLS
                    else "tag:yaml.org,2002:str"
                )
            if kind is SequenceNode:
                return "tag:yaml.org,2002:seq"
            if kind is MappingNode:
                return "tag:yaml.org,2002:map"
            return "tag:yaml.org,2002:str"

    def construct_null(_loader: yaml.CBaseLoader, _node: Node) -> None:
        return None

    loader: type[yaml.BaseLoader | yaml.CBaseLoader]
    if yaml.__with_libyaml__:

        class CLoader(StringScalars, yaml.CBaseLoader):
            """libyaml parser, string scalars."""

        loader = CLoader
    else:  # pragma: no cover - PyYAML wheels ship libyaml; a source build may not

        class PyLoader(StringScalars, yaml.BaseLoader):
            """Pure-Python parser, string scalars."""

        loader = PyLoader
    loader.add_constructor(_NULL_TAG, construct_null)
    return loader


def _problem(error: yaml.YAMLError) -> str:
    import yaml

    if isinstance(error, yaml.MarkedYAMLError):
        parts = [part for part in (error.context, error.problem) if part]
        return ", ".join(parts) or "syntax error"
    return str(error).splitlines()[0] if str(error) else "syntax error"


def read_yaml(path: Path) -> Any:
    """Parse one YAML document; a syntax error names the file, line and column."""
    import yaml

    text = read_text(path)
    try:
        # Not `safe_load`, and still safe: `_loader()` builds only str, list, dict and None.
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (
            f"{path}:{mark.line + 1}:{mark.column + 1}"
            if mark is not None
            else str(path)
        )
        message = f"not valid YAML: {_problem(error)}"
        lines = text.splitlines()
        line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        if ": {{" in line or line.lstrip().startswith("- {{"):
            message += " (a value that starts with `{{` must be quoted)"
        raise CollectionError(where, message) from None
