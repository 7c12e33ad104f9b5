"""Two jobs at once in a process that has already paid for its imports: one here, the other
in a child forked from here (the child inherits the imports and the job's input without a copy).

The build's dcg worker uses this once it has imported dcg: a second process would pay that
import again (half a second) before doing any work.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

__all__ = ["can_fork", "run_pair"]

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child can be forked here safely (not on macOS, whose system libraries may
    not survive a fork, nor where there is no fork at all)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def _child(job: Callable[[], object], write_end: int) -> None:
    """In the child: run the job, send (ok, result or error) and leave without running the
    parent's exit handlers or flushing its copies of the parent's buffers."""
    try:
        try:
            payload = pickle.dumps((True, job()))
        except BaseException as error:  # sent to the parent, which raises it
            try:
                payload = pickle.dumps((False, error))
            except Exception:
                payload = pickle.dumps((False, RuntimeError(repr(error))))
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)


def run_pair(here: Callable[[], T], there: Callable[[], T]) -> tuple[T, T]:
    """(here(), there()), with `there` run in a forked child at the same time; both run here,
    one after the other, where processes cannot be forked. The child's error is raised here.
    """
    if not can_fork():
        return here(), there()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(there, write_end)
    os.close(write_end)
    try:
        mine = here()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.close(read_end)
        os.waitpid(pid, 0)
        raise
    # Read to the end before waiting: a child blocked on a full pipe never exits.
    with os.fdopen(read_end, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError(f"a forked helper died without a result (status {status})")
    ok, value = pickle.loads(payload)
    if not ok:
        raise value
    theirs: T = value
    return mine, theirs
