"""A loopback HTTP server that replays a collection's saved examples, chosen by name.

An error example's `originalRequest` often differs from the request (the seed's
INVALID_REQUEST_METHOD was sent as COPY), so the test says which example to serve next instead of
matching requests to examples.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Served:
    """What the server saw and what it will answer next."""

    examples: dict[str, dict[str, Any]]
    next_example: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)


def examples_of(collection: Path) -> dict[str, dict[str, Any]]:
    """Every saved example in a collection, by name (first wins)."""
    found: dict[str, dict[str, Any]] = {}

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item.get("item"), list):
                walk(item["item"])
            for response in item.get("response") or []:
                found.setdefault(response["name"], response)

    walk(json.loads(collection.read_text(encoding="utf-8"))["item"])
    return found


def _handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            served.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": self.rfile.read(length) if length else b"",
                }
            )
            example = served.examples[served.next_example]
            body = (example.get("body") or "").encode("utf-8")
            self.send_response(int(example["code"]))
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


@contextmanager
def replay(collection: Path) -> Iterator[tuple[str, Served]]:
    """Serve `collection`'s examples on 127.0.0.1; yields (base URL, control object)."""
    served = Served(examples_of(collection))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()
