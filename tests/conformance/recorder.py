"""A loopback HTTP server that records every request exactly as it arrived.

Both runtimes (newman and a generated client) are pointed at it in turn. It keeps what a server
would see: the method, the raw request target (path and query string, not decoded), every header
line in order with duplicates, and the body bytes (a chunked body is de-chunked: the framing is
each runtime's own choice, like Content-Length). Every request is answered `200` with `{}` as
JSON, which newman accepts and a generated client in lenient mode turns into a model or a dict.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Recorded", "Recorder", "recording"]

_REPLY = b"{}"


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request as the server received it."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or None."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as both clients expect
    # Headers and body go out in two writes: with Nagle on, the second waits for a delayed ACK
    # (about 40 ms a request on loopback).
    disable_nagle_algorithm = True
    # An idle keep-alive connection is closed after this many seconds: newman sometimes waits
    # for its open sockets to close before it exits.
    timeout = 3
    server: _Server

    def __getattr__(self, name: str) -> Any:
        # Any verb is accepted (LINK, PURGE, PROPFIND...): `do_<METHOD>` resolves to one handler.
        if name.startswith("do_"):
            return self._record
        raise AttributeError(name)

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _record(self) -> None:
        body = self._read_body()
        self.server.add(
            Recorded(
                method=self.command,
                target=self.path,
                headers=tuple((k, v) for k, v in self.headers.items()),
                body=body,
            )
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(_REPLY)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(_REPLY)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the recordings are the log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self._lock = threading.Lock()
        self._seen: list[Recorded] = []

    def add(self, request: Recorded) -> None:
        with self._lock:
            self._seen.append(request)

    def take(self) -> list[Recorded]:
        with self._lock:
            seen, self._seen = self._seen, []
        return seen


class Recorder:
    """The running server: its origin, and the requests received since the last `take()`."""

    def __init__(self, server: _Server) -> None:
        self._server = server

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def netloc(self) -> str:
        """`127.0.0.1:PORT`."""
        return f"127.0.0.1:{self._server.server_address[1]}"

    def take(self) -> list[Recorded]:
        """Every request received since the last call, in arrival order."""
        return self._server.take()


@contextmanager
def recording() -> Iterator[Recorder]:
    """Run a recorder on a random loopback port for the duration of the block."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Recorder(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
