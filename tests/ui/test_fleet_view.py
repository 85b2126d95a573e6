"""The fleet view in the app over real HTTP: several bundled servers, one down, one with a wrong token, one
slow (its answer held by the server, not a latency window): the others appear at once; the down one says so,
and appears after `r` once it is back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.app import App

from remotes_tui.fleet import ServerStatus
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import MemoryTokenStore
from tests.support.fleet_servers import add_remotes, free_port, running
from tests.support.screen_text import screen_lines
from tests.support.servers import make_server
from tests.support.toasts import record_messages
from tests.support.waiting import wait_until
from tests.ui.fleet_support import fleet_app, fleet_loaded, fleet_shown, save_profile, server_line


def marks(app: App[Any]) -> dict[str, str]:
    """The mark drawn before each server's name in the list (it says the state without colour)."""
    found = (re.findall(r" ([●!▲✗]) (edge-[\w-]+) ", line) for line in screen_lines(app))
    return {name: mark for pairs in found for mark, name in pairs}


CENTRAL = "https://central-eu.example.com:8086"


async def test_the_others_appear_at_once_and_the_down_one_comes_back_after_r(
    profile_store: ProfileStore,
) -> None:
    tokens = MemoryTokenStore()
    down_port = free_port()
    with running(make_server(), make_server(), make_server(), make_server()) as (
        edge1,
        edge2,
        refusing,
        slow,
    ):
        await add_remotes(edge1, ["central-eu", "backup"], url=CENTRAL)
        await add_remotes(edge2, ["central-eu"], url=CENTRAL)
        await add_remotes(slow, ["slow-central"], url=CENTRAL)
        save_profile(profile_store, tokens, "edge-1", edge1.url)
        save_profile(profile_store, tokens, "edge-2", edge2.url)
        save_profile(profile_store, tokens, "edge-401", refusing.url, token="a-token-this-server-refuses")
        save_profile(profile_store, tokens, "edge-down", f"http://127.0.0.1:{down_port}")
        save_profile(profile_store, tokens, "edge-slow", slow.url)
        app = fleet_app(profile_store, tokens)
        with slow.hold("/api/v2/remotes") as held:
            async with app.run_test(size=(120, 36)) as pilot:
                screen = await fleet_loaded(pilot, but=["edge-slow"])
                assert held.held == 1  # the slow server's list is still held: the others are on screen
                rows = sorted((row.server, row.remote.name) for row in screen.table.visible_rows)
                assert rows == [("edge-1", "backup"), ("edge-1", "central-eu"), ("edge-2", "central-eu")]
                assert screen.table.display
                assert server_line(screen, "edge-1").startswith("edge-1 ok 2.7.12 · ")
                assert server_line(screen, "edge-401").startswith("edge-401 token refused ")
                assert server_line(screen, "edge-down").startswith("edge-down unreachable ")
                assert server_line(screen, "edge-slow") == "edge-slow loading…"
                text = "\n".join(screen_lines(app))
                assert "loading…" in text and "unreachable" in text and "token refused" in text
                assert {name: marks(app)[name] for name in ("edge-1", "edge-401", "edge-down")} == {
                    "edge-1": "●",
                    "edge-401": "✗",
                    "edge-down": "✗",
                }
                held.release()
                await fleet_loaded(pilot)
                assert ("edge-slow", "slow-central") in {(r.server, r.remote.name) for r in screen.table.rows}
                assert server_line(screen, "edge-slow").startswith("edge-slow ok ")

                back = make_server(port=down_port)
                with running(back):
                    await add_remotes(back, ["came-back"], url=CENTRAL)
                    assert screen.reports["edge-down"].status is ServerStatus.UNREACHABLE
                    await pilot.press("r")
                    await wait_until(lambda: screen.reports["edge-down"].status is ServerStatus.OK)
                    await fleet_loaded(pilot)
                    assert ("edge-down", "came-back") in {
                        (r.server, r.remote.name) for r in screen.table.rows
                    }
                    assert server_line(screen, "edge-down").startswith("edge-down ok ")
                    assert screen.reports["edge-401"].status is ServerStatus.TOKEN_REFUSED


async def test_a_spinner_turns_in_the_slow_servers_row_not_a_blank_screen(
    profile_store: ProfileStore,
) -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (slow,):
        save_profile(profile_store, tokens, "edge-slow", slow.url)
        app = fleet_app(profile_store, tokens)
        with slow.hold("/api/v2/remotes") as held:
            async with app.run_test(size=(120, 36)) as pilot:
                screen = await fleet_shown(pilot)
                assert await held.wait_held_async()
                first = "\n".join(screen_lines(app))
                assert "edge-slow" in first and "loading…" in first
                assert "Loading remotes from 1 server" in first
                frame = screen.server_list._frame
                await wait_until(lambda: screen.server_list._frame != frame)


async def test_two_profiles_for_one_server_show_it_once_and_say_so(profile_store: ProfileStore) -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central-eu"], url=CENTRAL)
        save_profile(profile_store, tokens, "edge", edge.url)
        save_profile(profile_store, tokens, "edge-again", edge.url + "/")
        app = fleet_app(profile_store, tokens)
        notes = record_messages(app)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await fleet_loaded(pilot)
            assert list(screen.server_list.names) == ["edge"]
            assert [row.server for row in screen.table.rows] == ["edge"]
            assert notes == [
                f"Profiles 'edge' and 'edge-again' are the same server ({edge.url}, org demo-org): it is shown "
                "once, as 'edge'."
            ]


async def test_the_palette_offers_the_fleets_commands(profile_store: ProfileStore) -> None:
    from textual.command import DiscoveryHit

    from remotes_tui.ui.commands import RemoteCommands

    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central-eu"], url=CENTRAL)
        save_profile(profile_store, tokens, "edge", edge.url)
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await fleet_loaded(pilot)
            titles = [
                hit.text async for hit in RemoteCommands(screen).discover() if isinstance(hit, DiscoveryHit)
            ]
            for title in (
                "Remote URLs of the fleet",
                "Rotate a remote token",
                "Open one server",
                "Sort by server",
            ):
                assert title in titles
            assert "Open the fleet" not in titles


async def test_a_load_that_breaks_says_so_instead_of_spinning(
    profile_store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in loading (not a server's answer: those are reports) stops every spinner with a sentence."""
    import remotes_tui.fleet

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(remotes_tui.fleet, "load_fleet", broken)
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        save_profile(profile_store, tokens, "edge", edge.url)
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await fleet_shown(pilot)
            await wait_until(lambda: screen.reports["edge"].status is ServerStatus.FAILED)
            assert server_line(screen, "edge") == (
                "edge failed the fleet could not be loaded (RuntimeError); please report this."
            )
            assert screen.loading_count == 0 and screen.server_list._spinner is None


async def test_the_health_column_and_the_worst_health_per_server(profile_store: ProfileStore) -> None:
    """Issue 10: the health column in the fleet table, and the worst health per server in the server list."""
    from tests.support.edge_central import healthy_and_failing_edges

    async with healthy_and_failing_edges() as (_, healthy, failing):
        tokens = MemoryTokenStore()
        save_profile(profile_store, tokens, "edge-fine", healthy.url, org=healthy.org_name)
        save_profile(profile_store, tokens, "edge-sick", failing.url, org=failing.org_name)
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await fleet_loaded(pilot)
            await wait_until(lambda: all(r.health is not None for r in screen.reports.values()))
            await wait_until(lambda: not screen._rows_pending)
            await pilot.pause()
            health = {row.server: row.cells[1] for row in screen.table.rows}
            assert health == {"edge-fine": "no data yet", "edge-sick": "failing 401"}
            assert server_line(screen, "edge-sick").startswith("edge-sick ok · failing 401 · 2.7.12 · ")
            assert server_line(screen, "edge-fine").startswith("edge-fine ok · no data yet · ")
            assert marks(app) == {"edge-sick": "!", "edge-fine": "●"}  # answered, one remote failing: not ✗
            assert "1 failing" in str(screen.status_line.content)
            screen.action_sort_by("health")
            await pilot.pause()
            assert [row.server for row in screen.table.visible_rows] == ["edge-sick", "edge-fine"]
            sick = screen.table.visible_rows[0]
            screen.table.select_id(sick.key)
            await wait_until(
                lambda: (
                    screen.detail.remote is not None
                    and screen.detail.remote.id == sick.remote.id
                    and [r.name for r in screen.detail.replications] == ["failing-to-central"]
                )
            )
