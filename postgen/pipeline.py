"""The pipeline in one direction: load -> parse to IR -> render -> format -> write."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from postgen.config import Config
from postgen.diagnostics import Diagnostic, Diagnostics
from postgen.formats import load_collection, load_environment
from postgen.ir import Api
from postgen.overrides import find_overrides
from postgen.parse.walk import parse_collection
from postgen.render.format import format_files
from postgen.render.package import render_package
from postgen.write import check, reusable, with_manifest, write

__all__ = ["Report", "build", "generate"]


@dataclass(slots=True)
class Report:
    """What a build produced, for the CLI's summary."""

    api: Api
    files: dict[PurePosixPath, str]
    diagnostics: list[Diagnostic]
    changed: list[PurePosixPath] = field(default_factory=list)
    differences: dict[PurePosixPath, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Resources, methods, models, error classes, warnings."""
        resources = self.api.root.walk()
        return {
            "resources": len(resources) - 1,
            "methods": sum(len(r.operations) for r in resources),
            "with JSON success example": sum(
                1 for r in resources for op in r.operations if op.has_success_example
            ),
            "typed responses": sum(
                1 for r in resources for op in r.operations if op.is_typed
            ),
            "models": sum(
                1
                for m in self.api.models
                for _, s in m.defs
                if s.get("type") == "object"
            ),
            "error classes": len(self.api.errors),
            "warnings": len(self.diagnostics),
        }


def generate(
    collection: Path, config: Config | None = None, reuse_from: Path | None = None
) -> Report:
    """Everything but writing: the formatted file map (with its manifest) and the diagnostics.

    `collection` is a collection file (v1/v2 JSON) or folder (v3 YAML; `config.collection`
    picks one where the folder holds several). `reuse_from`: an earlier output folder whose untouched files need no formatting again.
    """
    config = config or Config()
    if config.names is None:
        config = replace(config, names=find_overrides(collection, config.names_file))
    diagnostics = Diagnostics()
    environment = load_environment(config.environment) if config.environment else {}
    document = load_collection(collection, diagnostics, config.collection)
    api = parse_collection(document, config, environment, diagnostics)
    cached = reusable(reuse_from) if reuse_from is not None else {}
    formatted, source_digests = format_files(render_package(api), cached)
    files = with_manifest(formatted, source_digests)
    return Report(api=api, files=files, diagnostics=diagnostics.warnings)


def build(
    collection: Path,
    out: Path,
    config: Config | None = None,
    *,
    check_only: bool = False,
) -> Report:
    """Render and write to `out` (or, with `check_only`, only compare)."""
    report = generate(collection, config, reuse_from=out)
    if check_only:
        report.differences = check(out, report.files)
    else:
        report.changed = write(out, report.files)
    return report
