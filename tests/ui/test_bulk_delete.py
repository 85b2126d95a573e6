"""Marks (space) and the bulk delete (d with marks) on the main screen, over real HTTP against the bundled server."""

from __future__ import annotations

from remotes_tui.api import InfluxClient
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import remote_key
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.widgets.remotes_table import MARK
from tests.support.screen_text import screen_lines
from tests.support.servers import settings_for
from tests.support.waiting import settle, wait_until
from tests.ui.support_bulk import (
    IN_USE,
    REPLICATION,
    bulk_delete_all,
    confirm_delete,
    listed,
    mark_all,
    server_remotes,
    server_replication_names,
    text_of,
    three_remotes,
)
from tests.ui.support_main import running


def marked_names(screen: MainScreen) -> list[str]:
    return [remote.name for remote in screen.table.marked_remotes]


async def test_space_marks_and_the_marks_outlive_filter_sort_and_refresh(ui_server: DevServer) -> None:
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (app, pilot, screen, _notes):
        screen.table.action_cursor_first()
        await pilot.press("space")  # central-a, and the cursor moves to central-b
        await pilot.press("down", "space")  # central-c
        await settle(pilot)
        assert marked_names(screen) == ["central-a", "central-c"]
        assert "2 marked" in screen.status_line.text
        lines = screen_lines(app)
        assert any(line.lstrip("│ ").startswith(f"{MARK}central-a") for line in lines), lines
        assert not any(f"{MARK}central-b" in line for line in lines)

        await pilot.press("slash", *"central-c", "enter")  # the filter hides central-a: still marked
        await settle(pilot)
        assert marked_names(screen) == ["central-a", "central-c"]
        await pilot.press("escape")  # closes the filter; the marks stay
        await pilot.press("S", "r")  # the other sort order, then a refresh from the server
        await settle(pilot)
        assert marked_names(screen) == ["central-c", "central-a"]
        assert "2 marked" in screen.status_line.text

        await pilot.press("escape")  # no filter now: Escape unmarks
        await settle(pilot)
        assert marked_names(screen) == []
        assert "marked" not in screen.status_line.text


async def test_a_mark_of_a_remote_deleted_elsewhere_goes_with_its_row(ui_server: DevServer) -> None:
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (_app, pilot, screen, _notes):
        await mark_all(pilot, screen)
        async with InfluxClient(settings_for(ui_server)) as other:  # another user deletes it
            await other.remotes.delete(fleet.remotes["central-a"].id)
        await pilot.press("r")
        await wait_until(lambda: screen.table.total_count == 2)
        await settle(pilot)
        assert marked_names(screen) == ["central-b", "central-c"]
        assert "2 marked" in screen.status_line.text


async def test_bulk_delete_keeps_the_remote_in_use_and_says_why(ui_server: DevServer) -> None:
    """Three marked, one used by a replication, box left unticked: that one stays, the other two go."""
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (app, pilot, screen, notes):
        modal = await bulk_delete_all(pilot, screen)
        assert text_of(app, ".modal-title") == "Delete 3 remote connections?"
        targets = text_of(app, "#delete-target")
        assert all(name in targets for name in fleet.remotes)
        assert text_of(app, "#delete-status") == (
            "1 of the 3 remotes is in use (InfluxDB keeps a remote a replication uses):"
        )
        assert listed(app) == [
            f"{IN_USE} is used by 1 replication:",
            f"• {REPLICATION}  {ui_server.bucket_name} → telemetry",
        ]
        assert text_of(app, "#delete-outcome") == (
            f"'{IN_USE}' stays, with its replications; the other 2 remotes are deleted."
        )

        await pilot.press("y")
        await wait_until(lambda: text_of(app, "#delete-error") != "" and not modal.deleting)
        assert text_of(app, "#delete-error") == (
            "Deleted 2 remotes: 'central-a', 'central-c'. Not deleted: 'central-b': in use by replications "
            "(tick the box to delete their replications too)."
        )
        assert text_of(app, ".modal-title") == "Delete remote connection?"
        assert [remote.name for remote in modal.deleted_remotes] == ["central-a", "central-c"]
        await pilot.press("escape")
        await wait_until(lambda: app.screen is screen)
        await settle(pilot)

        assert "Deleted 2 of 3 remotes; kept 'central-b': in use by replications." in notes
        assert [remote.name for remote in screen.table.all_remotes] == [IN_USE]
        assert marked_names(screen) == [IN_USE]  # still marked: it still exists
    assert [remote.name for remote in await server_remotes(ui_server)] == [IN_USE]
    assert await server_replication_names(ui_server) == [REPLICATION]
    for name in ("central-a", "central-c"):  # the deleted remotes' tokens left the store
        assert fleet.store.get(remote_key(ui_server.url, fleet.remotes[name].id)) is None
    assert fleet.store.get(remote_key(ui_server.url, fleet.remotes[IN_USE].id)) is not None


async def test_bulk_delete_with_the_replications_deletes_all_three(ui_server: DevServer) -> None:
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (app, pilot, screen, notes):
        await bulk_delete_all(pilot, screen)
        await pilot.click("#delete-with-replications")
        await settle(pilot)
        assert text_of(app, "#delete-outcome") == (
            "Their 1 replication will be deleted first, then the 3 remotes. "
            "Undo (u) brings back the remotes, not the replications."
        )
        await confirm_delete(pilot, screen)
        assert "Deleted 3 remotes and 1 replication." in notes
        assert screen.table.total_count == 0
        assert marked_names(screen) == []
        assert "marked" not in screen.status_line.text
    assert await server_remotes(ui_server) == []
    assert await server_replication_names(ui_server) == []


async def test_cancel_deletes_nothing_and_keeps_the_marks(ui_server: DevServer) -> None:
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (app, pilot, screen, _notes):
        await bulk_delete_all(pilot, screen)
        await pilot.press("n")
        await wait_until(lambda: app.screen is screen)
        await settle(pilot)
        assert len(marked_names(screen)) == 3
    assert len(await server_remotes(ui_server)) == 3
