"""Auto-refresh in the real app over real HTTP: it keeps the cursor, the filter and the scroll position, sends
one request at a time to a slow server (held answers, not latency), pauses under a form and with `a`, and
says when the data was loaded. Waits count the app's own ticks, never time windows."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

import pytest

from remotes_tui.cli.tui_command import DEFAULT_REFRESH, build_parser, refresh_seconds
from remotes_tui.devserver import DevServer
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from tests.support.servers import add_remote_via_api, make_server
from tests.support.toasts import record_messages
from tests.support.waiting import main_loaded, press_to_show, wait_until
from tests.ui.conftest import build_app

REFRESH = 0.1


@pytest.fixture
def many_remotes() -> Iterator[DevServer]:
    with make_server() as server:
        yield server


async def add_remotes(server: DevServer, names: list[str]) -> None:
    for name in names:
        await add_remote_via_api(server, name, f"https://{name}.example.com:8086", "a-remote-token-1234")


async def refreshed(screen: Any, times: int = 2) -> None:
    """Wait until `times` more auto-refreshes were sent and have landed."""
    target = screen.refreshes_sent + times
    await wait_until(lambda: screen.refreshes_sent >= target and not screen.is_loading)


async def test_refreshes_keep_the_cursor_the_filter_and_the_scroll_position(many_remotes: DevServer) -> None:
    await add_remotes(many_remotes, [f"edge-{n:02d}" for n in range(60)])
    app = build_app(many_remotes, refresh_interval=REFRESH)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await main_loaded(pilot)
        table = screen.table
        for _ in range(40):
            await pilot.press("down")
        await wait_until(lambda: table.scroll_y > 0)
        cursor, scroll = table.selected, table.scroll_y
        assert cursor is not None and cursor.name == "edge-40"
        await refreshed(screen)
        assert (table.selected, table.cursor_row, table.scroll_y) == (cursor, 40, scroll)

        await add_remotes(many_remotes, ["aaa-first", "edge-999"])  # one sorts above the cursor
        await wait_until(lambda: table.total_count == 62)
        await refreshed(screen)
        assert table.selected == cursor and table.cursor_row == 41  # one new row above it
        assert table.scroll_y == scroll + 1  # ... so the view moved with it: nothing on screen jumped

        await pilot.press("slash", *"edge-4", "enter")
        assert table.visible_count == 10
        await pilot.press("down", "down")
        kept = table.selected
        await refreshed(screen)
        assert table.filter_text == "edge-4" and table.visible_count == 10
        assert table.selected == kept
        assert screen.filter_bar.is_open


async def test_a_slow_server_gets_one_request_at_a_time(many_remotes: DevServer) -> None:
    await add_remotes(many_remotes, ["one", "two"])
    app = build_app(many_remotes, refresh_interval=REFRESH)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_loaded(pilot)
        with many_remotes.hold("/api/v2/remotes") as held:
            assert await held.wait_held_async()
            sent, ticks = screen.refreshes_sent, screen.refresh_ticks
            await wait_until(lambda: screen.refresh_ticks >= ticks + 5)
            assert held.total == 1 and held.held == 1  # the ticks found it in flight and sent nothing
            assert screen.refreshes_sent == sent
            assert screen.table.total_count == 2  # the rows stay while it waits
        await refreshed(screen)  # released: refreshing goes on
        assert screen.state == "ready"


async def test_refresh_pauses_while_a_form_is_open_and_with_a(many_remotes: DevServer) -> None:
    await add_remotes(many_remotes, ["one"])
    app = build_app(many_remotes, refresh_interval=REFRESH)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_loaded(pilot)
        await refreshed(screen, 1)

        await press_to_show(pilot, "n", screen=RemoteFormModal)
        sent, ticks = screen.refreshes_sent, screen.refresh_ticks
        await wait_until(lambda: screen.refresh_ticks >= ticks + 3)
        assert screen.refreshes_sent == sent
        await pilot.press("escape")
        await wait_until(lambda: app.screen is screen)
        await refreshed(screen, 1)

        await pilot.press("a")
        assert screen.auto_refresh_paused
        assert "auto-refresh paused" in str(screen.status_line.content)
        await wait_until(lambda: not screen.is_loading)
        sent, ticks = screen.refreshes_sent, screen.refresh_ticks
        await wait_until(lambda: screen.refresh_ticks >= ticks + 3)
        assert screen.refreshes_sent == sent
        await pilot.press("a")
        assert "paused" not in str(screen.status_line.content)
        await refreshed(screen, 1)


async def test_the_status_line_says_when_the_data_was_loaded(many_remotes: DevServer) -> None:
    now = [1_790_000_000.0]
    app = build_app(many_remotes, clock=lambda: now[0])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_loaded(pilot)
        assert "updated just now" in str(screen.status_line.content)
        now[0] += 4.2
        await wait_until(lambda: "updated 4 s ago" in str(screen.status_line.content))
        now[0] += 180
        await wait_until(lambda: "updated 3 min ago" in str(screen.status_line.content))
        await pilot.press("r")
        await wait_until(lambda: "updated just now" in str(screen.status_line.content))


async def test_without_auto_refresh_a_says_how_to_turn_it_on(many_remotes: DevServer) -> None:
    app = build_app(many_remotes)  # refresh_interval 0: off
    notes = record_messages(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await main_loaded(pilot)
        await pilot.press("a")
        assert not screen.auto_refresh_paused
        assert notes[-1] == "Auto-refresh is off for this run: start with --refresh SECONDS to turn it on."
        assert screen.refresh_ticks == 0


def test_the_refresh_flag_takes_seconds_or_0_and_refuses_the_rest() -> None:
    parser = build_parser()
    assert parser.parse_args([]).refresh == DEFAULT_REFRESH == 10
    assert parser.parse_args(["--refresh", "0"]).refresh == 0
    assert parser.parse_args(["--refresh", "2.5"]).refresh == 2.5
    for bad, words in (("-1", "from 1 to 86400"), ("0.2", "from 1 to 86400"), ("soon", "not a number")):
        with pytest.raises(argparse.ArgumentTypeError, match=words):
            refresh_seconds(bad)
