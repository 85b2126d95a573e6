"""`u` on the main screen: the last delete undone over real HTTP, with new IDs, the saved tokens and plain words."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from remotes_tui.api import RemoteConnection
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import remote_key
from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal
from remotes_tui.ui.modals.remote_token_prompt import RemoteTokenPrompt
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.screens.undo_delete import NOTHING_TO_UNDO
from tests.support.servers import settings_for
from tests.support.waiting import press_to_show, settle, wait_until
from tests.ui.support_bulk import (
    REPLICATION,
    TOKENS,
    bulk_delete_all,
    confirm_delete,
    open_bulk_delete,
    server_remotes,
    three_remotes,
)
from tests.ui.support_main import running


def fields(remote: RemoteConnection) -> tuple[object, ...]:
    return (
        remote.name,
        remote.description,
        remote.remote_url,
        remote.remote_org_id,
        remote.allow_insecure_tls,
        remote.org_id,
    )


async def delete_one(pilot: Pilot[Any], screen: MainScreen, remote: RemoteConnection) -> None:
    """Select `remote`, press `d` and confirm (the same wait as a bulk delete: the dialog has checked for
    replications)."""
    screen.table.select_id(remote.id)
    await settle(pilot)
    await pilot.press("d")
    await open_bulk_delete(pilot)
    await confirm_delete(pilot, screen)


async def test_u_with_nothing_deleted_says_so(ui_server: DevServer) -> None:
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (_app, pilot, _screen, notes):
        await pilot.press("u")
        await pilot.pause()
        assert notes == [NOTHING_TO_UNDO]
    assert len(await server_remotes(ui_server)) == 3


async def test_undo_after_a_single_delete_recreates_it_with_a_new_id_and_its_token(
    ui_server: DevServer,
) -> None:
    fleet = await three_remotes(ui_server)
    old = fleet.remotes["central-a"]
    async with running(ui_server, fleet.store) as (app, pilot, screen, notes):
        await delete_one(pilot, screen, old)
        assert fleet.store.get(remote_key(ui_server.url, old.id)) is None  # the delete forgot it

        await pilot.press("u")
        await wait_until(lambda: bool(screen.undo.last_result) and not screen.undo.running)
        await settle(pilot)
        [result] = screen.undo.last_result
        new = result.remote
        assert new is not None and new.id != old.id
        assert fields(new) == fields(old)
        assert notes[-1] == f"Recreated remote 'central-a' with a new ID, {new.id} (it was {old.id})."
        assert fleet.store.get(remote_key(ui_server.url, new.id)) == TOKENS["central-a"]
        assert screen.selected is not None and screen.selected.id == new.id

        await pilot.press("t")  # the token is found under the new ID: the test runs, no prompt
        await wait_until(lambda: isinstance(app.screen, RemoteCheckModal | RemoteTokenPrompt))
        assert isinstance(app.screen, RemoteCheckModal)
        await pilot.press("escape")

        await wait_until(lambda: app.screen is screen)
        await pilot.press("u")  # done once: nothing left to undo
        await pilot.pause()
        assert notes[-1] == NOTHING_TO_UNDO
    on_server = {remote.name: remote for remote in await server_remotes(ui_server)}
    assert on_server["central-a"].id == new.id


async def test_undo_after_switching_to_another_server_is_refused_and_recreates_nothing(
    ui_server: DevServer,
) -> None:
    fleet = await three_remotes(ui_server)
    old = fleet.remotes["central-a"]
    with DevServer(port=0) as other:
        async with running(ui_server, fleet.store) as (app, pilot, screen, notes):
            await delete_one(pilot, screen, old)

            app.switch_connection(settings_for(other))
            await wait_until(lambda: screen.session is app.session and screen.state == "ready")
            await pilot.press("u")
            await pilot.pause()
            assert notes[-1] == "The last delete was on another connection: switch back to it to undo it."
            assert not screen.undo.running and screen.undo.last_result == []
        assert await server_remotes(other) == []
    assert sorted(remote.name for remote in await server_remotes(ui_server)) == ["central-b", "central-c"]


async def test_undo_after_a_bulk_delete_restores_the_batch_and_names_the_lost_replication(
    ui_server: DevServer,
) -> None:
    fleet = await three_remotes(ui_server)
    async with running(ui_server, fleet.store) as (app, pilot, screen, notes):
        await bulk_delete_all(pilot, screen)
        await pilot.click("#delete-with-replications")
        await pilot.press("y")
        await wait_until(lambda: app.screen is screen and screen.table.total_count == 0)
        await settle(pilot)

        await pilot.press("u")
        await wait_until(lambda: bool(screen.undo.last_result) and not screen.undo.running)
        await settle(pilot)
        assert notes[-1] == (
            "Recreated 3 remotes, each with a new ID: 'central-a', 'central-b', 'central-c'. "
            f"Not recreated: the replication deleted with them: {REPLICATION}."
        )
        assert sorted(remote.name for remote in screen.table.all_remotes) == sorted(TOKENS)
    on_server = {remote.name: remote for remote in await server_remotes(ui_server)}
    for name, old in fleet.remotes.items():
        assert on_server[name].id != old.id
        assert fields(on_server[name]) == fields(old)
        assert fleet.store.get(remote_key(ui_server.url, on_server[name].id)) == TOKENS[name]


async def test_undo_without_a_saved_token_asks_for_it_with_the_existing_prompt(ui_server: DevServer) -> None:
    fleet = await three_remotes(ui_server, tokens=False)
    old = fleet.remotes["central-c"]
    async with running(ui_server, fleet.store) as (app, pilot, screen, notes):
        screen.table.select_id(old.id)
        await settle(pilot)
        await pilot.press("d")
        await open_bulk_delete(pilot)
        await confirm_delete(pilot, screen)

        await press_to_show(pilot, "u", screen=RemoteTokenPrompt)
        await pilot.pause()
        assert "No token was saved for this remote" in str(
            app.screen.query_one("#test-token-reason").render()
        )
        await pilot.press("escape")  # no token given: nothing is recreated, the undo stays available
        await wait_until(lambda: not screen.undo.running and bool(screen.undo.last_result))
        assert notes[-1] == "'central-c' was not recreated: no token was given (press u to try again)."

        await press_to_show(pilot, "u", screen=RemoteTokenPrompt)
        app.screen.query_one("#test-token", Input).value = "typed-token-c"
        await pilot.press("enter")
        await wait_until(lambda: app.screen is screen and screen.undo.last_result[0].remote is not None)
        await settle(pilot)
        new = screen.undo.last_result[0].remote
        assert new is not None
        assert fleet.store.get(remote_key(ui_server.url, new.id)) == "typed-token-c"
    assert isinstance(screen, MainScreen)
