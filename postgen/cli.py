"""The command line: `postgen build COLLECTION -o OUT`. Prints diagnostics and sets the exit code.

COLLECTION is a v1/v2 JSON file or a v3 (Git-native YAML) collection folder, or a repository or
`postman/collections` folder holding several, of which `--collection NAME` picks one.

Exit codes: 0 ok; 1 a `--check` difference, or warnings under `--fail-on-warning`; 2 unusable input.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import TextIO

import click

from postgen import __version__
from postgen.config import Config
from postgen.diagnostics import CollectionError, Diagnostic
from postgen.pipeline import STAGES, Progress, Report, build
from postgen.write import unified_diff

__all__ = ["main"]

_SHOWN_PER_GROUP = 3
_UNITS = {"render": "requests", "format": "modules", "write": "files"}
_BAR = 24


class _ProgressBar:
    """A one-line progress bar on a terminal: the stage, and within it requests or modules.

    Redrawn at most ten times a second (a big build reports thousands of steps), and erased
    before the summary so the output after a build is the same with or without it.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stage = ""
        self.drawn = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.drawn < 0.1:
            return
        self.stage, self.drawn = stage, now
        fraction = (STAGES.index(stage) + (done / total if total else 0)) / len(STAGES)
        filled = min(_BAR, round(fraction * _BAR))
        count = f" {done}/{total} {_UNITS.get(stage, '')}" if total else ""
        line = f"[{'#' * filled}{'.' * (_BAR - filled)}] {stage}{count}"
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar."""
        if self.stage:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def progress_for(stream: TextIO, quiet: bool) -> _ProgressBar | None:
    """A progress bar on a terminal; nothing when `quiet` or when `stream` is not a terminal
    (logs and pipes get only the summary)."""
    if quiet or not stream.isatty():
        return None
    return _ProgressBar(stream)


@click.group()
@click.version_option(__version__, prog_name="postgen")
def cli() -> None:
    """Generate typed Python API clients from Postman collections."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print_warnings(warnings: list[Diagnostic], verbose: bool) -> None:
    groups: dict[str, list[Diagnostic]] = defaultdict(list)
    for warning in warnings:
        groups[warning.category].append(warning)
    for category in sorted(groups):
        items = groups[category]
        click.echo(f"  {category}: {_plural(len(items), 'warning')}", err=True)
        shown = items if verbose else items[:_SHOWN_PER_GROUP]
        for item in shown:
            click.echo(f"    {item.where}: {item.message}", err=True)
        if len(shown) < len(items):
            click.echo(
                f"    ... {len(items) - len(shown)} more (--verbose lists all)",
                err=True,
            )


def _summary(report: Report, out: Path, checked: bool) -> str:
    counts = report.counts
    verb = "Checked" if checked else "Built"
    return (
        f"{verb} {report.package} in {out}: "
        f"{_plural(counts['resources'], 'resource')}, {_plural(counts['methods'], 'method')} "
        f"({counts['typed responses']} with typed responses), {_plural(counts['models'], 'model')}, "
        f"{_plural(counts['error classes'], 'error class')}, "
        f"{_plural(counts['warnings'], 'warning')}"
    ).replace("error classs", "error classes")


@cli.command("build")
@click.argument("collection", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the client project (created; must be empty or postgen's own).",
)
@click.option(
    "--name", "package_name", help="Python package name (default: from the collection)."
)
@click.option(
    "--collection",
    "collection_name",
    metavar="NAME",
    help="With a folder of several v3 collections: the one to build (its folder name).",
)
@click.option(
    "--environment",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Postman environment file (v2 JSON or v3 YAML) whose values override "
    "collection variables.",
)
@click.option(
    "--config",
    "names_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A postgen.toml with name overrides (default: postgen.toml beside the collection).",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 and list the files that differ.",
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="With --check, print unified diffs."
)
@click.option("--fail-on-warning", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("-v", "--verbose", is_flag=True, help="List every warning.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar (it is shown only on a terminal).",
)
def build_command(
    collection: Path,
    out: Path,
    package_name: str | None,
    collection_name: str | None,
    environment: Path | None,
    names_file: Path | None,
    check_only: bool,
    show_diff: bool,
    fail_on_warning: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Build a client package from COLLECTION (a file or a v3 folder) into OUT."""
    config = Config(
        package_name=package_name,
        environment=environment,
        collection=collection_name,
        names_file=names_file,
    )
    bar = progress_for(sys.stderr, quiet)
    progress: Progress = bar if bar is not None else (lambda stage, done, total: None)
    try:
        report = build(
            collection, out, config, check_only=check_only, progress=progress
        )
    except CollectionError as error:
        if bar is not None:
            bar.close()
        click.echo(f"postgen: error: {error.where}: {error.message}", err=True)
        sys.exit(2)
    if bar is not None:
        bar.close()
    click.echo(_summary(report, out, check_only))
    _print_warnings(report.diagnostics, verbose)
    if check_only and report.differences:
        click.echo(
            f"{_plural(len(report.differences), 'file')} differ from a fresh build:",
            err=True,
        )
        for path, state in report.differences.items():
            click.echo(f"  {state}: {path}", err=True)
            if show_diff and state != "stale":
                click.echo(
                    unified_diff(out, path, report.files.get(path, "")), err=True
                )
        sys.exit(1)
    if fail_on_warning and report.diagnostics:
        sys.exit(1)


# A build allocates hundreds of thousands of containers that live until it ends (the parsed
# document, the IR, the rendered lines): at Python's default threshold the collector walks them
# again and again and finds almost nothing to free (about 0.2 s of a commercetools build). mypy, a
# compiler in the same situation, raises the threshold the same way.
_GC_THRESHOLD = (200_000, 30, 30)


def main() -> None:
    """Console entry point.

    The process ends with `os._exit` once the output is flushed: every file is written and
    closed by then and the worker pool is shut down, so all the interpreter's own shutdown
    would do is free memory object by object (60 to 90 ms after a mid-size build).
    """
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        cli()
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:  # `sys.exit(message)`, as the interpreter would report it
            print(stop.code, file=sys.stderr)
            code = 1
    _flush_and_exit(code)


def _flush_and_exit(code: int) -> None:
    """Flush what was printed and end the process without the interpreter's shutdown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing left to show anyone
            code = code or 1
    os._exit(code)
