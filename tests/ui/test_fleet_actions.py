"""The fleet's table acts like one server's: edit and delete go to the remote's own server (with its own
client and token-store key, even when two servers hold a remote with the same ID), `n` creates on the
highlighted server, `u` recreates a deleted remote on its own server, a read-only server refuses writes, `U` groups the remotes by URL, `f` switches between
the fleet and one server."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from remotes_tui.api import InfluxClient
from remotes_tui.app import RemotesApp
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.fleet_modals.url_groups import UrlGroupsModal
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.screens.fleet import FleetScreen
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.screens.undo_delete import NOTHING_TO_UNDO
from tests.support.fleet_servers import add_remotes, running
from tests.support.forms import shown
from tests.support.keys import paste_into
from tests.support.servers import ID_SEED, make_server, settings_for
from tests.support.toasts import record_messages
from tests.support.waiting import main_ready, press_to_show, press_until_settled, settle, wait_until
from tests.ui.fleet_support import fleet_app, fleet_loaded, save_profile, save_profiles

SIZE = (120, 36)
CENTRAL = "https://central-eu.example.com:8086"


async def select_row(pilot: Pilot[Any], screen: FleetScreen, server: str, name: str) -> None:
    row = next(r for r in screen.table.visible_rows if r.server == server and r.remote.name == name)
    assert screen.table.select_id(row.key)
    await settle(pilot)
    assert screen.selected_server is not None and screen.selected_server.name == server


async def names_on(server: Any) -> list[str]:
    async with InfluxClient(settings_for(server)) as client:
        return sorted(remote.name for remote in await client.remotes.list(server.org_id))


async def test_edit_and_delete_go_to_the_remotes_own_server(profile_store: ProfileStore) -> None:
    tokens = MemoryTokenStore()
    # The same ID seed: both servers hold a remote with the same ID.
    with running(make_server(id_seed=ID_SEED), make_server(id_seed=ID_SEED)) as (east, west):
        (east_remote,) = await add_remotes(east, ["central-eu"], url=CENTRAL)
        (west_remote,) = await add_remotes(west, ["central-eu"], url=CENTRAL)
        assert east_remote.id == west_remote.id
        save_profiles(profile_store, tokens, [("east", east), ("west", west)])
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            assert len(screen.table.rows) == 2
            await select_row(pilot, screen, "west", "central-eu")
            await press_to_show(pilot, "e", screen=RemoteFormModal)
            assert "on west" in shown(app.screen, "#form-title")
            await paste_into(pilot, "#input-name", "central-eu-west")
            await paste_into(pilot, "#input-remote_api_token", "west-remote-token")
            await pilot.press("ctrl+s")
            await wait_until(lambda: app.screen is screen)
            await wait_until(
                lambda: any(r.remote.name == "central-eu-west" for r in screen.table.rows), seconds=10
            )
            await settle(pilot)
            assert await names_on(west) == ["central-eu-west"]
            assert await names_on(east) == ["central-eu"]
            assert tokens.get(remote_key(west.url, west_remote.id)) == "west-remote-token"
            assert tokens.get(remote_key(east.url, east_remote.id)) is None
            selected = screen.table.selected_row
            assert selected is not None and selected.server == "west"  # the cursor stays on the edited remote

            await select_row(pilot, screen, "east", "central-eu")
            await press_until_settled(pilot, "d", screen=DeleteRemoteModal)
            assert "east" in str(app.screen.query_one("#delete-target").content)
            await pilot.press("y")
            await wait_until(lambda: app.screen is screen)
            await wait_until(lambda: not any(r.server == "east" for r in screen.table.rows))
            assert await names_on(east) == []
            assert await names_on(west) == ["central-eu-west"]


async def test_u_recreates_the_last_delete_on_the_server_it_was_deleted_from(
    profile_store: ProfileStore,
) -> None:
    tokens = MemoryTokenStore()
    with running(make_server(id_seed=ID_SEED), make_server(id_seed=ID_SEED)) as (east, west):
        (east_remote,) = await add_remotes(east, ["central-eu"], url=CENTRAL)
        (west_remote,) = await add_remotes(west, ["central-eu"], url=CENTRAL)
        tokens.set(remote_key(east.url, east_remote.id), "east-remote-token")
        save_profiles(profile_store, tokens, [("east", east), ("west", west)])
        app = fleet_app(profile_store, tokens)
        notes = record_messages(app)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            await pilot.press("u")
            await pilot.pause()
            assert notes[-1] == NOTHING_TO_UNDO

            await select_row(pilot, screen, "east", "central-eu")
            await press_until_settled(pilot, "d", screen=DeleteRemoteModal)
            await pilot.press("y")
            await wait_until(lambda: app.screen is screen)
            await wait_until(lambda: not any(r.server == "east" for r in screen.table.rows))
            assert tokens.get(remote_key(east.url, east_remote.id)) is None  # the delete forgot it

            await pilot.press("u")
            await wait_until(lambda: bool(screen.undo.last_result) and not screen.undo.running)
            [result] = screen.undo.last_result
            new = result.remote
            assert new is not None and new.id != east_remote.id
            assert notes[-1] == (
                f"Recreated remote 'central-eu' with a new ID, {new.id} (it was {east_remote.id})."
            )
            await wait_until(
                lambda: any(r.server == "east" and r.remote.id == new.id for r in screen.table.rows)
            )
            await settle(pilot)
            selected = screen.table.selected_row
            assert selected is not None and (selected.server, selected.remote.id) == ("east", new.id)
        assert await names_on(east) == ["central-eu"]
        assert await names_on(west) == ["central-eu"]
        assert tokens.get(remote_key(east.url, new.id)) == "east-remote-token"
        assert tokens.get(remote_key(west.url, west_remote.id)) is None  # nothing was written to west


async def test_u_is_refused_once_the_deleting_servers_connection_is_closed(
    profile_store: ProfileStore,
) -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (east,):
        (east_remote,) = await add_remotes(east, ["central-eu"], url=CENTRAL)
        tokens.set(remote_key(east.url, east_remote.id), "east-remote-token")
        save_profiles(profile_store, tokens, [("east", east)])
        app = fleet_app(profile_store, tokens)
        notes = record_messages(app)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            await select_row(pilot, screen, "east", "central-eu")
            await press_until_settled(pilot, "d", screen=DeleteRemoteModal)
            await pilot.press("y")
            await wait_until(lambda: app.screen is screen and not screen.table.rows)
            await screen.by_name["east"].aclose()  # the connection the delete went through is gone

            await pilot.press("u")
            await pilot.pause()
            assert notes[-1] == "The last delete was on another connection: switch back to it to undo it."
            assert screen.undo.last_result == []
        assert await names_on(east) == []


async def test_n_creates_on_the_highlighted_server(profile_store: ProfileStore) -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (first, second):
        save_profiles(profile_store, tokens, [("a-first", first), ("b-second", second)])
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            assert screen.state_panel.display  # no remotes anywhere yet
            screen.server_list.focus()
            await pilot.press("down")
            assert screen.server_list.highlighted == "b-second"
            await press_to_show(pilot, "n", screen=RemoteFormModal)
            assert "on b-second" in shown(app.screen, "#form-title")
            await paste_into(pilot, "#input-name", "made-here")
            await paste_into(pilot, "#input-remote_url", CENTRAL)
            await paste_into(pilot, "#input-remote_api_token", "a-remote-token")
            await pilot.press("ctrl+s")
            await wait_until(lambda: app.screen is screen)
            await wait_until(lambda: len(screen.table.rows) == 1)
            assert screen.table.rows[0].server == "b-second"
            assert await names_on(second) == ["made-here"] and await names_on(first) == []


async def test_a_read_only_server_refuses_writes_and_says_why(profile_store: ProfileStore) -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (normal, guarded):
        await add_remotes(normal, ["writable"], url=CENTRAL)
        await add_remotes(guarded, ["guarded"], url=CENTRAL)
        save_profile(profile_store, tokens, "normal", normal.url)
        save_profile(profile_store, tokens, "guarded", guarded.url, read_only=True)
        app = fleet_app(profile_store, tokens)
        notes = record_messages(app)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            assert screen.server_list.text_of("guarded").startswith("guarded read-only 2.7.12")
            await select_row(pilot, screen, "guarded", "guarded")
            assert screen.check_action("edit_remote", ()) is None
            await pilot.press("e")
            await pilot.pause()
            assert app.screen is screen
            assert screen.read_only_text_of("guarded") in notes[-1]
            await select_row(pilot, screen, "normal", "writable")
            assert screen.check_action("edit_remote", ()) is True


async def test_u_lists_the_urls_by_how_many_servers_use_them_and_enter_shows_their_remotes(
    profile_store: ProfileStore,
) -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server(), make_server()) as (a, b, c):
        await add_remotes(a, ["central-eu", "central-eu-2"], url=CENTRAL)
        await add_remotes(b, ["central-eu"], url=CENTRAL)
        await add_remotes(b, ["us"], url="https://central-us.example.com:8086")
        await add_remotes(c, ["us"], url="https://central-us.example.com:8086")
        await add_remotes(c, ["lab"], url="https://lab.example.com:8086")
        save_profiles(profile_store, tokens, [("a", a), ("b", b), ("c", c)])
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            # The cursor's row decides the URL highlighted first (which server answered first must not).
            await select_row(pilot, screen, "b", "us")
            modal = await press_to_show(pilot, "U", screen=UrlGroupsModal)
            assert [(g.url, g.summary) for g in modal.groups] == [
                (CENTRAL, "3 remotes on 2 servers"),
                ("https://central-us.example.com:8086", "2 remotes on 2 servers"),
                ("https://lab.example.com:8086", "1 remote on 1 server"),
            ]
            assert modal.highlighted_url == "https://central-us.example.com:8086"
            await pilot.press("up")
            assert modal.highlighted_url == CENTRAL
            await pilot.press("enter")
            await wait_until(lambda: app.screen is screen)
            assert sorted((r.server, r.remote.name) for r in screen.table.visible_rows) == [
                ("a", "central-eu"),
                ("a", "central-eu-2"),
                ("b", "central-eu"),
            ]
            assert "3 of 6 match" in str(screen.status_line.content)


async def test_f_opens_the_selected_remotes_server_alone_and_back(profile_store: ProfileStore) -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (a, b):
        await add_remotes(a, ["on-a"], url=CENTRAL)
        await add_remotes(b, ["on-b"], url=CENTRAL)
        save_profiles(profile_store, tokens, [("a", a), ("b", b)])
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            fleet = await fleet_loaded(pilot)
            await select_row(pilot, fleet, "b", "on-b")
            await pilot.press("f")
            main = await main_ready(pilot)
            assert isinstance(app.screen, MainScreen)
            assert [r.name for r in main.table.visible_remotes] == ["on-b"]
            assert main.session is not None and main.session.profile_name == "b"
            await pilot.press("f")
            await wait_until(lambda: app.screen is fleet)
            assert len(fleet.table.rows) == 2  # the same fleet, rows kept


async def test_f_from_one_server_opens_every_saved_profile_and_the_server_shown(
    profile_store: ProfileStore,
) -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server(), make_server()) as (saved1, saved2, flags_only):
        await add_remotes(flags_only, ["from-flags"], url=CENTRAL)
        await add_remotes(saved1, ["saved-one"], url=CENTRAL)
        save_profiles(profile_store, tokens, [("saved-1", saved1), ("saved-2", saved2)])
        app = RemotesApp(settings_for(flags_only), token_store=tokens, server_label="flags")
        async with app.run_test(size=SIZE) as pilot:
            await main_ready(pilot)
            await pilot.press("f")
            fleet = await fleet_loaded(pilot)
            assert list(fleet.server_list.names) == ["flags", "saved-1", "saved-2"]
            assert sorted((r.server, r.remote.name) for r in fleet.table.rows) == [
                ("flags", "from-flags"),
                ("saved-1", "saved-one"),
            ]


async def test_f_with_no_saved_profile_says_how_to_make_a_fleet(ui_server: Any) -> None:
    app = RemotesApp(settings_for(ui_server), token_store=MemoryTokenStore())
    notes = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.main_screen.state != "loading")
        await pilot.press("f")
        await wait_until(lambda: bool(notes))
        assert notes[-1].startswith("The fleet is empty: no profile is saved.")
        assert isinstance(app.screen, MainScreen)


async def test_t_tests_the_selected_remote_through_its_own_server(profile_store: ProfileStore) -> None:
    """Issue 9's `t` in the fleet: the remote's saved token, the edge's own validation through the remote's
    own server (the other server has a remote with the same name and no token)."""
    from remotes_tui.api.remote_check import Outcome
    from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal, StepView
    from tests.support.edge_central import REMOTE_TOKEN, add_remote, make_central, make_edge

    central = make_central()
    edge, other = make_edge(), make_edge()
    try:
        remote_id, _ = await add_remote(edge, central, "central", buckets=(("to-central", "central-bucket"),))
        await add_remote(other, central, "central")
        tokens = MemoryTokenStore()
        tokens.set(remote_key(edge.url, remote_id), REMOTE_TOKEN)
        save_profile(profile_store, tokens, "a-other", other.url, org=other.org_name)
        save_profile(profile_store, tokens, "b-edge", edge.url, org=edge.org_name)
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            screen = await fleet_loaded(pilot)
            await select_row(pilot, screen, "b-edge", "central")
            dialog = await press_to_show(pilot, "t", screen=RemoteCheckModal)
            await wait_until(lambda: not dialog.running and dialog.report is not None)
            steps = {view.step.key: view.step.outcome for view in dialog.query(StepView)}
            assert [key.split(":")[0] for key in steps] == ["url", "token", "org", "write", "validate"]
            assert set(steps.values()) == {Outcome.PASSED}
    finally:
        for server in (edge, other, central):
            server.stop()
