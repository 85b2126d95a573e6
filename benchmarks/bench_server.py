"""Requests per second of the bundled dev server over loopback HTTP/1.1 keep-alive.

Starts `python -m remotes_tui serve` as a subprocess (so the server does not share the client's GIL), creates
the remotes the list scenario needs, then runs each scenario for a fixed time with N client threads, each with its
own keep-alive `http.client.HTTPConnection`, and prints a table.

    python benchmarks/bench_server.py [--threads 4] [--duration 5] [--remotes 100]

Not a test: nothing here asserts anything. Loopback only; every loop is bounded by time and by a request cap.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shlex
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _bundled_server import start_bundled_server, stop_bundled_server

TOKEN = "bench-operator-token"
MAX_REQUESTS_PER_THREAD = 2_000_000

# A scenario makes one request on a connection and returns its status; it gets (thread number, request number).
Scenario = Callable[[http.client.HTTPConnection, int, int], int]


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    errors: int
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def request(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None) -> int:
    headers = {"Authorization": f"Token {TOKEN}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def run(name: str, port: int, threads: int, duration: float, scenario: Scenario, expected: int) -> Result:
    counts = [0] * threads
    errors = [0] * threads
    samples: list[list[float]] = [[] for _ in range(threads)]
    ready = threading.Barrier(threads + 1, timeout=30)
    deadline = [0.0]

    def worker(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.connect()
        ready.wait()
        done = 0
        while done < MAX_REQUESTS_PER_THREAD:
            started = time.perf_counter()
            if started >= deadline[0]:
                break
            try:
                status = scenario(conn, number, done)
            except (OSError, http.client.HTTPException):
                status = -1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            if status != expected:
                errors[number] += 1
            done += 1
            if done % 16 == 0:  # sample latencies without timing overhead on every request
                samples[number].append((time.perf_counter() - started) * 1000)
        counts[number] = done
        conn.close()

    workers = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in workers:
        thread.start()
    deadline[0] = time.perf_counter() + duration
    started = time.perf_counter()
    ready.wait()
    for thread in workers:
        thread.join(duration + 30)
    elapsed = time.perf_counter() - started
    latencies = [x for per_thread in samples for x in per_thread]
    return Result(name, sum(counts), elapsed, sum(errors), latencies)


def measure(args: argparse.Namespace, *, list_cache: bool, scenarios: tuple[str, ...]) -> list[Result]:
    """Start a server, create the listed remotes, run the named scenarios, stop the server."""
    server = start_bundled_server(
        "--host", "127.0.0.1", token=TOKEN, env={"REMOTES_TUI_SERVE_LIST_CACHE": "1" if list_cache else "0"}
    )
    port, org_id = server.port, server.org_id
    try:
        setup = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for i in range(args.remotes):
            body = {
                "orgID": org_id,
                "name": f"remote-{i:04d}",
                "description": f"benchmark remote {i}",
                "remoteURL": f"https://central-{i % 7}.example.com:8086",
                "remoteAPIToken": "t",
                "remoteOrgID": "0123456789abcdef",
                "allowInsecureTLS": i % 5 == 0,
            }
            assert request(setup, "POST", "/api/v2/remotes", json.dumps(body).encode()) == 201
        list_path = f"/api/v2/remotes?orgID={org_id}"
        setup.request("GET", list_path, headers={"Authorization": f"Token {TOKEN}"})
        list_bytes = len(setup.getresponse().read())
        setup.close()

        def get_list(conn: http.client.HTTPConnection, _thread: int, _n: int) -> int:
            return request(conn, "GET", list_path)

        def create(conn: http.client.HTTPConnection, thread: int, n: int) -> int:
            body = json.dumps(
                {
                    "orgID": "fedcba9876543210",  # another org, so the listed org keeps --remotes rows
                    "name": f"bench-{thread}-{n}",
                    "remoteURL": "https://central.example.com:8086",
                    "remoteAPIToken": "t",
                    "remoteOrgID": "0123456789abcdef",
                    "allowInsecureTLS": False,
                }
            ).encode()
            return request(conn, "POST", "/api/v2/remotes", body)

        def ping(conn: http.client.HTTPConnection, _thread: int, _n: int) -> int:
            return request(conn, "GET", "/ping")

        cache = "list cache on" if list_cache else "list cache OFF"
        table: dict[str, tuple[str, Scenario, int]] = {
            "list": (f"GET list of {args.remotes} remotes, {list_bytes} B ({cache})", get_list, 200),
            "create": ("POST create remote (unique names)", create, 201),
            "ping": ("GET /ping (baseline)", ping, 204),
        }
        results = []
        for name in scenarios:
            label, scenario, expected = table[name]
            results.append(run(label, port, args.threads, args.duration, scenario, expected))
        return results
    finally:
        stop_bundled_server(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--threads", type=int, default=4, help="client threads (default: %(default)s)")
    parser.add_argument(
        "--duration", type=float, default=5.0, help="seconds per scenario (default: %(default)s)"
    )
    parser.add_argument(
        "--remotes", type=int, default=100, help="remotes in the listed org (default: %(default)s)"
    )
    args = parser.parse_args()
    if not (1 <= args.threads <= 64 and 0.5 <= args.duration <= 60 and 1 <= args.remotes <= 10_000):
        parser.error("keep --threads in 1..64, --duration in 0.5..60 and --remotes in 1..10000")

    results = measure(args, list_cache=True, scenarios=("list", "create", "ping"))
    results += measure(args, list_cache=False, scenarios=("list",))

    command = " ".join(shlex.quote(part) for part in [Path(sys.executable).name, *sys.argv])
    print(f"$ {command}")
    print(
        f"server: python -m remotes_tui serve (in-memory SQLite; a fresh server per cache setting), {args.threads} client threads, "
        f"keep-alive, {args.duration:g} s per scenario, {os.cpu_count()} CPUs"
    )
    print()
    print(
        f"| {'scenario':<52} | {'requests':>9} | {'req/s':>8} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} |"
    )
    print(f"|{'-' * 54}|{'-' * 11}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for result in results:
        lat = sorted(result.latencies_ms)
        p50 = statistics.median(lat) if lat else 0.0
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0
        print(
            f"| {result.name:<52} | {result.requests:>9} | {result.per_second:>8.0f} | {p50:>7.2f} | {p99:>7.2f} "
            f"| {result.errors:>6} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
