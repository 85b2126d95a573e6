"""n / e / d from the main screen: the real modals, the real server, then a toast, a refresh and the cursor."""

from __future__ import annotations

from remotes_tui.api import InfluxClient
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.screens.main import MainScreen
from tests.support.app_actions import remote_named, select_and_open
from tests.support.keys import paste_into
from tests.support.servers import fail_requests, settings_for
from tests.support.waiting import press_to_show, press_until_settled, settle, wait_until
from tests.ui.support_main import running


async def test_n_creates_a_remote_then_the_cursor_lands_on_it(ui_demo_server: DevServer) -> None:
    store = MemoryTokenStore()
    async with running(ui_demo_server, store) as (_app, pilot, screen, notes):
        await press_to_show(pilot, "n", screen=RemoteFormModal)
        await paste_into(pilot, "#input-name", "mm-new-central")
        await paste_into(pilot, "#input-remote_url", "https://mm.example.com:8086")
        await paste_into(pilot, "#input-remote_api_token", "typed-remote-token")
        await press_until_settled(pilot, "ctrl+s", screen=MainScreen)

        assert "Saved remote 'mm-new-central'." in notes
        assert screen.table.total_count == 9
        selected = screen.table.selected
        assert selected is not None and selected.name == "mm-new-central"
        assert screen.detail.remote is not None and screen.detail.remote.id == selected.id
        assert store.get(remote_key(ui_demo_server.url, selected.id)) == "typed-remote-token"
        async with InfluxClient(settings_for(ui_demo_server)) as client:
            assert (await client.remotes.get(selected.id)).remote_url == "https://mm.example.com:8086"


async def test_e_edits_the_selected_remote_and_keeps_the_cursor_on_it(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, notes):
        target = remote_named(screen, "legacy-1x")
        screen.table.select_id(target.id)
        await settle(pilot)
        await press_to_show(pilot, "e", screen=RemoteFormModal)
        await paste_into(pilot, "#input-name", "aaa-legacy-renamed")
        await press_until_settled(pilot, "ctrl+s", screen=MainScreen)
        assert "Saved remote 'aaa-legacy-renamed'." in notes
        assert screen.table.selected is not None and screen.table.selected.id == target.id
        assert screen.table.cursor_row == 0  # renamed to sort first, and the cursor followed it


async def test_a_cancelled_form_changes_nothing(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, notes):
        selected = screen.table.selected
        await press_to_show(pilot, "n", screen=RemoteFormModal)
        await press_until_settled(pilot, "escape", screen=MainScreen)
        assert not any(note.startswith("Saved") for note in notes)
        assert screen.table.total_count == 8 and screen.table.selected == selected


async def test_d_deletes_and_the_cursor_moves_to_the_neighbour(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, notes):
        names = [r.name for r in screen.table.visible_remotes]
        victim = remote_named(screen, "edge-aggregator")
        neighbour = names[names.index("edge-aggregator") + 1]
        await select_and_open(pilot, victim, "d", DeleteRemoteModal)
        await press_until_settled(pilot, "y", screen=MainScreen)
        assert "Deleted remote 'edge-aggregator'." in notes
        assert screen.table.total_count == 7
        assert victim.id not in [r.id for r in screen.table.visible_remotes]
        assert screen.table.selected is not None and screen.table.selected.name == neighbour


async def test_a_cancelled_delete_deletes_nothing(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        selected = screen.table.selected
        await press_to_show(pilot, "d", screen=DeleteRemoteModal)
        await press_until_settled(pilot, "escape", screen=MainScreen)
        assert screen.table.total_count == 8 and screen.table.selected == selected
        async with InfluxClient(settings_for(ui_demo_server)) as client:
            assert len(await client.remotes.list(ui_demo_server.org_id)) == 8


async def test_deleting_the_last_row_moves_the_cursor_up(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        names = [r.name for r in screen.table.visible_remotes]
        await pilot.press("end")
        assert screen.table.selected is not None and screen.table.selected.name == names[-1]
        await press_until_settled(pilot, "d", screen=DeleteRemoteModal)
        await press_until_settled(pilot, "y", screen=MainScreen)
        assert screen.table.selected is not None and screen.table.selected.name == names[-2]


async def test_deleting_with_its_replications_says_how_many_went(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, notes):
        victim = remote_named(screen, "central-eu")
        await select_and_open(pilot, victim, "d", DeleteRemoteModal)
        await pilot.click("#delete-with-replications")
        await press_until_settled(pilot, "y", screen=MainScreen)
        assert "Deleted remote 'central-eu' and its 2 replications." in notes
        assert victim.id not in [r.id for r in screen.table.visible_remotes]
        async with InfluxClient(settings_for(ui_demo_server)) as client:
            replications = await client.replications.list(ui_demo_server.org_id)
        assert victim.id not in {r.remote_id for r in replications}


async def test_a_delete_stopped_part_way_says_which_replications_went(ui_demo_server: DevServer) -> None:
    """The replications go, the remote refuses (a server error): the toast says what changed."""
    async with running(ui_demo_server) as (app, pilot, screen, notes):
        victim = remote_named(screen, "central-eu")
        modal = await select_and_open(pilot, victim, "d", DeleteRemoteModal)
        fail_requests(ui_demo_server, 500, f"/api/v2/remotes/{victim.id}")
        await pilot.click("#delete-with-replications")
        await pilot.press("y")
        assert app.screen is modal
        await wait_until(lambda: len(modal.deleted_replications) == 2 and not modal.deleting)
        ui_demo_server.faults.error_rate = 0.0
        await press_until_settled(pilot, "escape", screen=MainScreen)
        assert "Deleted 2 replications of 'central-eu'; the remote itself was kept." in notes
        assert not any(note.startswith("Deleted remote") for note in notes)
        assert screen.table.selected is not None and screen.table.selected.id == victim.id
        assert screen.detail.replications == []  # the pane reloaded: none left
