"""Benchmark: the Health column costs nothing noticeable (10,000 remotes, 10,000 replications).

Run from the project root:

    .venv/bin/python benchmarks/bench_health.py [--runs 3] [--baseline main]

Three tables, each measured exactly as `benchmarks/bench_table.py` measures its RemotesTable (a fresh process,
a headless 120x40 app: fill to the first full screen drawn, the median of three refills, the query
'fra-plant-1' typed one key at a time and cleared, peak RSS):

- today: `bench_table.py` of the baseline commit (`--baseline`, default `main`; exported with `git archive`
  to a temporary folder and imported from there), the table before the Health column;
- health: this checkout's table filled with the remotes and the health of 10,000 replications (a
  `HealthIndex`, built before the timed fill, as the app builds it in a thread when the lists arrive);
- no health yet: this checkout's table before the first replications list (the column shows "…").

Runs alternate (today, health, no health yet, today, ...) so a machine whose speed drifts affects each alike.
Each time is printed as the best of the runs and their median: on a shared machine other processes only ever
add time, so the best run is the figure to compare (the median shows how noisy the runs were). Goal: health
within 10% of today for fill, refill and the filter keystrokes (best of the runs). Also printed: building the
HealthIndex from 10,000 replications, and `failing` typed as a filter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _child_run import child_figures  # noqa: E402 - beside this script
from bench_table import (  # noqa: E402 - the same machinery as bench_table.py, so the figures compare
    QUERY,
    ROWS,
    SIZE,
    BenchApp,
    ProbedRemotesTable,
    make_remotes,
    measure_fills,
    peak_rss_mb,
)

from remotes_tui.api import RemoteConnection, Replication  # noqa: E402
from remotes_tui.api.health import HealthIndex  # noqa: E402

REPLICATIONS = 10_000
SEED = 20_261_127
GOAL = 1.10
COMMAND = ".venv/bin/python benchmarks/bench_health.py"
MiB = 1024 * 1024


def make_replications(remotes: list[RemoteConnection], count: int = REPLICATIONS) -> list[Replication]:
    """`count` replications spread over the remotes (some have two or three, about a third none), with a
    plausible mix of states: mostly ok, some never sent, some failing (401, refused), some queues over 80%."""
    rng = random.Random(SEED)
    replications = []
    maximum = 64 * MiB
    for index in range(count):
        remote = rng.choice(remotes)
        draw = rng.random()
        data: dict[str, Any] = {
            "id": f"{rng.getrandbits(63) | 1:016x}",
            "name": f"replication-{index:05d}",
            "orgID": remote.org_id,
            "remoteID": remote.id,
            "localBucketID": f"{rng.getrandbits(63) | 1:016x}",
            "RemoteBucketName": "telemetry",
            "maxQueueSizeBytes": maximum,
            "currentQueueSizeBytes": rng.randrange(0, maximum // 4),
            "remainingBytesToBeSynced": 0,
            "latestResponseCode": 204,
            "latestErrorMessage": "",
        }
        if draw < 0.04:
            data.pop("latestResponseCode")
            data.pop("latestErrorMessage")
        elif draw < 0.08:
            data.update(
                latestResponseCode=401, latestErrorMessage="invalid response code 401: unauthorized access"
            )
        elif draw < 0.10:
            data.update(
                latestResponseCode=0,
                latestErrorMessage='Post "https://c:8086/api/v2/write": dial tcp 10.0.0.1:8086: connect: '
                "connection refused",
            )
        elif draw < 0.15:
            data.update(currentQueueSizeBytes=rng.randrange(int(maximum * 0.81), maximum))
        replications.append(Replication.model_validate(data))
    return replications


async def measure_this_checkout(with_health: bool) -> dict[str, Any]:
    """bench_table.py's measure() of RemotesTable, with the Health column filled or still pending."""
    remotes = make_remotes()
    result: dict[str, Any] = {"widget": "health" if with_health else "pending"}
    health: HealthIndex | None = None
    if with_health:
        replications = make_replications(remotes)
        started = time.perf_counter()
        health = HealthIndex(replications)
        result["index_build_s"] = time.perf_counter() - started
        del replications  # as in the app: the index keeps what it needs, the parsed models go
    table = ProbedRemotesTable()

    def fill() -> None:
        table.set_remotes(remotes, health=health)

    app = BenchApp(table)
    async with app.run_test(size=SIZE) as pilot:
        timed = await measure_fills(pilot, table, fill, result)
        keystrokes = [QUERY[:length] for length in range(1, len(QUERY) + 1)] + [""]
        timings = [await timed(partial(table.set_filter, text)) for text in keystrokes]
        result["keystroke_median_s"] = statistics.median(timings[:-1])
        result["keystroke_max_s"] = max(timings)
        result["clear_filter_s"] = timings[-1]
        if with_health:
            failing = [await timed(partial(table.set_filter, "failing"[:n])) for n in range(1, 8)]
            result["failing_visible"] = table.visible_count
            result["failing_keystroke_median_s"] = statistics.median(failing)
            await timed(partial(table.set_filter, ""))
        result["peak_rss_end_mb"] = peak_rss_mb()
    return result


def export_baseline(ref: str, folder: Path) -> Path:
    """The baseline commit's files (`git archive`), to import its table and its bench_table.py from."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def run_child(kind: str, baseline: Path) -> dict[str, Any]:
    if kind == "today":
        command = [sys.executable, str(baseline / "benchmarks" / "bench_table.py"), "--child", "remotes"]
        env = {"PYTHONPATH": str(baseline)}
        cwd = baseline
    else:
        command = [sys.executable, __file__, "--child", kind]
        env, cwd = {}, ROOT
    return child_figures(command, what=f"{kind} benchmark", timeout=180, cwd=cwd, env={**_base_env(), **env})


def _base_env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def best_of(runs: list[dict[str, Any]], key: str) -> float:
    return min(run[key] for run in runs)


def report(results: dict[str, list[dict[str, Any]]], ref: str) -> bool:
    ms = 1000.0
    today, health, pending = results["today"], results["health"], results["pending"]
    rows = [
        ("fill 10,000 rows -> rendered", "fill_s", True),
        ("refill (median of 3)", "refill_s", True),
        ("filter keystroke, median", "keystroke_median_s", True),
        ("filter keystroke, max", "keystroke_max_s", False),
        ("clear the filter", "clear_filter_s", True),
    ]
    print(
        f"{ROWS:,} remotes, {REPLICATIONS:,} replications, headless {SIZE[0]}x{SIZE[1]}, query {QUERY!r} typed "
        f"one key at a time + clear; {len(today)} runs of each, interleaved; best (median) in ms"
    )
    print()
    header = (
        f"| {'measure':<30} | {'today (' + ref + ')':>15} | {'health':>15} | {'ratio':>5} | "
        f"{'no health yet':>15} | ok  |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    all_ok = True

    def cell(runs: list[dict[str, Any]], key: str) -> str:
        return f"{best_of(runs, key) * ms:6.1f} ({median_of(runs, key) * ms:6.1f})"

    for label, key, gated in rows:
        ratio = best_of(health, key) / best_of(today, key)
        ok = "" if not gated else ("yes" if ratio <= GOAL else "NO")
        all_ok = all_ok and (not gated or ratio <= GOAL)
        print(
            f"| {label:<30} | {cell(today, key):>15} | {cell(health, key):>15} | {ratio:5.2f} | "
            f"{cell(pending, key):>15} | {ok:<3} |"
        )
    for label, key in (
        ("peak RSS after filling, MB", "peak_rss_after_fill_mb"),
        ("peak RSS at the end, MB", "peak_rss_end_mb"),
    ):
        base, ours, plain = median_of(today, key), median_of(health, key), median_of(pending, key)
        print(f"| {label:<30} | {base:>15.1f} | {ours:>15.1f} | {ours / base:5.2f} | {plain:>15.1f} |     |")
    print()
    print(
        f"HealthIndex of {REPLICATIONS:,} replications (built in a thread when the list arrives, not in the fill): "
        f"best {best_of(health, 'index_build_s') * ms:.1f} ms, median {median_of(health, 'index_build_s') * ms:.1f} ms"
    )
    print(
        f"filter 'failing' typed key by key: {best_of(health, 'failing_keystroke_median_s') * ms:.1f} ms a keystroke "
        f"(median of a run; best run), {int(median_of(health, 'failing_visible')):,} rows match"
    )
    print(
        f"goal: health within {GOAL - 1:.0%} of today on the rows marked ok: {'met' if all_ok else 'NOT met'}"
    )
    print(f"command: {COMMAND}")
    return all_ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", choices=("health", "pending"), help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3, help="runs of each table (default 3)")
    parser.add_argument("--baseline", default="main", help="git ref of 'today' (default main)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure_this_checkout(args.child == "health"))))
        return
    started = time.perf_counter()
    results: dict[str, list[dict[str, Any]]] = {"today": [], "health": [], "pending": []}
    with tempfile.TemporaryDirectory(prefix="bench-health-baseline-") as folder:
        baseline = export_baseline(args.baseline, Path(folder))
        for _ in range(args.runs):
            for kind in results:
                results[kind].append(run_child(kind, baseline))
    report(results, args.baseline)
    print(f"total time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
