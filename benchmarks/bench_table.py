"""Benchmark: the virtual `RemotesTable` against Textual's stock `DataTable` with 10,000 remotes.

Run from the project root:

    .venv/bin/python benchmarks/bench_table.py

Each widget is measured in a fresh subprocess (so peak RSS figures are separate) inside a headless
`App.run_test(size=(120, 40))`:

1. fill: from a list of `RemoteConnection`s to the first full screen rendered (first fill, then the median
   of three refills with the same data: what a refresh of the list costs);
2. filter: a realistic query typed one character at a time, then cleared; per-keystroke time from the
   call to the redrawn screen (median and max). For `DataTable` a keystroke is `clear()` plus
   `add_rows()` of the matching rows (the same precomputed lowercased haystack decides the match);
3. peak RSS (`ru_maxrss`) after filling and at the end.

"Rendered" is the time of the last `render_line` call once the app is idle and the whole screen has
been drawn, so waiting for idle after the frame is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from _child_run import child_figures
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable

from remotes_tui.api import RemoteConnection
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.table_model import make_row

ROWS = 10_000
SIZE = (120, 40)
SEED = 20_240_611
QUERY = "fra-plant-1"
REFILLS = 3
COMMAND = ".venv/bin/python benchmarks/bench_table.py"
TARGETS = {"fill_s": 0.3, "keystroke_s": 0.05, "rss_mb": 150.0}

CITIES = ("ams", "ber", "cdg", "fra", "lhr", "mad", "mil", "nyc", "ord", "sfo", "sin", "syd", "tyo", "waw")
ROLES = ("edge", "plant", "store", "lab", "gw", "line", "depot")
CENTRALS = ("central", "core", "hub", "analytics", "archive")


def make_remotes(count: int = ROWS, seed: int = SEED) -> list[RemoteConnection]:
    """`count` plausible edge remotes, the same every run."""
    rng = random.Random(seed)
    org_id = f"{rng.getrandbits(64):016x}"
    remotes = []
    for index in range(count):
        city, role = rng.choice(CITIES), rng.choice(ROLES)
        if rng.random() < 0.2:
            url = f"http://10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}:8086"
        else:
            url = f"https://{rng.choice(CENTRALS)}-{city}.influx.example.com:{rng.choice((443, 8086))}"
        remotes.append(
            RemoteConnection(
                id=f"{rng.getrandbits(64):016x}",
                name=f"{city}-{role}-{index:05d}",
                orgID=org_id,
                description=rng.choice((None, f"{role} site in {city.upper()}", "replicates to central")),
                remoteURL=url,
                remoteOrgID=f"{rng.getrandbits(64):016x}" if rng.random() < 0.7 else None,
                allowInsecureTLS=rng.random() < 0.1,
            )
        )
    return remotes


class Probe:
    """Counts `render_line` calls and remembers when the last one happened."""

    def __init__(self) -> None:
        self.count = 0
        self.last = 0.0

    def reset(self) -> None:
        self.count = 0

    def hit(self) -> None:
        self.count += 1
        self.last = time.perf_counter()


PROBE = Probe()


class ProbedRemotesTable(RemotesTable):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        PROBE.hit()
        return strip


class ProbedDataTable(DataTable[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        PROBE.hit()
        return strip


class BenchApp(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def until_rendered(pilot: Pilot[None], started: float, lines: int) -> float:
    """Seconds from `started` to the last line drawn, once a full screen is drawn and nothing else is."""
    for _ in range(500):
        await pilot.pause()
        if PROBE.count >= lines and PROBE.last > started:
            drawn = PROBE.count
            await pilot.pause()
            if PROBE.count == drawn:
                return PROBE.last - started
    raise RuntimeError("the table never finished drawing")


async def time_to_render(pilot: Pilot[None], lines: int, action: Callable[[], None]) -> float:
    """Seconds from `action()` to its last line drawn, once the app is idle and the probe is reset."""
    await pilot.pause()
    PROBE.reset()
    started = time.perf_counter()
    action()
    return await until_rendered(pilot, started, lines)


async def measure_fills(
    pilot: Pilot[None], widget: Widget, fill: Callable[[], None], result: dict[str, Any]
) -> Callable[[Callable[[], None]], Awaitable[float]]:
    """Time the first `fill` and the median of `REFILLS` more, with the RSS before and the peak after the first,
    into `result`; returns the timer (`time_to_render` for this screen) for what the caller measures next."""
    await pilot.pause()
    timed = partial(time_to_render, pilot, widget.scrollable_content_region.height)
    result["rss_before_fill_mb"] = current_rss_mb()
    result["fill_s"] = await timed(fill)
    result["peak_rss_after_fill_mb"] = peak_rss_mb()
    result["refill_s"] = statistics.median([await timed(fill) for _ in range(REFILLS)])
    return timed


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(kind: str) -> dict[str, Any]:
    """Fill, refill and filter one widget; the figures as a dict."""
    remotes = make_remotes()
    fill: Callable[[], None]
    filter_to: Callable[[str], None]
    if kind == "remotes":
        table = ProbedRemotesTable()
        widget: Widget = table

        def fill() -> None:
            table.set_remotes(remotes)

        filter_to = table.set_filter
    else:
        data_table = ProbedDataTable(cursor_type="row", zebra_stripes=True)
        widget = data_table
        cells: list[tuple[str, ...]] = []
        haystacks: list[str] = []

        def fill() -> None:
            # The same display strings and haystacks as RemotesTable, built inside the timed call.
            rows = [make_row(remote) for remote in remotes]
            cells[:] = [row.cells for row in rows]
            haystacks[:] = [row.haystack for row in rows]
            data_table.clear()
            data_table.add_rows(cells)

        def filter_to(query: str) -> None:
            needle = query.strip().casefold()
            data_table.clear()
            data_table.add_rows(
                cell for cell, haystack in zip(cells, haystacks, strict=True) if needle in haystack
            )

    app = BenchApp(widget)
    result: dict[str, Any] = {"widget": kind}
    async with app.run_test(size=SIZE) as pilot:
        if isinstance(widget, DataTable):
            widget.add_columns("Name", "Health", "Remote URL", "Remote Org ID", "Insecure TLS", "ID")
        timed = await measure_fills(pilot, widget, fill, result)

        keystrokes = [QUERY[:length] for length in range(1, len(QUERY) + 1)] + [""]
        timings = []
        for text in keystrokes:
            timings.append(await timed(partial(filter_to, text)))
        result["keystroke_median_s"] = statistics.median(timings[:-1])
        result["keystroke_max_s"] = max(timings)
        result["clear_filter_s"] = timings[-1]
        result["keystrokes"] = len(timings)
        result["peak_rss_end_mb"] = peak_rss_mb()
        result["child_widgets"] = len(widget.children)
    return result


def run_child(kind: str) -> dict[str, Any]:
    return child_figures([sys.executable, __file__, "--child", kind], what=f"{kind} benchmark", timeout=110)


def report(ours: dict[str, Any], stock: dict[str, Any]) -> None:
    ms = 1000.0
    rows = [
        ("fill 10,000 rows -> rendered", "fill_s", ms, "ms", TARGETS["fill_s"] * ms),
        ("refill (median of 3)", "refill_s", ms, "ms", TARGETS["fill_s"] * ms),
        ("filter keystroke, median", "keystroke_median_s", ms, "ms", TARGETS["keystroke_s"] * ms),
        ("filter keystroke, max", "keystroke_max_s", ms, "ms", TARGETS["keystroke_s"] * ms),
        ("clear the filter", "clear_filter_s", ms, "ms", TARGETS["keystroke_s"] * ms),
        ("RSS before filling", "rss_before_fill_mb", 1.0, "MB", None),
        ("peak RSS after filling", "peak_rss_after_fill_mb", 1.0, "MB", TARGETS["rss_mb"]),
        ("peak RSS at the end", "peak_rss_end_mb", 1.0, "MB", TARGETS["rss_mb"]),
    ]
    print(f"{ROWS:,} remotes, headless {SIZE[0]}x{SIZE[1]}, query {QUERY!r} typed one key at a time + clear")
    print()
    print(f"| {'measure':<30} | {'RemotesTable':>13} | {'DataTable':>10} | {'target':>9} | {'ok':<3} |")
    print(f"|{'-' * 32}|{'-' * 15}|{'-' * 12}|{'-' * 11}|{'-' * 5}|")
    for label, key, scale, unit, target in rows:
        value = ours[key] * scale
        target_text = f"< {target:.0f} {unit}" if target is not None else ""
        ok = "" if target is None else ("yes" if value < target else "NO")
        print(
            f"| {label:<30} | {value:>10.1f} {unit} | {stock[key] * scale:>7.1f} {unit} | {target_text:>9} | {ok:<3} |"
        )
    print()
    print(
        f"child widgets after filling: RemotesTable {ours['child_widgets']}, DataTable {stock['child_widgets']}"
    )
    print(f"command: {COMMAND}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", choices=("remotes", "datatable"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure(args.child))))
        return
    started = time.perf_counter()
    ours = run_child("remotes")
    stock = run_child("datatable")
    report(ours, stock)
    print(f"total time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
