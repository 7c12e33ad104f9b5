"""Test helpers for the runtime: load ``templates/runtime/_runtime/`` and a scripted HTTP server.

The server is a real ``ThreadingHTTPServer`` on 127.0.0.1 (port 0), so the runtime is exercised
over real sockets instead of httpx mocks. Each test queues ``Reply`` objects; once the queue is
empty the server echoes the request as JSON so tests can assert on what was sent.
Test modules import the ``server`` fixture as ``server_fixture`` (tests/conftest.py is not ours).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

RUNTIME_PATH = (
    Path(__file__).resolve().parents[1] / "templates" / "runtime" / "_runtime"
)


def load_runtime() -> ModuleType:
    """Import the runtime template as a package (once per test session)."""
    name = "postgen_test_runtime"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name,
        RUNTIME_PATH / "__init__.py",
        submodule_search_locations=[str(RUNTIME_PATH)],
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before exec: dataclasses and pydantic resolve annotations via sys.modules.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


rt = load_runtime()


@dataclass
class Reply:
    """One scripted answer. ``drop`` closes the socket without answering."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False


@dataclass
class Seen:
    """What the server received for one request."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body.decode("utf-8", "replace"),
        }


class ScriptedServer(ThreadingHTTPServer):
    """Threaded loopback server that answers from a queue of ``Reply`` objects."""

    daemon_threads = True
    block_on_close = False
    max_requests = 40  # a runaway retry loop fails the test instead of hanging it

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: list[Reply] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.overflow = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def script(self, *replies: Reply) -> None:
        with self.lock:
            self.replies.extend(replies)

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.seen)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Timeout tests make the client hang up first; the broken pipe is expected noise.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like real APIs
    disable_nagle_algorithm = True
    server: ScriptedServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        seen = Seen(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            at=time.monotonic(),
        )
        with self.server.lock:
            self.server.seen.append(seen)
            overflow = len(self.server.seen) > self.server.max_requests
            self.server.overflow |= overflow
            reply = self.server.replies.pop(0) if self.server.replies else None
        if overflow or (reply is not None and reply.drop):
            self.close_connection = True
            return
        if reply is None:
            reply = Reply(body=seen.as_json())
        if reply.delay:
            time.sleep(reply.delay)
        payload = reply.body
        if isinstance(payload, str):
            data, ctype = payload.encode(), "text/plain; charset=utf-8"
        elif isinstance(payload, bytes):
            data, ctype = payload, "application/octet-stream"
        elif payload is None:
            data, ctype = b"", "application/json"
        else:
            data, ctype = json.dumps(payload).encode(), "application/json"
        self.send_response(reply.status)
        headers = {
            "Content-Type": ctype,
            **reply.headers,
            "Content-Length": str(len(data)),
        }
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


@pytest.fixture(name="server")
def server_fixture() -> Iterator[ScriptedServer]:
    """A fresh scripted server per test; fails the test if the request bound was exceeded."""
    srv = ScriptedServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)
    assert not srv.overflow, "server saw more requests than max_requests"
