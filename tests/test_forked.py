"""`run_pair`: two jobs at once, the second in a forked child (see postgen/forked.py)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

import postgen.forked as forked
import postgen.pipeline as pipeline
import postgen.render.package as package
import postgen.render.plain_models as plain_models
from postgen import generate
from postgen.forked import can_fork, run_pair
from tests.paths import SAMPLES

needs_fork = pytest.mark.skipif(
    not can_fork(), reason="processes cannot be forked here"
)


@needs_fork
def test_the_second_job_runs_in_another_process() -> None:
    here, there = run_pair(os.getpid, os.getpid)
    assert here == os.getpid() != there


@needs_fork
def test_a_child_sees_what_the_parent_had_without_a_copy() -> None:
    big = list(range(100_000))
    assert run_pair(lambda: sum(big), lambda: len(big)) == (sum(big), len(big))


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("not sent")


@needs_fork
def test_the_childs_error_is_raised_here() -> None:
    def fail() -> int:
        raise ValueError("in the child")

    with pytest.raises(ValueError, match="in the child"):
        run_pair(lambda: 1, fail)

    def fail_unsent() -> int:
        raise _Unpicklable("odd")

    with pytest.raises(RuntimeError, match="odd"):
        run_pair(lambda: 1, fail_unsent)


@needs_fork
def test_an_error_here_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)

    def fail() -> int:
        raise KeyError("here")

    def forever() -> int:
        while True:
            pass

    with pytest.raises(KeyError, match="here"):
        run_pair(fail, forever)
    assert len(children) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)  # killed and reaped, not left spinning


def test_without_fork_both_jobs_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert run_pair(os.getpid, os.getpid) == (os.getpid(), os.getpid())


# The samples with the most folders and models: each path below has work to share.
_SAMPLES = [
    SAMPLES / f"{name}.postman_collection.json"
    for name in ("duo-auth-api", "paged-lists", "bodies-and-responses")
]


@needs_fork
@pytest.mark.parametrize("sample", _SAMPLES, ids=lambda path: path.stem)
def test_models_rendered_in_pairs_equal_a_serial_build(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every module through dcg: postgen's own renderer would leave the worker nothing.
    monkeypatch.setattr(plain_models, "plain_sources", lambda modules, header: {})
    serial = generate(sample, workers=0)
    monkeypatch.setattr(pipeline, "_PAIR_MIN", 0)
    monkeypatch.setattr(pipeline, "_PAIR_COPIES", 1.0)
    taken: list[int] = []
    take = pipeline._Models._take_front

    def spy(self: pipeline._Models) -> list[int]:
        indexes = take(self)
        taken.append(len(indexes))
        return indexes

    monkeypatch.setattr(pipeline._Models, "_take_front", spy)
    paired = generate(sample, workers=1)
    assert taken[0] == 2, "the worker was not given a pair"
    assert paired.files == serial.files


@needs_fork
@pytest.mark.parametrize("sample", _SAMPLES, ids=lambda path: path.stem)
def test_half_the_modules_rendered_in_a_helper_equal_a_serial_build(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "_SHARE_MIN", 10**9)
    serial = generate(sample)
    started: list[bool] = []
    start = pipeline._start_share

    def spy(*args: Any) -> Any:
        share = start(*args)
        started.append(share is not None)
        return share

    halves: list[tuple[set[PurePosixPath], set[PurePosixPath]]] = []
    halve = package.halve_files

    def halve_spy(files: dict[PurePosixPath, str]) -> Any:
        mine, theirs = halve(files)
        halves.append((set(mine), set(theirs)))
        return mine, theirs

    monkeypatch.setattr(pipeline, "_SHARE_MIN", 1)
    monkeypatch.setattr(pipeline, "_start_share", spy)
    monkeypatch.setattr(package, "halve_files", halve_spy)
    shared = generate(sample)
    assert started == [True], "no helper rendered half the modules"
    assert shared.files == serial.files
    # The models modules (all rendered by postgen here) are formatted on both sides too.
    models = {path for path in serial.files if path.parent.name == "models"}
    models.discard(next(iter(models)).parent / "__init__.py")
    ((mine, theirs),) = halves
    assert mine | theirs == models and not mine & theirs
    assert mine and theirs, "one side formatted every models module"


def test_the_models_modules_are_halved_by_their_text() -> None:
    sizes = {"a": 500, "b": 100, "c": 100, "d": 300, "e": 1000}
    files = {
        PurePosixPath(f"pkg/models/{n}.py"): "x" * size for n, size in sizes.items()
    }
    mine, theirs = package.halve_files(files)
    assert [p.stem for p in mine] == ["a", "b", "c", "d"]
    assert [p.stem for p in theirs] == ["e"]
    assert package.halve_files({}) == ({}, {})
