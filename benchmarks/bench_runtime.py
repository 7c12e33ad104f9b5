"""Benchmark: a runtime-based client vs raw ``httpx.Client.get(url).json()`` on loopback.

Run from the repo root: ``python benchmarks/bench_runtime.py [--rounds 7] [--calls 2000]``.

The server (``ThreadingHTTPServer``, HTTP/1.1 keep-alive, a fixed ~1 KB JSON body) runs in a
child process so that it does not compete with the measured client for the GIL; the client side
is then what differs between the two variants. Rounds are interleaved (and their order
alternates) so that drift in machine load hits both variants alike. Both variants send the
same Authorization header.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict

RUNTIME_PATH = (
    Path(__file__).resolve().parents[1] / "templates" / "runtime" / "_runtime.py"
)

BODY = json.dumps(
    {
        "id": "4876870000001234001",
        "status": "COMPLETED",
        "operation": "insert",
        "created_by": {"id": "4876870000000371515", "name": "Patricia Boyle"},
        "created_time": "2024-11-29T10:13:00+05:30",
        "result": {"download_url": "/crm/bulk/v2/write/4876870000001234001/result"},
        "resource": [
            {
                "type": "data",
                "module": {"api_name": "Contacts", "id": "4876870000000002179"},
                "status": "COMPLETED",
                "file": {"added_count": 100, "skipped_count": 0, "updated_count": 0},
                "field_mappings": [
                    {"api_name": f"Field_{i}", "index": i, "format": None}
                    for i in range(8)
                ],
            }
        ],
    }
).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = (
        True  # header and body are two writes; Nagle would add 40 ms
    )

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(conn: Connection) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    conn.send(server.server_address[1])
    server.serve_forever()


def _load_runtime() -> Any:
    spec = importlib.util.spec_from_file_location("bench_runtime_rt", RUNTIME_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class JobSummary(BaseModel):
    """A small response model in the style postgen generates (unknown keys kept)."""

    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    operation: str | None = None


def _rate(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return calls / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()

    rt = _load_runtime()

    class Client(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
        def get_job(self) -> JobSummary:
            return self.request("GET", "/job", cast_to=JobSummary)  # type: ignore[no-any-return]

    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
    proc.start()
    base = f"http://127.0.0.1:{parent.recv()}"
    # The raw client sends the same credentials, so both variants put the same bytes on the
    # wire and the ratio measures the runtime's own overhead.
    raw_http = httpx.Client(headers={"Authorization": "Bearer token"})
    client = Client(
        base_url=base,
        package="bench",
        version="0",
        errors=rt.ErrorSpec(),
        auth=rt.BearerAuth("token"),
    )
    url = base + "/job"

    def raw_call() -> object:
        return raw_http.get(url).json()

    assert isinstance(client.get_job(), JobSummary) and raw_call()
    for fn in (raw_call, client.get_job):  # warm-up: connections, adapters, caches
        _rate(fn, 200)

    raw_rates: list[float] = []
    rt_rates: list[float] = []
    try:
        for i in range(args.rounds):
            order = [(raw_call, raw_rates), (client.get_job, rt_rates)]
            for fn, rates in order if i % 2 == 0 else reversed(order):
                rates.append(_rate(fn, args.calls))
    finally:
        client.close()
        raw_http.close()
        proc.terminate()
        proc.join()

    raw_median = statistics.median(raw_rates)
    rt_median = statistics.median(rt_rates)
    print(
        f"body: {len(BODY)} bytes, {args.rounds} rounds x {args.calls} calls, loopback"
    )
    print(f"raw httpx .get().json():  {raw_median:8.0f} calls/s (median)")
    print(f"runtime -> pydantic model: {rt_median:8.0f} calls/s (median)")
    print(f"ratio runtime/raw:        {rt_median / raw_median:8.3f}")


if __name__ == "__main__":
    main()
