"""Bulk benchmark: importing and listing remotes, ours against the official `influxdb-client`, in the same run.

Against the bundled server (`remotes-tui serve` in its own process, a fresh one for every run so each client meets
the same empty database), it times:

1. Import of N remotes (default 500) on loopback: our import (`remotes_tui.transfer`: list, plan, then the creates
   with bounded concurrency, as `remotes-tui remote import` does) against a loop over the official client's
   `RemoteConnectionsService.post_remote_connection`. For reference: our service layer creating one at a time, and
   raw httpx (async) posting one at a time. Goal: ours at least as fast as the official client.
2. The same with injected latency on every answer (`serve --latency`, default 20 ms). Goal: ours at least 10x.
3. Listing M remotes (default 1,000): `client.remotes.list()` (validated models) against raw httpx + `json.loads`
   of the same GET (the official client's list for reference). Goal: within 1.3x of raw httpx + json.

    .venv/bin/python benchmarks/bench_bulk.py [--remotes 500] [--list 1000] [--latency 0.02] [--runs 3]

Prints each figure (median of the runs, with min and max) and the ratios. The tokens travel in environment
variables and memory only, never in argv.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _bundled_server import bundled_server

TOKEN = "bench-bulk-operator-token-0001"
REMOTE_TOKEN = "bench-bulk-remote-token"
REMOTE_ORG_ID = "0f1e2d3c4b5a6978"
ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def served(latency: float = 0.0) -> Iterator[tuple[str, str]]:
    """A fresh bundled server in its own process: (URL, org ID)."""
    with bundled_server("--latency", str(latency), token=TOKEN, cwd=ROOT, quiet=True) as server:
        yield server.url, server.org_id


def remote_fields(index: int) -> dict[str, object]:
    return {
        "name": f"bulk-remote-{index:04d}",
        "remoteURL": f"https://central-{index % 5}.example.com:8086",
        "remoteOrgID": REMOTE_ORG_ID,
        "allowInsecureTLS": False,
        "description": f"bulk benchmark remote {index}",
    }


# -- import: ours, the official client, raw httpx ------------------------------------------------------------


def import_ours(url: str, org_id: str, count: int, concurrency: int) -> float:
    """Seconds for our import of `count` remotes (list, plan, creates), as `remotes-tui remote import` runs it."""
    from remotes_tui.api import ConnectionSettings
    from remotes_tui.transfer import apply_plan, bulk_client, loads, make_plan

    document = loads(json.dumps({"remotes": [remote_fields(i) for i in range(count)]}), name="bench.json")
    urls = {spec.remote_url for spec in document.remotes}

    async def run() -> float:
        started = time.perf_counter()
        settings = ConnectionSettings(url=url, token=TOKEN, org_id=org_id)
        async with bulk_client(settings, len(document.remotes)) as client:
            existing = await client.remotes.list(org_id)
            plan = make_plan(document.remotes, existing, update=False)
            report = await apply_plan(
                client, org_id, plan, dict.fromkeys(urls, REMOTE_TOKEN), concurrency=concurrency
            )
        elapsed = time.perf_counter() - started
        if not report.complete or len(report.done) != count:
            raise SystemExit(f"our import failed: {[str(o.error) for o in report.failed][:3]}")
        return elapsed

    return asyncio.run(run())


def create_ours_sequential(url: str, org_id: str, count: int) -> float:
    """Seconds for `count` creates through our service layer, one at a time (the per-request cost)."""
    from remotes_tui.api import ConnectionSettings, InfluxClient, creation_request

    async def run() -> float:
        async with InfluxClient(ConnectionSettings(url=url, token=TOKEN, org_id=org_id)) as client:
            started = time.perf_counter()
            for index in range(count):
                fields = remote_fields(index)
                await client.remotes.create(
                    creation_request(
                        org_id=org_id,
                        name=str(fields["name"]),
                        remote_url=str(fields["remoteURL"]),
                        remote_api_token=REMOTE_TOKEN,
                        description=str(fields["description"]),
                        remote_org_id=REMOTE_ORG_ID,
                    )
                )
            return time.perf_counter() - started

    return asyncio.run(run())


def create_official(url: str, org_id: str, count: int) -> float:
    """Seconds for `count` creates in a loop over the official client's RemoteConnectionsService."""
    from influxdb_client import InfluxDBClient
    from influxdb_client.domain.remote_connection_creation_request import RemoteConnectionCreationRequest
    from influxdb_client.service.remote_connections_service import RemoteConnectionsService

    with InfluxDBClient(url=url, token=TOKEN, org_id=org_id) as client:
        service = RemoteConnectionsService(client.api_client)
        started = time.perf_counter()
        for index in range(count):
            fields = remote_fields(index)
            service.post_remote_connection(
                RemoteConnectionCreationRequest(
                    name=fields["name"],
                    org_id=org_id,
                    remote_url=fields["remoteURL"],
                    remote_api_token=REMOTE_TOKEN,
                    remote_org_id=REMOTE_ORG_ID,
                    allow_insecure_tls=False,
                    description=fields["description"],
                )
            )
        return time.perf_counter() - started


def create_raw_httpx(url: str, org_id: str, count: int) -> float:
    """Seconds for `count` POSTs with a bare httpx.AsyncClient, one at a time (no validation, no error handling)."""
    import httpx

    async def run() -> float:
        headers = {"Authorization": f"Token {TOKEN}"}
        async with httpx.AsyncClient(base_url=url, headers=headers) as client:
            started = time.perf_counter()
            for index in range(count):
                body = {**remote_fields(index), "orgID": org_id, "remoteAPIToken": REMOTE_TOKEN}
                response = await client.post("/api/v2/remotes", json=body)
                response.raise_for_status()
                json.loads(response.content)
            return time.perf_counter() - started

    return asyncio.run(run())


# -- list: ours, raw httpx + json, the official client -------------------------------------------------------


def time_lists(url: str, org_id: str, repeats: int) -> dict[str, list[float]]:
    """Seconds per list of every remote of the org, `repeats` times each, interleaved."""
    import httpx
    from influxdb_client import InfluxDBClient
    from influxdb_client.service.remote_connections_service import RemoteConnectionsService

    from remotes_tui.api import ConnectionSettings, InfluxClient

    times: dict[str, list[float]] = {"ours": [], "raw": [], "official": []}

    async def run_async() -> None:
        settings = ConnectionSettings(url=url, token=TOKEN, org_id=org_id)
        headers = {"Authorization": f"Token {TOKEN}"}
        async with InfluxClient(settings) as ours, httpx.AsyncClient(base_url=url, headers=headers) as raw:
            for _ in range(repeats + 1):  # the first round warms connections and caches
                started = time.perf_counter()
                remotes = await ours.remotes.list(org_id)
                times["ours"].append(time.perf_counter() - started)
                started = time.perf_counter()
                response = await raw.get("/api/v2/remotes", params={"orgID": org_id})
                response.raise_for_status()
                rows = json.loads(response.content)["remotes"]
                times["raw"].append(time.perf_counter() - started)
                assert len(remotes) == len(rows)

    asyncio.run(run_async())
    with InfluxDBClient(url=url, token=TOKEN, org_id=org_id) as client:
        service = RemoteConnectionsService(client.api_client)
        for _ in range(repeats + 1):
            started = time.perf_counter()
            service.get_remote_connections(org_id=org_id)
            times["official"].append(time.perf_counter() - started)
    return {name: values[1:] for name, values in times.items()}


# -- reporting ------------------------------------------------------------------------------------------------


def summary(values: list[float]) -> tuple[float, str]:
    median = statistics.median(values)
    return median, f"median {median:.3f} s (min {min(values):.3f}, max {max(values):.3f})"


def rate_line(label: str, count: int, values: list[float]) -> float:
    median, text = summary(values)
    print(f"  {label:<44} {count / median:8.0f} /s   {text}")
    return median


def measure(runs: int, latency: float, action: Callable[[str, str], float]) -> list[float]:
    values = []
    for _ in range(runs):
        with served(latency) as (url, org_id):
            values.append(action(url, org_id))
    return values


def import_section(count: int, runs: int, latency: float, concurrency: int, references: bool) -> float:
    where = "loopback" if not latency else f"{latency * 1000:g} ms injected latency"
    print(f"\nImport of {count} remotes, {where} ({runs} runs, a fresh server each):")
    kinds: dict[str, Callable[[str, str], float]] = {
        f"ours: remote import (concurrency {concurrency})": lambda u, o: import_ours(
            u, o, count, concurrency
        ),
        "official influxdb-client, a loop of creates": lambda u, o: create_official(u, o, count),
    }
    if references:
        kinds["ours: service layer, one create at a time"] = lambda u, o: create_ours_sequential(u, o, count)
        kinds["raw httpx (async), one POST at a time"] = lambda u, o: create_raw_httpx(u, o, count)
    results: dict[str, list[float]] = {label: [] for label in kinds}
    for _ in range(runs):  # interleaved, so a machine whose speed drifts affects every client alike
        for label, action in kinds.items():
            results[label] += measure(1, latency, action)
    medians = {label: rate_line(label, count, values) for label, values in results.items()}
    ours, official = list(medians.values())[:2]
    ratio = official / ours
    print(f"  ours / official: {ratio:.2f}x as fast")
    return ratio


def list_section(count: int, repeats: int) -> float:
    print(f"\nList of {count} remotes ({repeats} lists each, interleaved, after one warm-up):")
    with served() as (url, org_id):
        import_ours(url, org_id, count, 32)
        times = time_lists(url, org_id, repeats)
    medians = {}
    for label, key in (
        ("ours: client.remotes.list (validated models)", "ours"),
        ("raw httpx + json.loads", "raw"),
        ("official influxdb-client", "official"),
    ):
        medians[key], text = summary(times[key])
        print(f"  {label:<44} {medians[key] * 1000:8.2f} ms  {text}")
    ratio = medians["ours"] / medians["raw"]
    print(
        f"  ours / raw httpx + json: {ratio:.2f}x the time (official: {medians['official'] / medians['raw']:.2f}x)"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--remotes", type=int, default=500, help="remotes per import (default: %(default)s)")
    parser.add_argument(
        "--list", type=int, default=1000, help="remotes in the list test (default: %(default)s)"
    )
    parser.add_argument(
        "--latency", type=float, default=0.02, help="injected latency, s (default: %(default)s)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each import (default: %(default)s)")
    parser.add_argument("--concurrency", type=int, default=32, help="our import's concurrency (default: 32)")
    parser.add_argument("--list-repeats", type=int, default=50, help="lists of each kind (default: 50)")
    parser.add_argument("--skip-latency", action="store_true", help="only loopback and list")
    args = parser.parse_args(argv)

    print(
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; the bundled server runs in its own process."
    )
    started = time.perf_counter()
    import aiohttp  # noqa: F401 - paid once by `remote import` of 50+ remotes; timed here, not in the runs

    print(
        f"import aiohttp (the bulk transport): {(time.perf_counter() - started) * 1000:.0f} ms, once per import"
    )
    loopback = import_section(args.remotes, args.runs, 0.0, args.concurrency, references=True)
    verdicts = [("import on loopback: ours at least as fast as the official client", loopback >= 1.0)]
    if not args.skip_latency:
        latency_runs = max(1, min(args.runs, 2))
        slow = import_section(args.remotes, latency_runs, args.latency, args.concurrency, references=False)
        verdicts.append(
            (f"import with {args.latency * 1000:g} ms latency: ours at least 10x the official", slow >= 10)
        )
    listing = list_section(args.list, args.list_repeats)
    verdicts.append(("list: ours within 1.3x of raw httpx + json", listing <= 1.3))
    print()
    for label, ok in verdicts:
        print(f"{'OK  ' if ok else 'MISS'} {label}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
