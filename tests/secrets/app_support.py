"""Drive the real `RemotesApp` with Pilot for the keyring tests: create, open for editing and delete a remote.

Only keys a user would press (n, e, d, y, ctrl+s, escape) and values typed into the form's inputs; every step
waits for the app's workers (network and keyring calls) to finish.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from remotes_tui.api import RemoteConnection
from remotes_tui.app import RemotesApp
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.screens.main import MainScreen
from tests.profiles.pilot_support import eventually

SIZE = (120, 36)


async def settled(pilot: Pilot[Any]) -> None:
    """Until no worker runs, then one more turn so the messages they posted are handled."""
    await eventually(lambda: all(worker.is_finished for worker in pilot.app.workers))
    await pilot.pause()


async def main_ready(pilot: Pilot[Any]) -> MainScreen:
    """The main screen once the remotes are listed."""
    app = pilot.app
    assert isinstance(app, RemotesApp)
    screen = app.main_screen
    await eventually(lambda: screen.state == "ready" and app.screen is screen)
    await settled(pilot)
    return screen


def fill_form(pilot: Pilot[Any], **values: str) -> None:
    """Put values into the remote form's inputs (`#input-<field>`), as typing or pasting would."""
    for key, value in values.items():
        pilot.app.screen.query_one(f"#input-{key}", Input).value = value


async def create_remote(pilot: Pilot[Any], *, name: str, remote_url: str, token: str) -> RemoteConnection:
    """`n`, fill the form, ctrl+s; returns the saved remote, on which the table's cursor lands."""
    screen = await main_ready(pilot)
    await pilot.press("n")
    await eventually(lambda: isinstance(pilot.app.screen, RemoteFormModal))
    fill_form(pilot, name=name, remote_url=remote_url, remote_api_token=token)
    await pilot.press("ctrl+s")
    await eventually(lambda: pilot.app.screen is screen)
    await settled(pilot)
    selected = screen.table.selected
    assert selected is not None and selected.name == name, selected
    return selected


async def open_edit_form(pilot: Pilot[Any], remote: RemoteConnection) -> RemoteFormModal:
    """Select `remote`, press `e`, and wait until the form has asked the token store about it."""
    screen = await main_ready(pilot)
    assert screen.table.select_id(remote.id)
    await settled(pilot)
    await pilot.press("e")
    await eventually(lambda: isinstance(pilot.app.screen, RemoteFormModal))
    await settled(pilot)
    form = pilot.app.screen
    assert isinstance(form, RemoteFormModal)
    return form


async def delete_remote(pilot: Pilot[Any], remote: RemoteConnection) -> None:
    """Select `remote`, press `d`, wait for the replication check, confirm with `y`, and wait for the refresh."""
    screen = await main_ready(pilot)
    assert screen.table.select_id(remote.id)
    await settled(pilot)
    await pilot.press("d")
    await eventually(lambda: isinstance(pilot.app.screen, DeleteRemoteModal))
    await settled(pilot)
    await pilot.press("y")
    await eventually(lambda: pilot.app.screen is screen)
    await settled(pilot)
    assert remote.id not in {r.id for r in screen.table.visible_remotes}
