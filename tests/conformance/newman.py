"""Find, install (pinned) and run newman, Postman's own command-line runtime.

Where it is looked for, in order: `$POSTGEN_NEWMAN` (the path of a `newman` executable, taken as
given), then the project-local install `.ci/node/node_modules/.bin/newman` that `.ci/run` makes
(`npm install --prefix .ci/node newman@6.2.2`, git-ignored). When neither is there but `npm` is,
`ensure_newman()` installs the pinned version into `.ci/node` itself, so a user's plain `pytest`
works too (set `POSTGEN_NEWMAN_INSTALL=0` to forbid that). Without node/npm, or when the install
fails (no registry), the caller gets the reason and the tests skip with it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

__all__ = [
    "NEWMAN_VERSION",
    "NODE_DIR",
    "Newman",
    "NewmanRun",
    "Started",
    "ensure_newman",
]

NEWMAN_VERSION = "6.2.2"
NODE_DIR = Path(__file__).resolve().parents[2] / ".ci" / "node"
_LOCAL = NODE_DIR / "node_modules" / ".bin" / "newman"
_REQUEST_TIMEOUT_MS = 10_000


@dataclass(frozen=True, slots=True)
class NewmanRun:
    """What newman reported: request errors by marker, and its exit status and stderr."""

    errors: dict[str, str] = field(default_factory=dict)
    executed: frozenset[str] = frozenset()
    returncode: int = 0
    stderr: str = ""


@dataclass(frozen=True, slots=True)
class Newman:
    """A newman executable."""

    path: Path

    def version(self) -> str:
        """`newman --version`."""
        done = subprocess.run(
            [str(self.path), "--version"], capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    def start(
        self, collection: Path, environment: Path | None, workdir: Path, marker: str
    ) -> Started:
        """Start running every request of `collection` once, in the background (the caller
        builds the client meanwhile); `Started.wait()` reads newman's JSON report."""
        report = workdir / "newman-report.json"
        command = [
            str(self.path),
            "run",
            str(collection),
            "--working-dir",
            str(workdir),
            "--timeout-request",
            str(_REQUEST_TIMEOUT_MS),
            "--reporters",
            "json",
            "--reporter-json-export",
            str(report),
            "--suppress-exit-code",
            "--color",
            "off",
        ]
        if environment is not None:
            command += ["--environment", str(environment)]
        log = (workdir / "newman.log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        return Started(process, log, report, marker)

    def run(
        self, collection: Path, environment: Path | None, workdir: Path, marker: str
    ) -> NewmanRun:
        """`start()` and `wait()`."""
        return self.start(collection, environment, workdir, marker).wait()


@dataclass(slots=True)
class Started:
    """A newman run in progress."""

    process: subprocess.Popen[bytes]
    log: IO[bytes]
    report: Path
    marker: str

    def wait(self, timeout: float = 1800) -> NewmanRun:
        """Wait for newman (killed after `timeout` s) and read what it reported."""
        try:
            returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            returncode = self.process.wait()
        finally:
            self.log.close()
        output = Path(self.log.name).read_text("utf-8", "replace")[-2000:]
        if not self.report.exists():
            return NewmanRun(returncode=returncode, stderr=output)
        data = json.loads(self.report.read_text("utf-8"))
        errors, executed = _executions(data, self.marker)
        return NewmanRun(errors, frozenset(executed), returncode, output)


def _executions(data: dict[str, Any], marker: str) -> tuple[dict[str, str], set[str]]:
    errors: dict[str, str] = {}
    executed: set[str] = set()
    lower = marker.lower()
    for execution in (data.get("run") or {}).get("executions") or []:
        request = execution.get("request") or {}
        headers = request.get("header") or []
        number = next(
            (
                str(h.get("value"))
                for h in headers
                if isinstance(h, dict) and str(h.get("key", "")).lower() == lower
            ),
            None,
        )
        if number is None:
            continue
        executed.add(number)
        if execution.get("requestError") is not None:
            error = execution["requestError"]
            # An empty URL fails with an empty error object.
            message = (
                error.get("message")
                or error.get("code")
                or "request error (no message)"
                if isinstance(error, dict)
                else str(error)
            )
            errors[number] = str(message)[:200]
    return errors, executed


def _install(npm: str) -> str | None:
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(NODE_DIR),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"newman@{NEWMAN_VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        return (
            f"npm install newman@{NEWMAN_VERSION} failed: {done.stderr.strip()[-300:]}"
        )
    return None


def ensure_newman() -> Newman | str:
    """A usable newman, or the reason there is none (for a skip message)."""
    given = os.environ.get("POSTGEN_NEWMAN")
    if given:
        path = Path(given)
        return (
            Newman(path) if path.exists() else f"POSTGEN_NEWMAN={given} does not exist"
        )
    if shutil.which("node") is None:
        return "node is not installed (newman runs on node)"
    local = Newman(_LOCAL)
    if _LOCAL.exists() and local.version() == NEWMAN_VERSION:
        return local
    npm = shutil.which("npm")
    if npm is None:
        return f"newman {NEWMAN_VERSION} is not in {NODE_DIR} and npm is not installed"
    if os.environ.get("POSTGEN_NEWMAN_INSTALL") == "0":
        return (
            f"newman {NEWMAN_VERSION} is not in {NODE_DIR} (POSTGEN_NEWMAN_INSTALL=0)"
        )
    failure = _install(npm)
    if failure is not None:
        return failure
    if local.version() != NEWMAN_VERSION:
        return f"{_LOCAL} is not newman {NEWMAN_VERSION} after installing"
    return local
