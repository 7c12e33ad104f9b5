"""Benchmark: the generated seed client vs raw ``httpx.Client.get(url).json()`` on loopback.

Run from the repo root: ``python benchmarks/bench_runtime.py [--rounds 7] [--calls 2000]``.

The measured call is ``client.bulk_write.job_details(job_id=...)`` of the committed client in
``generated/zoho-crm-bulk-write``, answered with the seed's own "SUCCESS RESPONSE" example body,
parsed into its pydantic model.

The server (``ThreadingHTTPServer``, HTTP/1.1 keep-alive, a fixed ~1 KB JSON body) runs in a
child process so that it does not compete with the measured client for the GIL; the client side
is then what differs between the two variants. Rounds are interleaved (and their order
alternates) so that drift in machine load hits both variants alike. Both variants send the
same Authorization header.

Two servers run, and each variant has one connection to each (a client per server): in a round
the variants talk to different servers, swapped every round. With one server, the connection
opened first was served measurably faster (up to 8%, seen with two identical raw clients), a
bias that belonged to neither variant.

A third variant, a second raw client under the same design, is the A/A control: it sends what
the first one sends, so its ratio to the first is the noise of that run. On a shared 2-core
machine it strayed up to 7% from 1.0 (ratio of medians) and up to 3% (median of rounds): as
much as the difference being measured, so a generated/raw ratio is read against it. The last
line times the same calls with no sockets, where the client's own cost is what differs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "zoho-crm-bulk-write.postman_collection.json"
CLIENT_DIR = ROOT / "generated" / "zoho-crm-bulk-write"


def _seed_success_body() -> bytes:
    collection = json.loads(SEED.read_text(encoding="utf-8"))
    (request,) = collection["item"][0]["item"]
    (success,) = [r for r in request["response"] if r["name"] == "SUCCESS RESPONSE"]
    return str(success["body"]).encode()


BODY = _seed_success_body()


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


def _pin(index: int) -> None:
    """Keep this process on one CPU of the ones it may use (when it may use two or more).

    Server and client on CPUs of their own: otherwise the scheduler moves them onto one core
    now and then, and a round's rate halves for reasons neither variant owns.
    """
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(cpus) >= 2:
        os.sched_setaffinity(0, {cpus[index]})


def _serve(conn: Connection) -> None:
    _pin(1)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    conn.send(server.server_address[1])
    server.serve_forever()


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

    sys.path.insert(0, str(CLIENT_DIR))
    import zoho_crm_bulk_write
    from zoho_crm_bulk_write.models.bulk_write import JobDetailsResponse

    procs, bases = [], []
    for _ in range(2):
        parent, child = multiprocessing.Pipe()
        proc = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
        proc.start()
        procs.append(proc)
        bases.append(f"http://127.0.0.1:{parent.recv()}")
    _pin(0)
    path = "/crm/bulk/v2/write/4150868000005392002"
    # The raw client sends the same credentials, so both variants put the same bytes on the
    # wire and the ratio measures the runtime's own overhead.
    raws = [httpx.Client(headers={"Authorization": "Bearer token"}) for _ in bases]
    controls = [httpx.Client(headers={"Authorization": "Bearer token"}) for _ in bases]
    clients = [
        zoho_crm_bulk_write.Client(base_url=base, access_token="token")
        for base in bases
    ]

    def raw_call(server: int, pool: list[httpx.Client] = raws) -> Callable[[], object]:
        http, url = pool[server], bases[server] + path
        return lambda: http.get(url).json()

    def control_call(server: int) -> Callable[[], object]:
        return raw_call(server, controls)

    def client_call(server: int) -> Callable[[], object]:
        client = clients[server]
        return lambda: client.bulk_write.job_details(job_id="4150868000005392002")

    assert isinstance(client_call(0)(), JobDetailsResponse) and raw_call(0)()
    for server in (0, 1):  # warm-up: connections, adapters, caches
        for make in (raw_call, client_call, control_call):
            _rate(make(server), 200)

    raw_rates: list[float] = []
    rt_rates: list[float] = []
    control_rates: list[float] = []
    try:
        for i in range(args.rounds):
            # The generated client and the control on the other server than the raw client,
            # swapped every round; the order within a round turns, so no variant keeps a place.
            order = [
                (raw_call(i % 2), raw_rates),
                (client_call(1 - i % 2), rt_rates),
                (control_call(1 - i % 2), control_rates),
            ]
            order = order[i % 3 :] + order[: i % 3]
            for fn, rates in order if i % 6 < 3 else reversed(order):
                rates.append(_rate(fn, args.calls))
    finally:
        for client in clients:
            client.close()
        for http in raws + controls:
            http.close()
        for proc in procs:
            proc.terminate()
            proc.join()

    raw_median = statistics.median(raw_rates)
    rt_median = statistics.median(rt_rates)
    print(
        f"body: {len(BODY)} bytes, {args.rounds} rounds x {args.calls} calls, loopback"
    )
    print(f"raw httpx .get().json():  {raw_median:8.0f} calls/s (median)")
    print(f"generated client -> model: {rt_median:8.0f} calls/s (median)")
    print(f"ratio generated/raw:      {rt_median / raw_median:8.3f}")
    print(f"ratio, median of rounds:  {_paired(rt_rates, raw_rates):8.3f}")
    control_median = statistics.median(control_rates)
    print(
        f"A/A control, raw/raw:     {control_median / raw_median:8.3f} "
        f"(median of rounds {_paired(control_rates, raw_rates):.3f}; the noise of this run)"
    )
    _in_process(args.rounds, args.calls)


def _paired(rates: list[float], raw_rates: list[float]) -> float:
    """The median of per-round ratios: each round runs every variant back to back, so a
    round's ratio sees one machine load, and the median is what a burst of load moves least.
    """
    return statistics.median(r / raw for r, raw in zip(rates, raw_rates, strict=True))


def _in_process(rounds: int, calls: int) -> None:
    """The same comparison without sockets (httpx.MockTransport): the client-side cost alone,
    steadier than loopback on a shared machine."""
    import zoho_crm_bulk_write

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=BODY, headers={"Content-Type": "application/json"}
        )

    transport = httpx.MockTransport(answer)
    raw_http = httpx.Client(
        transport=transport, headers={"Authorization": "Bearer token"}
    )
    client = zoho_crm_bulk_write.Client(
        base_url="http://bench.invalid",
        access_token="token",
        http_client=httpx.Client(transport=transport),
    )
    url = "http://bench.invalid/crm/bulk/v2/write/4150868000005392002"
    raw_rates: list[float] = []
    rt_rates: list[float] = []
    for _ in range(rounds):
        raw_rates.append(_rate(lambda: raw_http.get(url).json(), calls))
        rt_rates.append(_rate(lambda: client.bulk_write.job_details(job_id="1"), calls))
    raw_us = 1e6 / statistics.median(raw_rates)
    rt_us = 1e6 / statistics.median(rt_rates)
    print(
        f"no network: raw {raw_us:.1f} us/call, generated {rt_us:.1f} us/call "
        f"(+{rt_us - raw_us:.1f} us: routing, auth, parsing into the model)"
    )


if __name__ == "__main__":
    main()
