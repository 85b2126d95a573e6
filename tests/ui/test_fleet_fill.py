"""Issue 10 (fleet fill): filling the fleet view lays the screen out no more often than its look changes. Each
layout pass re-renders every widget on the screen (on a small machine about as long as a server's round trip),
so rows that come in, a server list longer than the screen and a table longer than the screen must not cost
extra passes: new rows only repaint the table (a pass only when its scrollbar appears or goes), and a list or
table that cannot fit even on the whole screen has its scrollbar from the layout that first shows it. And the
requests are sent before the screen is first laid out, so the servers answer while it is drawn."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from remotes_tui.fleet import FleetServer, close_fleet
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.screens.fleet import FleetScreen
from tests.support.fleet_servers import add_remotes, down_server, fleet_server, free_port, running
from tests.support.servers import make_server
from tests.support.waiting import wait_until
from tests.ui.fleet_support import fleet_app, fleet_loaded, save_profiles

CENTRAL = "https://central-eu.example.com:8086"
SIZE = (120, 36)


@contextmanager
def fleet_screen(servers: Sequence[FleetServer]) -> Iterator[tuple[App[None], FleetScreen]]:
    yield App(), FleetScreen(servers)


def count_layouts(screen: FleetScreen, seen: list[dict[str, Any]]) -> None:
    """Record, at the start of each of the screen's layout passes, what the scrollbars and the table were."""
    original = screen._refresh_layout

    def refresh_layout(*args: Any, **kwargs: Any) -> None:
        seen.append(
            {
                "server_list_scrollbar": screen.server_list.show_vertical_scrollbar,
                "table_shown": screen.table.display,
                "table_scrollbar": screen.table.show_vertical_scrollbar,
            }
        )
        original(*args, **kwargs)

    screen._refresh_layout = refresh_layout  # type: ignore[method-assign]


async def loaded(pilot: Pilot[Any], screen: FleetScreen) -> None:
    """Every server answered, its health too, the rows are in the table and the app is idle."""
    await wait_until(
        lambda: (
            bool(screen.reports)
            and screen.loading_count == 0
            and not screen._rows_pending
            and all(r.health is not None or not r.status.loaded for r in screen.reports.values())
        )
    )
    await pilot.pause()


@asynccontextmanager
async def loaded_counting_layouts(
    servers: Sequence[FleetServer],
) -> AsyncIterator[tuple[FleetScreen, list[dict[str, Any]]]]:
    """The fleet screen of `servers`, each of its layout passes recorded from the first (`count_layouts`),
    once every server has answered (`loaded`)."""
    layouts: list[dict[str, Any]] = []
    with fleet_screen(servers) as (app, screen):
        async with app.run_test(size=SIZE) as pilot:
            count_layouts(screen, layouts)
            await app.push_screen(screen)
            await loaded(pilot, screen)
            yield screen, layouts


async def test_a_server_list_longer_than_the_screen_has_its_scrollbar_from_the_first_layout() -> None:
    tokens = MemoryTokenStore()
    servers = [down_server(f"edge-{index:02d}", free_port(), tokens) for index in range(50)]
    async with loaded_counting_layouts(servers) as (screen, layouts):
        assert screen.server_list.show_vertical_scrollbar
    await close_fleet(servers)
    assert layouts and all(layout["server_list_scrollbar"] for layout in layouts)


async def test_a_first_answer_longer_than_the_screen_shows_the_table_with_its_scrollbar_in_one_layout() -> (
    None
):
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, [f"remote-{index:02d}" for index in range(40)], url=CENTRAL)
        servers = [fleet_server("edge", edge, tokens)]
        async with loaded_counting_layouts(servers) as (screen, layouts):
            assert screen.table.total_count == 40 and screen.table.show_vertical_scrollbar
        await close_fleet(servers)
    shown = [layout for layout in layouts if layout["table_shown"]]
    assert shown and all(layout["table_scrollbar"] for layout in shown)


async def test_rows_that_change_repaint_the_table_and_lay_out_only_when_its_scrollbar_changes() -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (first, second):
        await add_remotes(first, [f"first-{index:02d}" for index in range(30)], url=CENTRAL)
        await add_remotes(second, [f"second-{index:02d}" for index in range(30)], url=CENTRAL)
        servers = [fleet_server("first", first, tokens), fleet_server("second", second, tokens)]
        layouts: list[dict[str, Any]] = []
        with fleet_screen(servers) as (app, screen):
            async with app.run_test(size=SIZE) as pilot:
                await app.push_screen(screen)
                await loaded(pilot, screen)
                table = screen.table
                rows = list(table.rows)
                assert len(rows) == 60 and table.show_vertical_scrollbar
                count_layouts(screen, layouts)

                table.set_rows(rows[:45])  # fewer rows, still more than the table shows: a repaint
                await pilot.pause()
                assert layouts == []
                assert table.virtual_size.height == 46 and table.vertical_scrollbar.window_virtual_size == 46
                table.action_cursor_last()
                await pilot.pause()
                assert table.scroll_y == table.max_scroll_y == 46 - table.scrollable_content_region.height
                assert table.selected_row is rows[44]

                table.set_rows(rows[:3])  # they all fit: the scrollbar goes, and that is a layout
                await pilot.pause()
                assert len(layouts) >= 1 and not table.show_vertical_scrollbar and table.scroll_y == 0
                assert [row.remote.name for row in table.visible_rows] == [
                    row.remote.name for row in rows[:3]
                ]
        await close_fleet(servers)


async def test_the_requests_are_on_their_way_before_the_screen_is_first_laid_out() -> None:
    """The servers answer while the screen is mounted, laid out and drawn (about 100 ms of the client's CPU),
    not after: the loads begin when the screen is composed. Its first answer is then shown as usual."""
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central-eu"], url=CENTRAL)
        servers = [fleet_server("edge", edge, tokens)]
        connecting: list[bool] = []
        with fleet_screen(servers) as (app, screen), edge.hold("/api/v2/remotes") as held:
            async with app.run_test(size=SIZE) as pilot:
                original = screen._refresh_layout

                def refresh_layout(*args: Any, **kwargs: Any) -> None:
                    connecting.append(servers[0].session is not None)  # made as its request is sent
                    original(*args, **kwargs)

                screen._refresh_layout = refresh_layout  # type: ignore[method-assign]
                await app.push_screen(screen)
                assert await held.wait_held_async()
                assert screen.server_list.text_of("edge") == "edge loading…"
                held.release()
                await loaded(pilot, screen)
                assert [row.remote.name for row in screen.table.rows] == ["central-eu"]
        await close_fleet(servers)
    assert connecting and connecting[0]


async def test_the_server_lists_drawn_lines_follow_each_state_the_spinner_and_the_focus() -> None:
    """The server list keeps its drawn lines (every layout pass draws it all again): a new state, a spinner
    frame and the cursor's focus each draw the line anew."""
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central-eu"], url=CENTRAL)
        servers = [fleet_server("edge", edge, tokens)]
        with fleet_screen(servers) as (app, screen), edge.hold("/api/v2/remotes") as held:
            async with app.run_test(size=SIZE) as pilot:
                await app.push_screen(screen)
                assert await held.wait_held_async()
                await pilot.pause()
                server_list = screen.server_list
                server_list.freeze_spinner()  # its timer stopped: only `_tick` below moves the frame
                loading = server_list.render_line(0)
                assert "edge" in loading.text and "loading…" in loading.text
                server_list._tick()  # the next spinner frame
                assert server_list.render_line(0).text[:3] != loading.text[:3]
                blurred = server_list.render_line(0)
                server_list.focus()
                await pilot.pause()
                assert server_list.render_line(0).text == blurred.text
                assert list(server_list.render_line(0)) != list(blurred)  # the focused cursor's style
                held.release()
                await loaded(pilot, screen)
                assert (
                    "ok 2.7.12 · " in server_list.render_line(0).text
                    and "loading" not in server_list.render_line(0).text
                )
        await close_fleet(servers)


async def test_the_cursor_stays_on_the_top_row_whichever_server_answers_first(
    profile_store: ProfileStore,
) -> None:
    """The first server in the sort order answers last (held): the cursor ends on the top row, its remote, not on
    the row that was on top before it answered; the details pane shows that row."""
    tokens = MemoryTokenStore()
    with running(make_server(), make_server(), make_server()) as (a, b, c):
        await add_remotes(a, ["central-a"], url=CENTRAL)
        await add_remotes(b, ["central-b"], url=CENTRAL)
        await add_remotes(c, ["central-c"], url=CENTRAL)
        save_profiles(profile_store, tokens, [("a", a), ("b", b), ("c", c)])
        held = a.hold("/api/v2/remotes")
        try:
            app = fleet_app(profile_store, tokens)
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(lambda: isinstance(app.screen, FleetScreen))
                screen = app.screen
                assert isinstance(screen, FleetScreen)
                await wait_until(lambda: [r.server for r in screen.table.visible_rows] == ["b", "c"])
                held.release()
                await fleet_loaded(pilot)
                assert [r.server for r in screen.table.visible_rows] == ["a", "b", "c"]
                assert screen.table.cursor_row == 0
                selected = screen.table.selected_row
                assert selected is not None and (selected.server, selected.remote.name) == ("a", "central-a")
        finally:
            held.release()
