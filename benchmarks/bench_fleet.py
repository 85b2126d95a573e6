"""Benchmark: the fleet view and a token rotation across many bundled servers, concurrent vs one after another.

Run from the project root:

    .venv/bin/python benchmarks/bench_fleet.py

The servers run in one separate process (each on its own port, with injected latency on every request), so
their work is not counted against the client. In the same run:

1. 50 servers x 20 remotes, 50 ms latency: one server's round trip (`/ping`), the fleet view filled with one
   server (the single-server fill), with all 50 (1,000 rows on screen), and the same 50 loaded one after
   another (`concurrency=1`). Goal: the fleet fill at most 2x one round trip plus the single-server fill.
   Each figure is the median of `--repeat` runs in a fresh headless app (new connections each time).
2. A rotation of one remote URL's token (one remote per server points at it): one server, all 50 at once,
   and all 50 one after another; the same goal. Tokens go to a memory store (the OS keyring is not timed).
3. 200 servers x 20 remotes (4,000 rows): each step of a filter typed one key at a time, from the call to the
   end of the table's next redraw, measured as `bench_table.py` measures it (the table's filter, here with the
   fleet screen's own reaction: counts, details pane, server list) and against its figures for 10,000 rows
   measured in this run; then the same keys through the filter's input (Textual's input widget and message
   hops included, which `bench_table.py` leaves out). And the peak RSS of the client process (goal: 150 MB).

"Filled" means every server answered, every row is in the table, and the table has been drawn. Each run opens
the fleet in a fresh headless app whose process has already opened one (so imports and schema builds are not
counted; importing aiohttp, which a fleet of 20 servers or more sends through, is printed apart).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _child_run import child_figures  # noqa: E402 - beside this script

COMMAND = ".venv/bin/python benchmarks/bench_fleet.py"
SIZE = (120, 36)
ROTATED_URL = "https://central-eu.influx.example.com:8086"
QUERY = "fra-plant"
RSS_GOAL_MB = 150.0
TOKEN = "bench-fleet-operator-token-0001"
NEW_TOKEN = "bench-fleet-rotated-token-0002"
CITIES = ("ams", "ber", "cdg", "fra", "lhr", "mad", "mil", "nyc", "ord", "sfo", "sin", "syd", "tyo", "waw")
ROLES = ("plant", "store", "lab", "line", "depot")


# -- the servers' process --------------------------------------------------------------------------------


def host(count: int, remotes: int, latency: float) -> None:
    """Start `count` bundled servers with `remotes` remotes each; print their addresses; serve until stdin
    closes. One remote per server points at ROTATED_URL."""
    from remotes_tui.devserver import DevServer

    servers = []
    for index in range(count):
        server = DevServer(port=0, token=TOKEN, org="fleet-org")
        server.start()
        state = server._running_state()
        for number in range(remotes):
            city, role = CITIES[(index + number) % len(CITIES)], ROLES[number % len(ROLES)]
            url = ROTATED_URL if number == 0 else f"https://{role}-{city}-{number}.example.com:8086"
            state.store.add_remote(
                state.ids.new(),
                server.org_id,
                f"{city}-{role}-{index:03d}-{number:02d}",
                None,
                url,
                "old",
                None,
                False,
            )
        server.faults.latency = latency
        servers.append(server)
    print(json.dumps([{"url": s.url, "org": s.org_name, "org_id": s.org_id} for s in servers]), flush=True)
    sys.stdin.read()
    for server in servers:
        server.stop()


class Servers:
    """The servers' process: started, its addresses read, stopped on exit."""

    def __init__(self, count: int, remotes: int, latency: float) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--host",
                str(count),
                "--remotes",
                str(remotes),
                "--latency",
                str(latency),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.addresses: list[dict[str, str]] = json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- measuring in the client ------------------------------------------------------------------------------


def fleet_servers(addresses: Sequence[dict[str, str]], *, by_name: bool) -> list[Any]:
    from remotes_tui.api import ConnectionSettings
    from remotes_tui.fleet import FleetServer
    from remotes_tui.tokens import MemoryTokenStore

    tokens = MemoryTokenStore()
    servers = []
    for index, address in enumerate(addresses):
        org = {"org": address["org"]} if by_name else {"org_id": address["org_id"]}
        settings = ConnectionSettings(url=address["url"], token=TOKEN, **org)
        servers.append(FleetServer.of_settings(f"edge-{index:03d}", settings, tokens))
    return servers


class Probe:
    """When the fleet table last drew a line."""

    last = 0.0
    count = 0


def probe_the_table() -> None:
    from remotes_tui.ui.widgets.remotes_table import RemotesTable

    original = RemotesTable.render_line

    def render_line(self: RemotesTable, y: int) -> Any:
        strip = original(self, y)
        Probe.last = time.perf_counter()
        Probe.count += 1
        return strip

    RemotesTable.render_line = render_line  # type: ignore[method-assign]


async def drawn(pilot: Any) -> float:
    """The time of the last line drawn once the app has nothing left to draw."""
    while True:
        count = Probe.count
        await pilot.pause()
        if Probe.count == count:
            return Probe.last


async def drawn_since(ready: float) -> float:
    """When what became ready at `ready` was on screen: the end of the table's next redraw, or `ready` itself
    when no redraw comes within 50 ms (three frames: the table drew it before the poll saw it ready, and
    waiting for a redraw then would wait for ever)."""
    give_up = ready + 0.05
    while Probe.last <= ready - 0.001:
        if time.perf_counter() > give_up:
            return ready
        await asyncio.sleep(0.0005)
    return await redrawn(ready - 0.001)


async def redrawn(started: float) -> float:
    """The end of the table's first redraw after `started`: its last line, once none came for 3 ms."""
    while Probe.last <= started:  # noqa: ASYNC110 (polls the table's draws)
        await asyncio.sleep(0.0005)
    while True:
        last = Probe.last
        await asyncio.sleep(0.003)
        if Probe.last == last:
            return last


async def fill(
    addresses: Sequence[dict[str, str]], *, concurrency: int, by_name: bool
) -> tuple[float, int, float]:
    """Seconds from opening the fleet view to every row drawn, the rows, and seconds until every server's
    health (its replications, loaded after its remotes) is drawn too; a fresh app and fresh clients."""
    from textual.app import App

    from remotes_tui.fleet import close_fleet
    from remotes_tui.ui.screens.fleet import FleetScreen

    servers = fleet_servers(addresses, by_name=by_name)
    app: App[None] = App()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        settle_garbage()
        screen = FleetScreen(servers, concurrency=concurrency)
        started = time.perf_counter()
        await app.push_screen(screen)
        while screen.loading_count or screen._rows_pending or not screen.reports:  # noqa: ASYNC110 (polls the app)
            await asyncio.sleep(0.0005)
        filled = await drawn_since(time.perf_counter())
        rows = screen.table.total_count
        while any(r.health is None for r in screen.reports.values()) or screen._rows_pending:  # noqa: ASYNC110
            await asyncio.sleep(0.0005)
        healthy = await drawn_since(time.perf_counter())
        failed = [r.name for r in screen.reports.values() if not r.status.loaded]
        if failed:
            raise SystemExit(f"servers failed to load: {failed[:5]}")
    await close_fleet(servers)
    return filled - started, rows, healthy - started


async def round_trip(address: dict[str, str]) -> float:
    from remotes_tui.api import ConnectionSettings, InfluxClient

    async with InfluxClient(ConnectionSettings(url=address["url"], token=TOKEN)) as client:
        await client.system.ping()  # the connection is made here, not timed
        times = []
        for _ in range(5):
            started = time.perf_counter()
            await client.system.ping()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


async def rotation(
    addresses: Sequence[dict[str, str]], *, concurrency: int, per_server: int
) -> tuple[float, int]:
    """Seconds to rotate ROTATED_URL's token on every server (loaded first, not timed), and the remotes."""
    from remotes_tui.fleet import close_fleet, load_fleet, plan_rotation, rotate

    servers = fleet_servers(addresses, by_name=False)
    plan = plan_rotation(ROTATED_URL, await load_fleet(servers))
    settle_garbage()
    started = time.perf_counter()
    await rotate(plan, NEW_TOKEN, concurrency=concurrency, per_server=per_server)
    seconds = time.perf_counter() - started
    if not plan.complete:
        raise SystemExit(f"the rotation did not finish: {plan.summary()}")
    await close_fleet(servers)
    return seconds, len(plan.items)


def settle_garbage() -> None:
    """Collect the earlier runs' garbage and freeze what lives, as `remotes-tui` freezes its start-up objects:
    otherwise a full collection of a previous app's objects lands in a random run (+100-250 ms)."""
    gc.collect()
    gc.freeze()


def median_of(values: list[float]) -> float:
    return statistics.median(values)


async def measure_view(addresses: list[dict[str, str]], repeat: int, by_name: bool) -> dict[str, Any]:
    probe_the_table()
    figures: dict[str, Any] = {"servers": len(addresses)}
    figures["round_trip_s"] = await round_trip(addresses[0])
    # Once, not timed: first imports (aiohttp for a fleet this large, ~0.2 s: printed apart), model schemas.
    await fill(addresses, concurrency=64, by_name=by_name)
    singles, fleets, sequentials, healths = [], [], [], []
    rows = 0
    for _ in range(repeat):  # interleaved, so a busy moment of the machine hits all three alike
        singles.append((await fill(addresses[:1], concurrency=1, by_name=by_name))[0])
        seconds, rows, with_health = await fill(addresses, concurrency=64, by_name=by_name)
        fleets.append(seconds)
        healths.append(with_health)
        sequentials.append((await fill(addresses, concurrency=1, by_name=by_name))[0])
    figures.update(
        single_s=median_of(singles), fleet_s=median_of(fleets), sequential_s=median_of(sequentials)
    )
    figures["rows"] = rows
    figures.update(single_runs=singles, fleet_runs=fleets, fleet_health_s=median_of(healths))
    one, all_at_once, one_by_one = [], [], []
    remotes = 0
    for _ in range(repeat):
        one.append((await rotation(addresses[:1], concurrency=64, per_server=4))[0])
        seconds, remotes = await rotation(addresses, concurrency=64, per_server=4)
        all_at_once.append(seconds)
        one_by_one.append((await rotation(addresses, concurrency=1, per_server=1))[0])
    figures.update(
        rotate_single_s=median_of(one),
        rotate_fleet_s=median_of(all_at_once),
        rotate_sequential_s=median_of(one_by_one),
        rotated=remotes,
    )
    return figures


async def measure_big(addresses: list[dict[str, str]]) -> dict[str, Any]:
    """Fill 200 servers, then type the query one key at a time into the filter and clear it."""
    from textual.app import App

    from remotes_tui.fleet import close_fleet
    from remotes_tui.ui.screens.fleet import FleetScreen

    probe_the_table()
    servers = fleet_servers(addresses, by_name=False)
    app: App[None] = App()
    figures: dict[str, Any] = {"servers": len(addresses)}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        settle_garbage()
        screen = FleetScreen(servers)
        started = time.perf_counter()
        await app.push_screen(screen)
        while screen.loading_count or screen._rows_pending or not screen.reports:  # noqa: ASYNC110 (polls the app)
            await asyncio.sleep(0.001)
        figures["fill_s"] = await drawn_since(time.perf_counter()) - started
        while any(r.health is None for r in screen.reports.values()) or screen._rows_pending:  # noqa: ASYNC110
            await asyncio.sleep(0.001)
        await pilot.pause(0.2)
        figures["rows"] = screen.table.total_count
        figures["rss_after_fill_mb"] = peak_rss_mb()
        await pilot.press("slash")
        await pilot.pause(0.3)
        steps = [QUERY[:n] for n in range(1, len(QUERY) + 1)] + [""]
        direct, typed = [], []
        for text in steps:  # as bench_table.py: the filter itself, to the redrawn table
            await pilot.pause(0.05)
            started = time.perf_counter()
            screen.filter_to(text)
            direct.append(await redrawn(started) - started)
        assert screen.table.visible_count == screen.table.total_count
        for text in steps:  # the same keys through the filter's input widget
            await pilot.pause(0.05)
            started = time.perf_counter()
            screen.filter_bar.input.value = text  # type: ignore[union-attr]
            typed.append(await redrawn(started) - started)
        figures["keystroke_median_s"] = statistics.median(direct[:-1])
        figures["keystroke_max_s"] = max(direct)
        figures["typed_median_s"] = statistics.median(typed[:-1])
        figures["typed_max_s"] = max(typed)
    await close_fleet(servers)
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the run ----------------------------------------------------------------------------------------------


def child(kind: str, addresses: list[dict[str, str]], repeat: int, by_name: bool) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--repeat",
        str(repeat),
        *(["--by-name"] if by_name else []),
    ]
    return child_figures(command, what=f"the {kind} measurement", timeout=600, stdin=json.dumps(addresses))


def aiohttp_import_s() -> float:
    """Seconds to import aiohttp in a fresh process that has httpx and pydantic already (what a fleet pays once)."""
    code = "import time, httpx, pydantic; t = time.perf_counter(); import aiohttp; print(time.perf_counter() - t)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return float(done.stdout)


def table_reference() -> dict[str, Any]:
    """bench_table.py's figures for the virtual table with 10,000 rows, measured now."""
    command = [sys.executable, str(ROOT / "benchmarks" / "bench_table.py"), "--child", "remotes"]
    return child_figures(command, what="bench_table.py", timeout=300)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def report(
    view: dict[str, Any],
    big: dict[str, Any],
    table: dict[str, Any],
    aiohttp_s: float,
    args: argparse.Namespace,
) -> None:
    rtt = view["round_trip_s"]
    org = "by name (ping and org, then the list: 2 round trips)" if args.by_name else "by ID (1 round trip)"
    print(
        f"{view['servers']} servers x {args.remotes} remotes, {args.latency * 1000:.0f} ms latency on every "
        f"request, org {org}; medians of {args.repeat} runs"
    )
    print()
    goal = 2 * rtt + view["single_s"]
    print("| fleet view filled | time |")
    print("|---|---|")
    print(f"| one server's round trip (/ping) | {ms(rtt)} |")
    print(f"| one server (20 rows) | {ms(view['single_s'])} |")
    print(f"| {view['servers']} servers at once ({view['rows']:,} rows) | {ms(view['fleet_s'])} |")
    print(f"| {view['servers']} servers one after another | {ms(view['sequential_s'])} |")
    print(f"| ratio (one after another / at once) | {view['sequential_s'] / view['fleet_s']:.1f}x |")
    print(
        f"| {view['servers']} servers at once, every server's health drawn too | {ms(view['fleet_health_s'])} |"
    )
    ok = "yes" if view["fleet_s"] <= goal else "NO"
    print(f"| goal: at most 2 x round trip + one server = {ms(goal)} | {ok} |")
    runs = ", ".join(ms(value) for value in view["fleet_runs"])
    print(f"(each run at once: {runs}; one server: {', '.join(ms(value) for value in view['single_runs'])})")
    print()
    rotate_goal = 2 * rtt + view["rotate_single_s"]
    print(f"| rotation of {ROTATED_URL} ({view['rotated']} remotes) | time |")
    print("|---|---|")
    print(f"| one server | {ms(view['rotate_single_s'])} |")
    print(f"| {view['servers']} servers at once | {ms(view['rotate_fleet_s'])} |")
    print(f"| {view['servers']} servers one after another | {ms(view['rotate_sequential_s'])} |")
    print(
        f"| ratio (one after another / at once) | {view['rotate_sequential_s'] / view['rotate_fleet_s']:.1f}x |"
    )
    ok = "yes" if view["rotate_fleet_s"] <= rotate_goal else "NO"
    print(f"| goal: at most 2 x round trip + one server = {ms(rotate_goal)} | {ok} |")
    print()
    print(
        f"| {big['servers']} servers x {args.remotes} remotes ({big['rows']:,} rows) | fleet | bench_table (10,000 rows) |"
    )
    print("|---|---|---|")
    print(f"| fill (every server answered, drawn) | {ms(big['fill_s'])} | {ms(table['fill_s'])} |")
    print(
        f"| filter step, median ({QUERY!r} one key at a time; bench_table's measure) | "
        f"{big['keystroke_median_s'] * 1000:.1f} ms | {table['keystroke_median_s'] * 1000:.1f} ms |"
    )
    print(
        f"| filter step, max (clearing included) | {big['keystroke_max_s'] * 1000:.1f} ms | "
        f"{table['keystroke_max_s'] * 1000:.1f} ms |"
    )
    print(
        f"| the same keys through the filter input, median / max | {big['typed_median_s'] * 1000:.1f} / "
        f"{big['typed_max_s'] * 1000:.1f} ms | (not measured there) |"
    )
    rss_ok = "yes" if big["peak_rss_mb"] < RSS_GOAL_MB else "NO"
    print(
        f"| peak RSS of the client (goal < {RSS_GOAL_MB:.0f} MB) | {big['peak_rss_mb']:.0f} MB ({rss_ok}) | "
        f"{table['peak_rss_end_mb']:.0f} MB |"
    )
    within = big["keystroke_max_s"] <= max(table["keystroke_max_s"], 0.05)
    print(
        f"filter steps within bench_table's figures (max <= its max, or 50 ms): {'yes' if within else 'NO'}"
    )
    print(f"importing aiohttp (once per process, for fleets of 20 servers or more): {ms(aiohttp_s)}")
    print(f"command: {COMMAND}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", type=int, default=50)
    parser.add_argument("--big", type=int, default=200, help="servers for the responsiveness and memory part")
    parser.add_argument("--remotes", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--by-name", action="store_true", help="give each server's org by name, not by ID")
    parser.add_argument("--host", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("view", "big"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.host:
        host(args.host, args.remotes, args.latency)
        return
    if args.child:
        addresses = json.loads(sys.stdin.read())
        coroutine = (
            measure_view(addresses, args.repeat, args.by_name)
            if args.child == "view"
            else measure_big(addresses)
        )
        print(json.dumps(asyncio.run(coroutine)))
        return
    started = time.perf_counter()
    with Servers(args.servers, args.remotes, args.latency) as servers:
        view = child("view", servers.addresses, args.repeat, args.by_name)
    with Servers(args.big, args.remotes, args.latency) as servers:
        big = child("big", servers.addresses, 1, False)
    table = table_reference()
    report(view, big, table, aiohttp_import_s(), args)
    print(f"total time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
