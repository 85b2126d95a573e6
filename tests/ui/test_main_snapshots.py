"""SVG snapshots of the main screen's states, in dark and light themes, and a check that no token leaks.

Servers here have repeatable IDs, demo URLs are fixed strings (no demo target) and the app is labelled
"demo", so nothing random (IDs, ports) reaches a snapshot. Update with:
    .venv/bin/pytest tests/ui --snapshot-update
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer, FaultConfig
from remotes_tui.tokens import MemoryTokenStore, remote_key
from tests.support.servers import TEST_TOKEN
from tests.support.waiting import main_loaded, settle, wait_until
from tests.ui.conftest import SNAPSHOTS_DIR, build_app

SAVED_REMOTE_TOKEN = "saved-remote-token-DO-NOT-LEAK-0002"

SnapCompare = Callable[..., bool]


def demo_app(server: DevServer, **kwargs: Any) -> RemotesApp:
    store = MemoryTokenStore()
    kwargs.setdefault("server_label", "demo")
    return build_app(server, token_store=store, **kwargs)


@pytest.fixture
def app(snapshot_demo_server: DevServer) -> RemotesApp:
    """The app most snapshots here show: on the demo server with repeatable IDs (`demo_app`)."""
    return demo_app(snapshot_demo_server)


async def select(pilot: Pilot[Any], name: str) -> None:
    """Put the cursor on the remote called `name` with the keyboard, then let the detail pane load."""
    table = (await main_loaded(pilot)).table
    names = [remote.name for remote in table.visible_remotes]
    assert name in names, f"no remote named {name!r} in the table: {names}"
    for _ in range(len(names)):
        if table.selected is not None and table.selected.name == name:
            break
        await pilot.press("down")
    assert table.selected is not None and table.selected.name == name
    await settle(pilot)


async def open_help(pilot: Pilot[Any]) -> None:
    """Once the main screen has loaded, `?` and wait until the help screen is on top."""
    await main_loaded(pilot)
    await pilot.press("question_mark")
    await wait_until(lambda: pilot.app.screen.id == "help")
    await pilot.pause()


def selecting(name: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A `run_before` for snap_compare that selects the remote called `name` (see `select`)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await select(pilot, name)

    return run_before


def test_snapshot_main_screen(snap_compare: SnapCompare, app: RemotesApp) -> None:
    assert snap_compare(app, terminal_size=(120, 36), run_before=main_loaded)


def test_snapshot_detail_pane_with_replications(
    snap_compare: SnapCompare, snapshot_demo_server: DevServer, app: RemotesApp
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await main_loaded(pilot)
        remote = next(r for r in app.main_screen.table.visible_remotes if r.name == "central-eu")
        app.token_store.set(remote_key(snapshot_demo_server.url, remote.id), SAVED_REMOTE_TOKEN)
        await select(pilot, "central-eu")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_snapshot_failing_replication(snap_compare: SnapCompare, app: RemotesApp) -> None:
    assert snap_compare(app, terminal_size=(120, 36), run_before=selecting("backup-dc2"))


def test_snapshot_empty_state(snap_compare: SnapCompare, snapshot_empty_server: DevServer) -> None:
    app = demo_app(snapshot_empty_server)
    assert snap_compare(app, terminal_size=(120, 36), run_before=main_loaded)


def test_snapshot_error_state(snap_compare: SnapCompare, snapshot_demo_server: DevServer) -> None:
    snapshot_demo_server.faults = FaultConfig(error_status=503, error_rate=1.0, paths=("/api/v2/remotes",))
    app = demo_app(snapshot_demo_server)
    assert snap_compare(app, terminal_size=(120, 36), run_before=main_loaded)


def test_snapshot_filter_without_a_match(snap_compare: SnapCompare, app: RemotesApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await main_loaded(pilot)
        await pilot.press("slash", *"nomatch")
        await settle(pilot)
        field = app.main_screen.filter_bar.input
        assert field is not None
        field.cursor_blink = False

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_snapshot_main_screen_80x24(snap_compare: SnapCompare, app: RemotesApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=selecting("central-us"))


def test_snapshot_light_theme(snap_compare: SnapCompare, app: RemotesApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app.theme = "textual-light"
        await select(pilot, "backup-dc2")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_snapshot_read_only_with_help(snap_compare: SnapCompare, snapshot_demo_server: DevServer) -> None:
    app = demo_app(snapshot_demo_server, read_only=True, profile_name="edge-prod")

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_help(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


FIXED_LOAD_TIME = 1_790_000_000.0
"""When the stale list was loaded, in the snapshot (shown as 14:13:20 in UTC)."""


def test_snapshot_refresh_failed_keeps_the_rows_stale(
    snap_compare: SnapCompare, snapshot_demo_server: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    app = demo_app(snapshot_demo_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await main_loaded(pilot)
        screen.loaded_at = FIXED_LOAD_TIME
        snapshot_demo_server.faults = FaultConfig(
            error_status=503, error_rate=1.0, paths=("/api/v2/remotes",)
        )
        await pilot.press("r")
        await wait_until(lambda: screen.state == "stale")
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_snapshot_details_hidden(snap_compare: SnapCompare, app: RemotesApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await select(pilot, "central-eu")
        await pilot.press("z")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_snapshot_help_80x24_scrolled_to_the_end(snap_compare: SnapCompare, app: RemotesApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_help(pilot)
        app.screen.query_one("#help-body").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_no_snapshot_contains_a_token() -> None:
    """Runs after the snapshot tests in this file: no SVG (of any UI test) holds a test token."""
    files = [path for path in SNAPSHOTS_DIR.rglob("*") if path.is_file()]
    assert any(path.suffix == ".svg" for path in files), "no snapshots found: run the snapshot tests first"
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for secret in (TEST_TOKEN, SAVED_REMOTE_TOKEN, "typed-remote-token", "a-saved-remote-token"):
            assert secret not in text, f"{path.name} contains a token"
