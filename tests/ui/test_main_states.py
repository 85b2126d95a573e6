"""What the main screen shows when there is nothing to list: loading, empty, errors, and recovery."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from remotes_tui.api import ConnectionSettings
from remotes_tui.devserver import DevServer
from remotes_tui.ui.screens.help import HelpScreen
from remotes_tui.ui.widgets.detail_pane import DetailPane
from remotes_tui.ui.widgets.state_panel import ErrorBar, StatePanel
from tests.support.servers import TEST_TOKEN, add_remote_via_api, make_server, settings_for
from tests.support.waiting import main_loaded, settle, wait_until
from tests.ui.conftest import build_app
from tests.ui.support_main import running

SIZE = (120, 36)


async def test_an_empty_org_says_so_and_how_to_create_one(ui_server: DevServer) -> None:
    async with running(ui_server) as (_app, _pilot, screen, _notes):
        panel = screen.query_one(StatePanel)
        assert screen.state == "ready" and panel.display and not screen.table.display
        assert panel.state == "empty"
        assert "No remote connections in demo-org yet." in panel.message
        assert "Press n to create one." in panel.message
        assert str(screen.status_line.content).startswith("0 remotes")
        assert screen.check_action("new_remote", ()) is True
        assert screen.check_action("edit_remote", ()) is None  # shown dimmed: nothing selected


async def test_a_failed_refresh_keeps_the_last_list_marked_stale_and_r_brings_it_back(tmp_path: Path) -> None:
    """Issue 7, item 5: the rows stay on screen, marked stale with when they were loaded; the error stays."""
    db_path = tmp_path / "influx.sqlite"
    first = make_server(seed_demo=True, db_path=db_path)
    first.start()
    port, org_id = first.port, first.org_id
    app = build_app(first)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await main_loaded(pilot)
            assert screen.table.total_count == 8
            loaded_at = time.strftime("%H:%M:%S", time.localtime(screen.loaded_at))
            first.stop()

            await pilot.press("r")
            await wait_until(lambda: screen.state == "stale")
            await settle(pilot)
            panel = screen.query_one(StatePanel)
            assert screen.table.display and not panel.display
            assert screen.table.total_count == 8 and screen.detail.remote is not None
            status = str(screen.status_line.content)
            assert status.startswith(f"8 remotes · 1 failing · stale: loaded at {loaded_at}"), status
            bar = screen.query_one(ErrorBar)
            assert bar.text.startswith("Refresh failed: Connection refused by http://127.0.0.1:")
            assert "Check that InfluxDB is running" in bar.text and bar.text.endswith("Press r to retry.")
            assert "Traceback" not in bar.text

            # The same database on the same port: the same org and remotes come back, and the marks go.
            second = make_server(port=port, db_path=db_path)
            second.start()
            try:
                assert second.org_id == org_id
                await pilot.press("r")
                await wait_until(lambda: screen.state == "ready")
                await settle(pilot)
                assert screen.table.display and not panel.display and not bar.display
                assert "stale" not in str(screen.status_line.content)
                assert screen.table.total_count == 8
                assert screen.detail.remote is not None
            finally:
                second.stop()
    finally:
        first.stop()


async def test_r_looks_the_org_up_again_when_the_server_was_recreated(tmp_path: Path) -> None:
    """Issue 7, item 5: a new server on the same port has a new org ID; `r` finds it by name and lists."""
    first = make_server(seed_demo=True, db_path=tmp_path / "first.sqlite")
    first.start()
    port, old_org_id = first.port, first.org_id
    settings = ConnectionSettings(url=first.url, token=TEST_TOKEN, org="demo-org")
    app = build_app(first, settings=settings)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await main_loaded(pilot)
            assert screen.table.total_count == 8
            first.stop()
            second = make_server(port=port, seed_demo=True, db_path=tmp_path / "second.sqlite")
            second.start()
            try:
                assert second.org_id != old_org_id
                await add_remote_via_api(
                    second, "only-on-the-new-server", "https://new.example.com", "tok-new"
                )
                await pilot.press("r")
                await wait_until(lambda: screen.state == "ready" and screen.table.total_count == 9)
                await settle(pilot)
                assert "only-on-the-new-server" in [r.name for r in screen.table.visible_remotes]
                assert screen.header.parts["org"] == f"org demo-org ({second.org_id})"
                assert app.session is not None and app.session.org_id == second.org_id
            finally:
                second.stop()
    finally:
        first.stop()


async def test_a_server_that_is_down_at_start_up_shows_the_error_and_r_reconnects(tmp_path: Path) -> None:
    db_path = tmp_path / "influx.sqlite"
    with make_server(seed_demo=True, db_path=db_path) as probe:
        port, org_id = probe.port, probe.org_id
    app = build_app(
        probe, settings=ConnectionSettings(url=f"http://127.0.0.1:{port}", token=TEST_TOKEN, org_id=org_id)
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        assert screen.state == "error"
        assert "Connection refused by" in screen.state_panel.message
        assert screen.check_action("new_remote", ()) is None  # not connected: dimmed
        with make_server(port=port, db_path=db_path):
            await pilot.press("r")
            await wait_until(lambda: screen.state == "ready")
            await settle(pilot)
            assert screen.table.total_count == 8
            assert app.session is not None and app.session.org is not None
            assert "OSS 2.7.12" in screen.header.parts["build"]


async def test_a_rejected_token_is_explained_without_showing_it(ui_demo_server: DevServer) -> None:
    settings = settings_for(ui_demo_server, token="not-the-right-token-XYZ")
    async with running(ui_demo_server, settings=settings) as (_app, _pilot, screen, _notes):
        assert screen.state == "error"
        message = screen.state_panel.message
        assert "token" in message.lower()
        assert "not-the-right-token-XYZ" not in message
        assert "Press r to retry." in message


async def test_an_unknown_org_name_is_explained(ui_demo_server: DevServer) -> None:
    settings = ConnectionSettings(url=ui_demo_server.url, token=ui_demo_server.token, org="no-such-org")
    async with running(ui_demo_server, settings=settings) as (_app, _pilot, screen, _notes):
        assert screen.state == "error"
        assert "No organization named 'no-such-org'" in screen.state_panel.message


async def test_an_org_given_by_name_is_resolved_and_listed(ui_demo_server: DevServer) -> None:
    settings = ConnectionSettings(url=ui_demo_server.url, token=ui_demo_server.token, org="demo-org")
    async with running(ui_demo_server, settings=settings) as (app, _pilot, screen, _notes):
        assert screen.state == "ready" and screen.table.total_count == 8
        assert app.session is not None and app.session.org_id == ui_demo_server.org_id
        header = screen.header.parts["org"]
        assert header == f"org demo-org ({ui_demo_server.org_id})"


async def test_a_slow_server_shows_loading_and_keys_still_work(ui_demo_server: DevServer) -> None:
    with ui_demo_server.hold("/") as held:
        app = build_app(ui_demo_server)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            assert await held.wait_held_async()
            await pilot.pause()
            panel = screen.query_one(StatePanel)
            assert screen.state == "loading" and panel.display and panel.state == "loading"
            assert f"Loading remotes from {ui_demo_server.url}…" in panel.message
            assert screen.query_one("#state-spinner").display

            # The UI is not frozen: keys are handled while the request is in flight.
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("slash")
            assert screen.filter_bar.is_open and screen.state == "loading"
            await pilot.press("escape")

            held.release()
            await wait_until(lambda: screen.state == "ready")
            assert screen.table.total_count == 8 and screen.table.display


async def test_refresh_while_slow_keeps_the_rows_on_screen(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        with ui_demo_server.hold("/api/v2/remotes") as held:
            await pilot.press("r")
            assert await held.wait_held_async()
            assert screen.table.display and screen.table.total_count == 8
            assert "Refreshing…" in str(screen.status_line.content)
            await pilot.press("down")  # still responsive
            assert screen.table.cursor_row == 1
        await wait_until(lambda: "Refreshing…" not in str(screen.status_line.content))
        await settle(pilot)
        assert screen.state == "ready" and screen.table.total_count == 8


async def test_exit_when_loaded_exits_once_the_table_is_filled(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server, exit_when_loaded=True)
    async with app.run_test(size=SIZE):
        await wait_until(lambda: not app.is_running, 10)
    assert app.return_code == 0
    assert app.main_screen.state == "ready"  # it exited because the rows arrived, not on an error


async def test_a_remote_shown_while_the_details_pane_closes_raises_nothing(ui_demo_server: DevServer) -> None:
    """CI caught `--exit-when-loaded` exiting while the first highlight reached the pane: its body, built on
    first use, could not mount any more and a NoMatches traceback reached the terminal."""
    async with running(ui_demo_server) as (app, _pilot, screen, _notes):
        closing = DetailPane(placeholder="Loading…")
        await screen.mount(closing)
        await closing.remove()
        closing.show_remote(app.session, screen.table.selected)  # type: ignore[arg-type]
        assert not closing.is_attached and not closing.query("#detail-fields")


async def test_exit_when_loaded_fails_with_a_code_when_the_server_is_down() -> None:
    with make_server() as probe:
        url, org_id = probe.url, probe.org_id
    app = build_app(
        probe, settings=ConnectionSettings(url=url, token=TEST_TOKEN, org_id=org_id), exit_when_loaded=True
    )
    async with app.run_test(size=SIZE):
        await wait_until(lambda: not app.is_running, 10)
    assert app.return_code == 1


async def test_switch_connection_closes_the_old_client_and_reloads_everything(
    ui_demo_server: DevServer, ui_server: DevServer
) -> None:
    app = build_app(ui_demo_server, server_label="edge", profile_name="edge-site")
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        old_client = app.session.client  # type: ignore[union-attr]
        await pilot.press("slash", "c")
        assert screen.table.total_count == 8
        await app.switch_connection(settings_for(ui_server), profile_name="empty-one", read_only=True)
        await wait_until(lambda: screen.state == "ready")
        await settle(pilot)
        assert old_client.http.is_closed
        assert app.session is not None and app.session.settings.url == ui_server.url
        assert screen.table.total_count == 0 and screen.state_panel.state == "empty"
        assert not screen.filter_bar.is_open and screen.table.filter_text == ""
        assert "This window is read-only." in screen.state_panel.message
        assert screen.header.parts["profile"] == "profile empty-one"
        assert screen.header.parts["server"] == ui_server.url
        assert screen.header.read_only and "READ-ONLY" in screen.header.text
        assert screen.check_action("new_remote", ()) is False


async def test_the_client_is_closed_when_the_app_exits(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (app, pilot, _screen, _notes):
        client = app.session.client  # type: ignore[union-attr]
        assert not client.http.is_closed
        await pilot.press("q")
        await asyncio.sleep(0)
    assert client.http.is_closed


async def test_switch_connection_also_works_without_awaiting(
    ui_demo_server: DevServer, ui_server: DevServer
) -> None:
    """A sync screen callback can call it: the switch starts at once and the old client closes by itself."""
    async with running(ui_server) as (app, _pilot, screen, _notes):
        old_client = app.session.client  # type: ignore[union-attr]
        app.switch_connection(settings_for(ui_demo_server), server_label="edge")
        await wait_until(lambda: screen.state == "ready" and screen.table.total_count == 8)
        await wait_until(lambda: old_client.http.is_closed)
        assert screen.header.parts["server"] == "edge"


@pytest.mark.parametrize("held", [False, True])
async def test_the_detail_pane_says_loading_until_the_first_list_arrives(
    ui_demo_server: DevServer, held: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never "No remote matches the filter." (or any other placeholder) while the first list loads."""
    shown: list[str] = []
    original = DetailPane._show_placeholder

    def recording(pane: DetailPane, message: str) -> None:
        shown.append(message)
        original(pane, message)

    monkeypatch.setattr(DetailPane, "_show_placeholder", recording)
    hold = ui_demo_server.hold("/") if held else None
    try:
        app = build_app(ui_demo_server)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            if hold is not None:
                assert await hold.wait_held_async()
                await pilot.pause()
                assert screen.state == "loading"
                placeholder = screen.detail.query_one("#detail-placeholder")
                assert placeholder.display and str(placeholder.render()) == "Loading…"  # type: ignore[attr-defined]
                hold.release()
            await main_loaded(pilot)
            assert screen.detail.remote is not None and screen.detail.remote == screen.table.selected
    finally:
        if hold is not None:
            hold.release()
    assert shown and set(shown) == {"Loading…"}, shown
