"""Drive the real `RemotesApp` with Pilot for the keyring tests: create, open for editing and delete a remote.

Only keys a user would press (n, e, d, y, ctrl+s, escape) and values typed into the form's inputs; every step
waits for the app's workers (network and keyring calls) to finish.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from remotes_tui.api import RemoteConnection
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.screens.main import MainScreen
from tests.support.forms import fill_form
from tests.support.waiting import (
    S,
    main_ready,
    main_screen,
    press_to_show,
    press_until_settled,
    settle,
    wait_until,
)

SIZE = (120, 36)


async def create_remote(pilot: Pilot[Any], *, name: str, remote_url: str, token: str) -> RemoteConnection:
    """`n`, fill the form, ctrl+s; returns the saved remote, on which the table's cursor lands."""
    screen = await main_ready(pilot)
    await press_to_show(pilot, "n", screen=RemoteFormModal)
    fill_form(pilot, name=name, remote_url=remote_url, remote_api_token=token)
    await pilot.press("ctrl+s")
    await wait_until(lambda: pilot.app.screen is screen)
    await settle(pilot)
    selected = screen.table.selected
    assert selected is not None and selected.name == name, selected
    return selected


def remote_named(screen: MainScreen, name: str) -> RemoteConnection:
    """The remote the main screen's table shows under `name`."""
    return next(remote for remote in screen.table.visible_remotes if remote.name == name)


async def select_and_open(pilot: Pilot[Any], remote: RemoteConnection, key: str, screen: type[S]) -> S:
    """Select `remote` on the main screen, press `key`, and wait until `screen` is on top and settled."""
    main = await main_ready(pilot)
    assert main.table.select_id(remote.id)
    await settle(pilot)
    shown = await press_until_settled(pilot, key, screen=screen)
    assert pilot.app.screen is shown, pilot.app.screen
    return shown


async def open_edit_form(pilot: Pilot[Any], remote: RemoteConnection) -> RemoteFormModal:
    """Select `remote`, press `e`, and wait until the form has asked the token store about it."""
    return await select_and_open(pilot, remote, "e", RemoteFormModal)


async def delete_remote(pilot: Pilot[Any], remote: RemoteConnection) -> None:
    """Select `remote`, press `d`, wait for the replication check, confirm with `y`, and wait for the refresh."""
    await select_and_open(pilot, remote, "d", DeleteRemoteModal)
    screen = main_screen(pilot.app)
    await pilot.press("y")
    await wait_until(lambda: pilot.app.screen is screen)
    await settle(pilot)
    assert remote.id not in {r.id for r in screen.table.visible_remotes}
