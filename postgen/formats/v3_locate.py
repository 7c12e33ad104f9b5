"""Find the v3 collection folder a build means: the folder itself, or one collection of a
repository (`postman/collections/<Collection>/`) or of a `collections` folder, chosen by name.
"""

from __future__ import annotations

from pathlib import Path

from postgen.diagnostics import CollectionError
from postgen.formats.v3_tree import RESOURCES, definition_file

__all__ = ["find_collection", "is_collection_folder"]


def is_collection_folder(path: Path) -> bool:
    """A folder with a definition, a `.resources` folder or request files of its own."""
    if definition_file(path) is not None or (path / RESOURCES).is_dir():
        return True
    return any(child.name.endswith(".request.yaml") for child in path.iterdir())


def _candidates(container: Path) -> list[Path]:
    return sorted(
        child
        for child in container.iterdir()
        if child.is_dir()
        and not child.is_symlink()
        and not child.name.startswith(".")
        and is_collection_folder(child)
    )


def find_collection(source: Path, name: str | None) -> Path:
    """The collection folder in `source`; `name` picks one where there are several."""
    if is_collection_folder(source):
        own = source.resolve().name
        if name is not None and name != own:
            raise CollectionError(
                str(source),
                f"--collection {name!r}: this folder is itself the collection {own!r}",
            )
        return source
    repository = source / "postman" / "collections"
    container = repository if repository.is_dir() else source
    candidates = _candidates(container)
    if not candidates:
        raise CollectionError(
            str(source),
            "no Postman collection here: expected a collection folder (holding "
            f"{RESOURCES}/definition.yaml or *.request.yaml files), a folder of them, or a "
            "repository with postman/collections/",
        )
    listing = ", ".join(repr(candidate.name) for candidate in candidates)
    if name is None:
        if len(candidates) == 1:
            return candidates[0]
        raise CollectionError(
            str(container),
            f"{len(candidates)} collections here; choose one with --collection NAME: {listing}",
        )
    for candidate in candidates:
        if candidate.name == name:
            return candidate
    raise CollectionError(
        str(container), f"no collection named {name!r}; there are: {listing}"
    )
