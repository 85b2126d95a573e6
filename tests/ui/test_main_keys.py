"""Keys a new user reaches for (issue 7): whole URLs, copy the URL, reverse the sort, hide the details,
keys after a filter, keys that cannot run saying why, and a help whose lines never wrap."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from remotes_tui.api import ConnectionSettings
from remotes_tui.devserver import DevServer, FaultConfig
from remotes_tui.ui.screens.help import HelpScreen
from tests.support.servers import TEST_TOKEN, make_server
from tests.support.toasts import record_messages
from tests.support.waiting import main_loaded, press_until_settled, wait_until
from tests.ui.conftest import build_app
from tests.ui.support_main import running

SIZE = (120, 36)


async def test_at_120_columns_every_demo_url_is_whole_beside_the_details(ui_demo_server: DevServer) -> None:
    """Issue 7, item 3: the ID and the remote org (both in the details) give the URL its room."""
    async with running(ui_demo_server) as (_app, _pilot, screen, _notes):
        table = screen.table
        assert screen.detail.display
        header = table.render_line(0).text
        assert header.split() == ["Name", "▲", "Health", "URL", "TLS"]
        shown = "\n".join(table.render_line(y).text for y in range(1, 9))
        for remote in table.visible_remotes:
            assert len(remote.remote_url) <= 40
            assert remote.remote_url in shown, remote.remote_url


async def test_the_details_pane_breaks_a_url_after_a_dot_not_inside_a_name(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, _pilot, screen, _notes):
        fields = screen.detail.fields
        assert fields.value("remote_url") == "https://analytics.example.com:8443"
        lines = [line.plain.rstrip() for line in fields.lines(fields.size.width)]
        url_lines = lines[lines.index(next(line for line in lines if line.startswith("Remote URL"))) :][:2]
        assert url_lines[0].endswith("https://analytics.")
        assert url_lines[1].strip() == "example.com:8443"


async def test_z_hides_the_details_and_gives_the_table_the_whole_width(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        assert screen.table.outer_size.width == 80
        await pilot.press("z")
        await pilot.pause()
        assert not screen.detail.display
        assert screen.table.outer_size.width == 120
        header = screen.table.render_line(0).text
        # Every column fits, with the short labels (the Health column took the room of the long ones).
        assert header.split() == ["Name", "▲", "Health", "URL", "Remote", "org", "TLS", "ID"]
        await pilot.press("z")
        await pilot.pause()
        assert screen.detail.display and screen.table.outer_size.width == 80


async def test_shift_y_copies_the_url_and_says_what_was_done(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server)
    toasts = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await pilot.press("down")
        selected = screen.table.selected
        assert selected is not None
        await pilot.press("Y")
        assert app.clipboard == selected.remote_url
        assert toasts[-1] == f"Sent {selected.remote_url} to the terminal's clipboard."


async def test_shift_s_reverses_the_sort(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        table = screen.table
        await pilot.press("S")
        assert (table.sort_key, table.sort_reverse) == ("name", True)
        names = [r.name for r in table.visible_remotes]
        assert names == sorted(names, reverse=True)
        assert "sorted by name ▼" in str(screen.status_line.content)
        await pilot.press("s", "S")
        assert (table.sort_key, table.sort_reverse) == ("health", True)


async def test_after_enter_with_no_match_keys_act_on_the_screen_not_the_filter(
    ui_demo_server: DevServer,
) -> None:
    """Issue 7, item 5: `/zzz`, Enter ("Enter keeps"), then e and y are keys, not text for the filter."""
    app = build_app(ui_demo_server)
    toasts = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await pilot.press("slash", *"zzz", "enter")
        assert screen.filter_bar.is_open and not screen.filter_bar.has_input_focus
        await pilot.press("e", "y")
        await pilot.pause()
        assert screen.table.filter_text == "zzz"  # nothing typed into the filter
        assert app.screen is screen
        reason = "No remote selected: none matches the filter. Press Escape to clear it."
        assert toasts[-2:] == [reason, reason]
        await pilot.press("escape")
        assert screen.table.visible_count == 8 and screen.table.has_focus


async def test_keys_that_cannot_run_say_why_in_one_line(ui_server: DevServer) -> None:
    """Issue 7, item 5: e, d and y with no row; n while the list failed."""
    app = build_app(ui_server)
    toasts = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        assert screen.table.total_count == 0
        for key in ("e", "d", "y", "Y"):
            await pilot.press(key)
        await pilot.pause()
        assert toasts == ["No remote selected: there are none yet."] * 4
        assert app.screen is screen


async def test_n_while_the_list_failed_says_why(ui_demo_server: DevServer) -> None:
    with make_server() as probe:
        url, org_id = probe.url, probe.org_id
    app = build_app(probe, settings=ConnectionSettings(url=url, token=TEST_TOKEN, org_id=org_id))
    toasts = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        assert screen.state == "error"
        await pilot.press("n", "e")
        await pilot.pause()
        assert toasts == [
            "Not connected: the organization could not be looked up. Press r to retry.",
            "No remote selected: the list could not be loaded. Press r to retry.",
        ]
        assert app.screen is screen


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_no_help_line_wraps_and_the_arrows_it_cannot_use_are_gone(
    ui_demo_server: DevServer, size: tuple[int, int]
) -> None:
    """Issue 7, items 3 and 7: the ctrl+q line fits; ← and → ("Scroll Left/Right") did nothing."""
    async with running(ui_demo_server, size=size) as (_app, pilot, _screen, _notes):
        help_screen = await press_until_settled(pilot, "question_mark", screen=HelpScreen)
        entries = list(help_screen.query(".help-entry").results(Static))
        assert entries
        for entry in entries:
            assert entry.outer_size.height == 1, str(entry.render())
        lines = help_screen.lines
        quit_line = next(line for line in lines if line.startswith("^q"))
        assert quit_line.endswith("Quit the app and return to the command prompt.")
        assert not any(line.startswith(("←", "→")) for line in lines)
        assert not any("Scroll Left" in line or "Page Left" in line for line in lines)
        for key, description in (("S", "Reverse sort"), ("Y", "Copy URL"), ("z", "Details")):
            assert any(line.startswith(f"{key} ") and description in line for line in lines), key


async def test_a_refresh_that_fails_with_a_server_error_keeps_the_rows(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        ui_demo_server.faults = FaultConfig(error_status=503, error_rate=1.0, paths=("/api/v2/remotes",))
        await pilot.press("r")
        await wait_until(lambda: screen.state == "stale")
        assert screen.table.display and screen.table.total_count == 8
        assert "stale: loaded at" in str(screen.status_line.content)
