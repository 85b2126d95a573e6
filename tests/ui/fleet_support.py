"""The fleet in the app: profiles for several bundled servers, their tokens in a memory store (or the real
keyring), and waiting for the fleet screen's states."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.pilot import Pilot

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.fleet import ServerStatus, select_fleet
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import MemoryTokenStore, TokenStore, profile_key
from remotes_tui.ui.fleet_modals.rotation import RotationModal
from remotes_tui.ui.screens.fleet import FleetScreen
from tests.support.keys import burst
from tests.support.servers import TEST_TOKEN
from tests.support.waiting import press_to_show, wait_until


def save_profile(
    store: ProfileStore, tokens: TokenStore, name: str, url: str, *, token: str = TEST_TOKEN, **kw: Any
) -> Profile:
    """A saved profile (org by name, `demo-org` unless given) with its token in `tokens`."""
    kw.setdefault("org", "demo-org")
    profile = Profile(name=name, url=url, **kw)
    store.add(profile)
    tokens.set(profile_key(name), token)
    return profile


def save_profiles(store: ProfileStore, tokens: TokenStore, servers: Sequence[tuple[str, DevServer]]) -> None:
    for name, server in servers:
        save_profile(store, tokens, name, server.url, org=server.org_name)


def fleet_app(
    store: ProfileStore, tokens: TokenStore | None = None, spec: str | None = None, **kw: Any
) -> RemotesApp:
    """The app as `remotes-tui --fleet [spec]` opens it."""
    return RemotesApp(
        token_store=tokens if tokens is not None else MemoryTokenStore(),
        fleet=select_fleet(spec, store),
        **kw,
    )


def fleet_screen(app: Any) -> FleetScreen:
    assert isinstance(app, RemotesApp) and app.fleet_screen is not None
    return app.fleet_screen


async def fleet_shown(pilot: Pilot[Any]) -> FleetScreen:
    await wait_until(lambda: isinstance(pilot.app, RemotesApp) and pilot.app.fleet_screen is not None)
    screen = fleet_screen(pilot.app)
    await wait_until(lambda: pilot.app.screen is screen and screen.server_list.names != [])
    return screen


async def fleet_loaded(pilot: Pilot[Any], *, but: Sequence[str] = ()) -> FleetScreen:
    """The fleet once every server (except `but`) has answered and the rows are in the table."""
    screen = await fleet_shown(pilot)

    def answered() -> bool:
        waiting = [
            name
            for name in screen.server_list.names
            if name not in but
            and (name not in screen.reports or screen.reports[name].status is ServerStatus.LOADING)
        ]
        return not waiting and not screen._rows_pending

    await wait_until(answered)
    await pilot.pause()
    return screen


def server_line(screen: FleetScreen, name: str) -> str:
    return screen.server_list.text_of(name)


async def plan_rotation(pilot: Pilot[Any], token: str) -> RotationModal:
    """R on the fleet, Enter on the first URL offered, `token` typed in one burst, Enter: the rotation at its plan."""
    modal = await press_to_show(pilot, "R", screen=RotationModal)
    await pilot.press("enter")
    await wait_until(lambda: modal.phase == "token")
    burst(pilot, token)
    await pilot.pause()
    await pilot.press("enter")
    await wait_until(lambda: modal.phase == "plan")
    return modal
