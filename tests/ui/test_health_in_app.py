"""Health in the real app, over real HTTP: an edge server replicating to a central one that goes away and
comes back. The Health column, the `/failing` filter, the sort, the status line and the detail pane follow
what really happened. Waits are for the state on screen; the app refreshes on its own (auto-refresh)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.replication_card import ReplicationCard
from tests.support.edge_central import add_remote, make_central, write_points
from tests.support.palette import run_from_palette
from tests.support.waiting import main_loaded, wait_until
from tests.ui.conftest import build_app

SIZE = (120, 36)
REFRESH = 0.2
"""Seconds between the app's own refreshes here: the states below arrive through them."""


def row_of(table: RemotesTable, name: str) -> str:
    """The table's line for the remote called `name`, as drawn."""
    for y in range(1, table.visible_count + 1):
        line = table.render_line(y).text
        if line.split() and line.split()[0] == name:
            return line
    raise AssertionError(f"no row for {name!r}")


def health_of(table: RemotesTable, name: str) -> str:
    """The Health cell of a remote's row (the words between the name and the URL)."""
    line = row_of(table, name)
    return line.split("http")[0].split(maxsplit=1)[1].strip()


async def until_health(
    pilot: Pilot[Any], edge: DevServer, name: str, label: str, limit: float = 20.0
) -> None:
    """Wait until the app shows `label` for `name` (the edge retries at once, the app refreshes by itself)."""
    table = pilot.app.main_screen.table  # type: ignore[attr-defined]
    deadline = time.monotonic() + limit
    while health_of(table, name) != label:
        if time.monotonic() > deadline:
            raise AssertionError(f"{name} never read {label!r}; last: {health_of(table, name)!r}")
        edge.replicate_now()
        await pilot.pause(0.05)


def edge_app(edge: DevServer, **kwargs: Any) -> RemotesApp:
    kwargs.setdefault("refresh_interval", REFRESH)
    return build_app(edge, server_label="edge", clock=None, **kwargs)


async def test_a_central_that_goes_away_turns_failing_and_recovers_on_screen(
    edge: DevServer, central: DevServer, tmp_path: Path
) -> None:
    await add_remote(edge, central, "central", buckets=(("to-central", "central-bucket"),))
    await add_remote(edge, central, "spare")
    app = edge_app(edge)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        table = screen.table
        await wait_until(lambda: health_of(table, "central") == "no data yet")
        assert health_of(table, "spare") == "unused"
        await pilot.press("down")  # the cursor on "spare": no refresh may move it
        assert table.selected is not None and table.selected.name == "spare"

        write_points(edge, 5)
        await until_health(pilot, edge, "central", "ok")
        assert central.points_received() == 5
        assert str(screen.status_line.content).startswith("2 remotes · updated ")

        port = central.port
        central.stop()
        write_points(edge, 50, start=100)
        await until_health(pilot, edge, "central", "failing refused")
        status = str(screen.status_line.content)
        assert status.startswith("2 remotes · 1 failing · updated "), status
        assert table.selected is not None and table.selected.name == "spare"  # never moved

        # `/failing` keeps only the failing remote, through later refreshes too.
        await pilot.press("slash", *"failing", "enter")
        assert [remote.name for remote in table.visible_remotes] == ["central"]
        sent = screen.refreshes_sent
        await wait_until(lambda: screen.refreshes_sent >= sent + 2)
        assert table.filter_text == "failing"
        assert [remote.name for remote in table.visible_remotes] == ["central"]

        # The detail pane: the error in full, what to do, the last success this app saw, the queue.
        await wait_until(lambda: bool(screen.detail.query(ReplicationCard)))
        (card,) = screen.detail.query(ReplicationCard)
        await wait_until(lambda: "connection refused" in card.plain)
        text = card.plain
        assert f"dial tcp 127.0.0.1:{port}: connect: connection refused" in text
        assert "Last success   seen " in text and " ago" in text
        assert "What to do" in text and "reachable from the edge server" in text
        assert "0 (no answer from the remote)" in text
        assert card.replication.remaining_bytes_to_be_synced

        back = make_central(tmp_path / "central.db", port=port)
        try:
            await pilot.press("escape")  # clear the filter
            await until_health(pilot, edge, "central", "ok")
            await wait_until(lambda: back.points_received() == 50)
            await wait_until(lambda: "failing" not in str(screen.status_line.content))
            assert str(screen.status_line.content).startswith("2 remotes · updated ")
        finally:
            back.stop()


async def test_sorting_by_health_puts_the_worst_first(edge: DevServer, central: DevServer) -> None:
    await add_remote(edge, central, "a-fine", buckets=(("fine", "central-bucket"),))
    await add_remote(
        edge, central, "b-refused", buckets=(("refused", "central-bucket"),), token="wrong-token-x1"
    )
    await add_remote(edge, central, "c-unused")
    app = edge_app(edge)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        write_points(edge, 3)
        await until_health(pilot, edge, "b-refused", "failing 401")
        await until_health(pilot, edge, "a-fine", "ok")
        await pilot.press("s")
        assert screen.table.sort_key == "health"
        assert [r.name for r in screen.table.visible_remotes] == ["b-refused", "a-fine", "c-unused"]
        assert "sorted by health ▲" in str(screen.status_line.content)


async def test_health_reads_unknown_when_the_replications_cannot_be_listed(edge: DevServer) -> None:
    from remotes_tui.devserver import FaultConfig

    edge.faults = FaultConfig(error_status=500, error_rate=1.0, paths=("/api/v2/replications",))
    central = make_central()
    try:
        await add_remote(edge, central, "somewhere")
        app = edge_app(edge, refresh_interval=0)
        async with app.run_test(size=SIZE) as pilot:
            screen = await main_loaded(pilot)
            await wait_until(lambda: health_of(screen.table, "somewhere") == "unknown")
            assert "1 health unknown" in str(screen.status_line.content)
    finally:
        central.stop()


async def test_the_palette_shows_the_failing_remotes_and_sorts_by_health(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await run_from_palette(pilot, "show failing", "Show failing remotes")
        await wait_until(lambda: screen.table.filter_text == "failing")
        assert [r.name for r in screen.table.visible_remotes] == ["backup-dc2"]
        await pilot.press("escape")
        await run_from_palette(pilot, "sort by health", "Sort by health")
        await wait_until(lambda: screen.table.sort_key == "health")
        assert screen.table.visible_remotes[0].name == "backup-dc2"
