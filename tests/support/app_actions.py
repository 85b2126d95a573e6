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
from tests.support.forms import fill_form
from tests.support.waiting import main_ready, settle, wait_until

SIZE = (120, 36)


async def create_remote(pilot: Pilot[Any], *, name: str, remote_url: str, token: str) -> RemoteConnection:
    """`n`, fill the form, ctrl+s; returns the saved remote, on which the table's cursor lands."""
    screen = await main_ready(pilot)
    await pilot.press("n")
    await wait_until(lambda: isinstance(pilot.app.screen, RemoteFormModal))
    fill_form(pilot, name=name, remote_url=remote_url, remote_api_token=token)
    await pilot.press("ctrl+s")
    await wait_until(lambda: pilot.app.screen is screen)
    await settle(pilot)
    selected = screen.table.selected
    assert selected is not None and selected.name == name, selected
    return selected


async def open_edit_form(pilot: Pilot[Any], remote: RemoteConnection) -> RemoteFormModal:
    """Select `remote`, press `e`, and wait until the form has asked the token store about it."""
    screen = await main_ready(pilot)
    assert screen.table.select_id(remote.id)
    await settle(pilot)
    await pilot.press("e")
    await wait_until(lambda: isinstance(pilot.app.screen, RemoteFormModal))
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, RemoteFormModal)
    return form


async def delete_remote(pilot: Pilot[Any], remote: RemoteConnection) -> None:
    """Select `remote`, press `d`, wait for the replication check, confirm with `y`, and wait for the refresh."""
    screen = await main_ready(pilot)
    assert screen.table.select_id(remote.id)
    await settle(pilot)
    await pilot.press("d")
    await wait_until(lambda: isinstance(pilot.app.screen, DeleteRemoteModal))
    await settle(pilot)
    await pilot.press("y")
    await wait_until(lambda: pilot.app.screen is screen)
    await settle(pilot)
    assert remote.id not in {r.id for r in screen.table.visible_remotes}
