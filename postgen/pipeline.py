"""The pipeline in one direction: load -> parse to IR -> render -> format -> write.

Models modules are written by postgen itself (`render/plain_models.py`) wherever it can vouch
for datamodel-code-generator's text, which on every collection measured is all of them. The
rest go to dcg in a worker process, while this one renders and formats the templates. One
worker is the default: on a busy machine a second one costs more CPU than it saves. dcg's work
is cut into groups (see `split_models`); the worker renders two at a time, the second in a
child forked from it (dcg is imported there already), and this process renders the groups the
worker has not started once its own work is done, so a build whose models dominate uses both
cores to the end. A big build without dcg work renders half its templates, and formats half
its models modules, in a forked helper.
A rebuild reuses what has not changed (see `rebuild`): formatted modules whose source is
unchanged, the models when their input is unchanged, and everything when nothing changed.

The heavy modules (parse, render, black, dcg) are imported inside the functions that use them,
so a rebuild with nothing to do never pays for their import.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from postgen.bounds import bound_document
from postgen.config import Config
from postgen.diagnostics import Diagnostic, Diagnostics
from postgen.forked import can_fork, run_pair
from postgen.overrides import find_overrides
from postgen.rebuild import input_key, load_record, save_record, untouched
from postgen.write import check, reusable, with_manifest, write

if TYPE_CHECKING:
    from postgen.ir import Api, ModelModule
    from postgen.render.package import Part

__all__ = ["STAGES", "Progress", "Report", "build", "generate"]

#: The stages `Progress` is told about, in order.
STAGES = ("read", "parse", "render", "models", "format", "write")
#: `progress(stage, done, total)`: total is 0 when the stage has no count.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Report:
    """What a build produced, for the CLI's summary.

    `api` is None (and `files` empty) when a rebuild found nothing changed and stopped early;
    the package name, counts and warnings then come from the last build's record.
    """

    package: str
    counts: dict[str, int]
    files: dict[PurePosixPath, str]
    diagnostics: list[Diagnostic]
    api: Api | None = None
    changed: list[PurePosixPath] = field(default_factory=list)
    differences: dict[PurePosixPath, str] = field(default_factory=dict)
    up_to_date: bool = False
    #: (input digest, dcg's raw output by module): what a rebuild may reuse.
    models: tuple[str, dict[str, str]] = ("", {})


def _counts(api: Api, warnings: int) -> dict[str, int]:
    """Resources, methods, models, error classes, warnings."""
    resources = api.root.walk()
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
            1 for m in api.models for _, s in m.defs if s.get("type") == "object"
        ),
        "error classes": len(api.errors),
        "warnings": warnings,
    }


def _quiet(stage: str, done: int, total: int) -> None:
    """The progress callback that shows nothing."""


# dcg's work is cut into this many groups (fewer when their copies of shared definitions would
# cost too much): the worker takes them from the front, two at a time, and this process from
# the back once its own rendering and formatting are done, so both cores stay busy to the end.
_GROUPS = (8, 4, 2)
# Where no such split is cheap enough: from this many definitions the worker renders two
# groups at once, one in a child forked from it (see `_render_pair`), even when the copies of
# shared definitions add this much of the work, because this process is idle by then. (dcg
# on two halves in a warm process, against one call: 44 to 142 definitions all gained, by
# 0.05-0.15 s.)
_PAIR_MIN = 60
_PAIR_COPIES = 0.3
# Fewer definitions than this left for the worker: it finishes them sooner than this process
# could import dcg (2-3 s).
_STEAL_MIN = 600


def _render_pair(
    first: Sequence[ModelModule], second: Sequence[ModelModule], header: str
) -> tuple[dict[str, str], dict[str, str]]:
    """In the worker: two groups at once, the second in a child forked from the worker, which
    has dcg imported already (this process would spend half a second importing it)."""
    from postgen.render.models import render_dcg

    return run_pair(
        lambda: render_dcg(first, header), lambda: render_dcg(second, header)
    )


class _Models:
    """dcg's output, rendered group by group in the worker process (fed by a thread here) and,
    when it is done with the templates, in this one (see `steal`); without a pool, all here.
    """

    def __init__(self, pool: Executor | None, api: Api, header: str) -> None:
        from postgen.render.models import dcg_modules, render_plain, split_models

        self.header = header
        self.plain = render_plain(api.models, header)
        rest = dcg_modules(api.models, self.plain)
        self.paired = pool is not None and can_fork()
        groups = split_models(rest, 1) if rest else []
        for parts in _GROUPS if pool is not None and rest else ():
            groups = split_models(rest, parts)
            if len(groups) > 1:
                break
        else:
            if self.paired and rest:
                groups = split_models(rest, 2, _PAIR_MIN, _PAIR_COPIES)
        self.groups = [group for group, _ in groups]
        self.keeps = [keep - set(self.plain) for _, keep in groups]
        self.outputs: list[dict[str, str] | None] = [None] * len(groups)
        self.todo = deque(range(len(groups)))
        self.lock = threading.Lock()
        self.error: BaseException | None = None
        self.feeder: threading.Thread | None = None
        if pool is None:
            self._render_here(front=True)
        elif groups:
            self.feeder = threading.Thread(target=self._feed, args=(pool,), daemon=True)
            self.feeder.start()

    @property
    def done(self) -> bool:
        """Every module is rendered already: dcg had nothing to do."""
        return not self.groups

    def _take(self, front: bool) -> int | None:
        with self.lock:
            if not self.todo:
                return None
            return self.todo.popleft() if front else self.todo.pop()

    def _take_front(self) -> list[int]:
        """The worker's next groups: two when it forks for the second, else one."""
        with self.lock:
            count = min(len(self.todo), 2 if self.paired else 1)
            return [self.todo.popleft() for _ in range(count)]

    def _feed(self, pool: Executor) -> None:
        """The worker's share: one call in flight at a time, so the rest can still be taken."""
        from postgen.render.models import render_dcg

        try:
            while indexes := self._take_front():
                first = self.groups[indexes[0]]
                outputs: tuple[dict[str, str], ...]
                if len(indexes) == 2:
                    second = self.groups[indexes[1]]
                    call = pool.submit(_render_pair, first, second, self.header)
                    outputs = call.result()
                else:
                    outputs = (pool.submit(render_dcg, first, self.header).result(),)
                for index, output in zip(indexes, outputs, strict=True):
                    self.outputs[index] = output
        except BaseException as error:  # re-raised by `result`, in the build's thread
            self.error = error

    def _render_here(self, front: bool) -> None:
        from postgen.render.models import render_dcg

        while (index := self._take(front)) is not None:
            self.outputs[index] = render_dcg(self.groups[index], self.header)

    def steal(self) -> None:
        """Render here, from the last group back, the groups the worker has not reached, if
        they are worth this process's own import of dcg."""
        with self.lock:
            waiting = sum(len(m.defs) for i in self.todo for m in self.groups[i])
        if waiting >= _STEAL_MIN:
            self._render_here(front=False)

    @classmethod
    def known(cls, sources: dict[str, str]) -> _Models:
        """The output of an earlier build."""
        models = cls.__new__(cls)
        models.outputs, models.keeps = [sources], [frozenset(sources)]
        models.plain, models.groups = {}, []
        models.feeder, models.error = None, None
        models.todo, models.lock = deque(), threading.Lock()
        return models

    def result(self) -> dict[str, str]:
        """Every module's source, by name (waits for the worker)."""
        if self.feeder is not None:
            self.feeder.join()
        if self.error is not None:
            raise self.error
        merged = dict(self.plain)
        for output, keep in zip(self.outputs, self.keeps, strict=True):
            assert (
                output is not None
            )  # every group was rendered by one side or the other
            merged.update((k, v) for k, v in output.items() if k in keep)
        return merged


# Requests from which a build with no models left for dcg renders half its modules in a
# forked helper process: below, the fork and the copy back cost about what the half saves
# (measured: 23-26 requests even, 45-175 requests 6-18% quicker in wall time).
_SHARE_MIN = 40
# What the helper renders: set just before the fork, so the forked process has it without a
# copy (the IR of a large collection takes longer to pickle than to render).
_SHARED: (
    tuple[Api, Part, dict[PurePosixPath, str], dict[PurePosixPath, tuple[str, str]]]
    | None
) = None


def _render_share() -> tuple[dict[PurePosixPath, str], dict[PurePosixPath, str]]:
    """In the forked helper: render `_SHARED`'s part and format it with its share of the
    models modules (formatted files, digests)."""
    from postgen.render.format import Formatter
    from postgen.render.package import render_templates

    assert _SHARED is not None  # set before the fork (see `_start_share`)
    api, part, models, cached = _SHARED
    formatter = Formatter(cached)
    formatter.run(formatter.plan({**render_templates(api, None, part), **models}))
    return formatter.result, formatter.digests


@dataclass(slots=True)
class _Share:
    """This process's half of a build split with a forked helper, and the helper's."""

    part: Part
    models: dict[PurePosixPath, str]
    future: Future[tuple[dict[PurePosixPath, str], dict[PurePosixPath, str]]]
    pool: Executor


def _start_share(
    api: Api,
    models: dict[PurePosixPath, str],
    cached: dict[PurePosixPath, tuple[str, str]],
) -> _Share | None:
    """Half of the rendering and of the models' formatting in a forked helper, for a big build
    whose models need no dcg (the worker would sit idle); None when not worth it or when
    processes cannot be forked here."""
    global _SHARED
    from postgen.render.package import halve_files, split_render

    requests = sum(len(r.operations) for r in api.root.walk())
    if requests < _SHARE_MIN or sys.platform == "darwin":
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    mine, theirs = split_render(api)
    my_models, their_models = halve_files(models)
    _SHARED = (api, theirs, their_models, cached)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        return _Share(mine, my_models, pool.submit(_render_share), pool)
    finally:
        _SHARED = None  # the fork (at submit) has its copy


def _render_and_format(
    api: Api,
    cached: dict[PurePosixPath, tuple[str, str]],
    known_models: tuple[str, dict[str, str]],
    progress: Progress,
    pool: Executor | None,
) -> tuple[
    dict[PurePosixPath, str], dict[PurePosixPath, str], tuple[str, dict[str, str]]
]:
    """The formatted file map, its source digests, and the models' (input digest, dcg output)."""
    from postgen.render.format import Formatter
    from postgen.render.models import models_key
    from postgen.render.package import (
        Part,
        header_line,
        model_files,
        render_templates,
    )

    header = header_line(api.title)
    key = models_key(api.models, header)
    formatter = Formatter(cached)
    models: _Models | None = None
    if key == known_models[0]:
        models = _Models.known(known_models[1])
    elif api.models:
        models = _Models(pool, api, header)
    # Models that need no dcg are known now: they are formatted with the templates.
    ready = models.result() if models is not None and models.done else {}
    share = (
        _start_share(api, model_files(api, ready), cached)
        if models is None or models.done
        else None
    )
    part = share.part if share else Part()
    templates = render_templates(api, lambda d, t: progress("render", d, t), part)
    templates.update(share.models if share else model_files(api, ready))
    # This process formats the templates while the worker runs dcg (or the helper renders).
    formatter.run(
        formatter.plan(templates), None, lambda d, t: progress("format", d, t)
    )
    if share is not None:
        try:
            shared, shared_digests = share.future.result()
        finally:
            share.pool.shutdown()
        formatter.result.update(shared)
        formatter.digests.update(shared_digests)
    sources = ready
    if models is not None and not models.done:
        progress("models", 0, 0)
        models.steal()
        sources = models.result()
        formatter.run(
            formatter.plan(model_files(api, sources)),
            pool,
            lambda d, t: progress("format", d, t),
        )
    return formatter.result, formatter.digests, (key, sources)


def generate(
    collection: Path,
    config: Config | None = None,
    reuse_from: Path | None = None,
    progress: Progress = _quiet,
    workers: int | None = None,
    known_models: tuple[str, dict[str, str]] = ("", {}),
) -> Report:
    """Everything but writing: the formatted file map (with its manifest) and the diagnostics.

    `collection` is a collection file (v1/v2 JSON) or folder (v3 YAML; `config.collection`
    picks one where the folder holds several). `reuse_from`: an earlier output folder whose
    untouched files need no formatting again; `known_models`: dcg's output for an input digest
    (from the last build), used instead of running dcg when the digest is still the same.
    `workers`: worker processes for dcg and for black on many blocks (0: everything in this
    process); by default one, which starts only when given work.
    """
    if workers is None:
        workers = 1  # started only when given work (dcg, or black on many blocks)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 0 else None
    try:
        from postgen.formats import load_environment, load_source
        from postgen.parse.walk import parse_collection

        config = config or Config()
        if config.names is None:
            config = replace(
                config, names=find_overrides(collection, config.names_file)
            )
        diagnostics = Diagnostics()
        progress("read", 0, 0)
        environment = load_environment(config.environment) if config.environment else {}
        document, shallow = load_source(collection, diagnostics, config.collection)
        document = bound_document(document, diagnostics, shallow=shallow)
        progress("parse", 0, 0)
        api = parse_collection(document, config, environment, diagnostics)
        cached = reusable(reuse_from) if reuse_from is not None else {}
        formatted, digests, models = _render_and_format(
            api, cached, known_models, progress, pool
        )
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    warnings = diagnostics.warnings
    files = with_manifest(formatted, digests)
    report = Report(api.package, _counts(api, len(warnings)), files, warnings, api)
    report.models = models
    return report


def build(
    collection: Path,
    out: Path,
    config: Config | None = None,
    *,
    check_only: bool = False,
    progress: Progress = _quiet,
) -> Report:
    """Render and write to `out` (or, with `check_only`, only compare).

    When the input, the options and postgen itself are those of the build that wrote `out`, and
    every file there is as that build wrote it, nothing is rendered: the report is the last one
    (`up_to_date`). Otherwise the last build's models are reused if their input is unchanged.
    """
    config = config or Config()
    key = input_key(collection, config)
    record = load_record(out)
    if (
        record is not None
        and key is not None
        and record.key == key
        and untouched(out, record)
    ):
        return Report(
            record.package, record.counts, {}, record.warnings, up_to_date=True
        )
    known = (record.models_key, record.models) if record is not None else ("", {})
    report = generate(collection, config, out, progress, known_models=known)
    if check_only:
        report.differences = check(out, report.files)
        return report
    progress("write", 0, len(report.files))
    report.changed = write(out, report.files)
    summary = (report.package, report.counts, report.diagnostics)
    save_record(out, key, summary, report.files, report.models)
    return report
