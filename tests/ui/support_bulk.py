"""Helpers for the marking, bulk delete and undo tests: three remotes on a real server, one of them in use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from remotes_tui.api import InfluxClient, RemoteConnection, ReplicationCreationRequest, creation_request
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.screens.main import MainScreen
from tests.support.servers import settings_for
from tests.support.waiting import press_to_show, settle, wait_until

SIZE = (120, 36)
TOKENS = {
    "central-a": "token-a-never-shown",
    "central-b": "token-b-never-shown",
    "central-c": "token-c-never-shown",
}
IN_USE = "central-b"
REPLICATION = "cpu-to-central"


@dataclass
class Fleet:
    """The three remotes (by name) and the token store that holds their tokens."""

    remotes: dict[str, RemoteConnection]
    store: MemoryTokenStore


async def three_remotes(server: DevServer, *, tokens: bool = True) -> Fleet:
    """central-a, central-b (used by the replication cpu-to-central) and central-c, with saved tokens."""
    store = MemoryTokenStore()
    remotes: dict[str, RemoteConnection] = {}
    async with InfluxClient(settings_for(server)) as client:
        for index, (name, token) in enumerate(TOKENS.items()):
            remote = await client.remotes.create(
                creation_request(
                    org_id=server.org_id,
                    name=name,
                    remote_url=f"{server.url}/{name}" if index else server.url,
                    remote_api_token=token,
                    description=f"the {name} central",
                    remote_org_id=server.org_id,
                    allow_insecure_tls=index == 2,
                )
            )
            remotes[name] = remote
            if tokens:
                store.set(remote_key(server.url, remote.id), token)
        await client.replications.create(
            ReplicationCreationRequest.model_validate(
                {
                    "name": REPLICATION,
                    "orgID": server.org_id,
                    "remoteID": remotes[IN_USE].id,
                    "localBucketID": server.bucket_id,
                    "remoteBucketName": "telemetry",
                }
            )
        )
    return Fleet(remotes, store)


async def server_remotes(server: DevServer) -> list[RemoteConnection]:
    async with InfluxClient(settings_for(server)) as client:
        return await client.remotes.list(server.org_id)


async def server_replication_names(server: DevServer) -> list[str]:
    async with InfluxClient(settings_for(server)) as client:
        return [r.name for r in await client.replications.list(server.org_id)]


async def mark_all(pilot: Pilot[Any], screen: MainScreen) -> None:
    """Cursor on the first row, then space on every row (space moves the cursor down)."""
    screen.table.action_cursor_first()
    for _ in range(screen.table.visible_count):
        await pilot.press("space")
    await settle(pilot)


async def open_bulk_delete(pilot: Pilot[Any]) -> DeleteRemoteModal:
    """`d` with marks, then wait until the dialog has listed the replications."""
    modal = await press_to_show(pilot, "d", screen=DeleteRemoteModal)
    await wait_until(lambda: "Checking" not in text_of(pilot.app, "#delete-status"))
    await settle(pilot)
    return modal


async def bulk_delete_all(pilot: Pilot[Any], screen: MainScreen) -> DeleteRemoteModal:
    """Mark every row (`mark_all`), then open the bulk delete (`open_bulk_delete`)."""
    await mark_all(pilot, screen)
    return await open_bulk_delete(pilot)


def text_of(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


def listed(app: App[Any]) -> list[str]:
    return [str(line.render()) for line in app.screen.query(".delete-replication").results(Static)]


async def confirm_delete(pilot: Pilot[Any], screen: MainScreen) -> None:
    """`y` in the delete dialog, then wait until the main screen is back and has reloaded."""
    await pilot.press("y")
    await wait_until(lambda: pilot.app.screen is screen)
    await settle(pilot)
