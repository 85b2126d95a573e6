"""SVG snapshots of marks, the bulk delete dialog with a remote in use, and the undo result, at 80x24 and 120x36.

The demo server has repeatable IDs (also for the remotes an undo recreates), so every run draws the same.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from remotes_tui.devserver import DevServer
from remotes_tui.tokens import remote_key
from tests.support.servers import TEST_TOKEN
from tests.support.snapshots import SecretFreeSnapshot
from tests.support.waiting import main_loaded, settle, wait_until
from tests.ui.support_bulk import open_bulk_delete, text_of
from tests.ui.test_main_snapshots import demo_app

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
MARKED = ("analytics-sandbox", "central-eu", "edge-aggregator")
"""central-eu is used by two replications (telemetry-to-eu, alerts-to-eu); the other two by none."""
SAVED = "saved-token-of-a-marked-remote-0007"


async def mark(pilot: Pilot[Any]) -> None:
    """Save a token for each marked remote (so undo needs no prompt), then mark them with space."""
    screen = await main_loaded(pilot)
    for name in MARKED:
        remote = next(r for r in screen.table.all_remotes if r.name == name)
        session = screen.session
        assert session is not None
        session.token_store.set(remote_key(session.server_url, remote.id), SAVED)
        screen.table.select_id(remote.id)
        await settle(pilot)
        await pilot.press("space")
    screen.table.action_cursor_first()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_table_with_marks(
    snap_compare: SnapCompare, snapshot_demo_server: DevServer, size: tuple[int, int]
) -> None:
    app = demo_app(snapshot_demo_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        await mark(pilot)
        assert "3 marked" in app.main_screen.status_line.text

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def in_the_dialog(pilot: Pilot[Any]) -> None:
    """Marked, then `d`: the dialog lists them and says central-eu stays unless its replications go."""
    await mark(pilot)
    await open_bulk_delete(pilot)
    assert "central-eu" in text_of(pilot.app, "#delete-outcome")


async def undone(pilot: Pilot[Any]) -> None:
    """Marked, deleted with their replications, then `u`: the undo's message."""
    screen = pilot.app.screen
    await in_the_dialog(pilot)
    await pilot.click("#delete-with-replications")
    await pilot.press("y")
    await wait_until(lambda: pilot.app.screen is screen and screen.table.total_count == 5)
    await settle(pilot)
    await pilot.press("u")
    await wait_until(lambda: screen.table.total_count == 8)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "scene",
    [
        pytest.param(in_the_dialog, id="bulk_delete_with_one_remote_in_use"),
        pytest.param(undone, id="undo_result"),
    ],
)
def test_snapshot(
    snap_check: SecretFreeSnapshot,
    snapshot_demo_server: DevServer,
    size: tuple[int, int],
    scene: Callable[[Pilot[Any]], Awaitable[None]],
) -> None:
    """The bulk delete dialog and the undo result; no token on screen or in the stored SVG."""
    app = demo_app(snapshot_demo_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        await scene(pilot)
        shot = app.export_screenshot()
        assert SAVED not in shot and TEST_TOKEN not in shot

    snap_check(app, terminal_size=size, run_before=run_before, secrets=[SAVED, TEST_TOKEN])
