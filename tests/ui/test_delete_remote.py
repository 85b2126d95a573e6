"""The delete dialog, driven with Pilot over real loopback HTTP against the bundled server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Static

from remotes_tui.api import (
    InfluxClient,
    RemoteConnection,
    Replication,
    ReplicationCreationRequest,
    creation_request,
)
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from tests.support.modal_app import ModalApp
from tests.support.servers import fail_requests, settings_for
from tests.support.waiting import wait_until

REMOTE_TOKEN = "remote-token-never-shown-42"


class ModalHarness(ModalApp[bool]):
    """The delete dialog alone: what it was dismissed with, and what it had deleted then."""

    modal: DeleteRemoteModal

    def __init__(self, modal: DeleteRemoteModal) -> None:
        super().__init__(modal)
        self.deleted_at_dismiss: list[list[str]] = []

    def on_dismissed(self, result: bool | None) -> None:
        super().on_dismissed(result)
        self.deleted_at_dismiss.append([r.name for r in self.modal.deleted_replications])


async def until_checked(pilot: Pilot[Any], app: ModalHarness) -> None:
    """Until the dialog has listed the replications, plus one layout pass so what it showed can be clicked."""
    await wait_until(lambda: checked(app))
    await pilot.pause()


async def delete_failing_at(
    pilot: Pilot[Any], app: ModalHarness, server: DevServer, failing: Replication
) -> None:
    """Once the dialog has listed the replications, delete with them while the server refuses `failing`
    (500), until the dialog shows the error; then the server accepts it again."""
    await until_checked(pilot, app)
    fail_requests(server, 500, f"/api/v2/replications/{failing.id}")
    await pilot.click("#delete-with-replications")
    await pilot.press("y")
    await wait_until(lambda: text_of(app, "#delete-error") != "")
    server.faults.error_rate = 0.0


def text_of(app: App[Any], selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


def listed(app: App[Any]) -> list[str]:
    return [str(line.render()) for line in app.screen.query(".delete-replication").results(Static)]


def checked(app: App[Any]) -> bool:
    return "Checking" not in text_of(app, "#delete-status")


async def make_remote(client: InfluxClient, server: DevServer, name: str = "central-eu") -> RemoteConnection:
    return await client.remotes.create(
        creation_request(
            org_id=server.org_id,
            name=name,
            remote_url="https://central.example.com:8086",
            remote_api_token=REMOTE_TOKEN,
        )
    )


async def make_replication(
    client: InfluxClient, server: DevServer, remote: RemoteConnection, name: str, bucket: str
) -> Replication:
    return await client.replications.create(
        ReplicationCreationRequest.model_validate(
            {
                "name": name,
                "orgID": server.org_id,
                "remoteID": remote.id,
                "localBucketID": server.bucket_id,
                "remoteBucketName": bucket,
            }
        )
    )


@pytest.fixture
async def remote(client: InfluxClient, devserver: DevServer) -> RemoteConnection:
    """The remote each dialog deletes: central-eu on `devserver` (`make_remote`)."""
    return await make_remote(client, devserver)


def dialog_for(
    client: InfluxClient, server: DevServer, remote: RemoteConnection, store: MemoryTokenStore
) -> ModalHarness:
    return ModalHarness(DeleteRemoteModal(client, server.org_id, remote, token_store=store))


@asynccontextmanager
async def dialog_checked(
    client: InfluxClient, server: DevServer, remote: RemoteConnection, store: MemoryTokenStore
) -> AsyncIterator[tuple[ModalHarness, Pilot[Any]]]:
    """The delete dialog alone (`dialog_for`), once it has checked which replications use `remote`."""
    app = dialog_for(client, server, remote, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_checked(pilot, app)
        yield app, pilot


def stored(server: DevServer, remote: RemoteConnection) -> MemoryTokenStore:
    store = MemoryTokenStore()
    store.set(remote_key(server.url, remote.id), REMOTE_TOKEN)
    return store


async def test_cancel_has_the_focus_and_deletes_nothing(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    store = stored(devserver, remote)
    for key in ("n", "escape", "enter"):
        app = dialog_for(client, devserver, remote, store)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(lambda app=app: checked(app))  # type: ignore[misc]
            assert app.focused is app.screen.query_one("#delete-cancel", Button)
            await pilot.press(key)  # enter presses the focused Cancel button
            await pilot.pause()
        assert app.results == [False], key
    assert [r.id for r in await client.remotes.list(devserver.org_id)] == [remote.id]
    assert store.get(remote_key(devserver.url, remote.id)) == REMOTE_TOKEN


async def test_the_dialog_names_the_remote_without_interpreting_markup(
    client: InfluxClient, devserver: DevServer
) -> None:
    remote = await make_remote(client, devserver, name="[bold]edge[/bold] [$accent]x")
    app = dialog_for(client, devserver, remote, MemoryTokenStore())
    async with app.run_test(size=(100, 30)):
        await wait_until(lambda: checked(app))
        target = text_of(app, "#delete-target")
        assert "[bold]edge[/bold] [$accent]x" in target
        assert "https://central.example.com:8086" in target
        assert text_of(app, "#delete-status") == "No replication uses this remote."
        assert not app.screen.query_one("#delete-with-replications", Checkbox).display


async def test_confirm_deletes_the_remote_and_forgets_its_token(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    keep = await make_remote(client, devserver, name="stays")
    store = stored(devserver, remote)
    async with dialog_checked(client, devserver, remote, store) as (app, pilot):
        await pilot.press("y")
        await wait_until(lambda: bool(app.results))
    assert app.results == [True]
    assert app.deleted_at_dismiss == [[]]
    assert [r.id for r in await client.remotes.list(devserver.org_id)] == [keep.id]
    assert store.get(remote_key(devserver.url, remote.id)) is None


async def test_in_use_without_the_choice_shows_the_refusal_and_deletes_nothing(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    await make_replication(client, devserver, remote, "logs-to-central", "logs")
    await make_replication(client, devserver, remote, "cpu-to-central", "telemetry")
    store = stored(devserver, remote)
    async with dialog_checked(client, devserver, remote, store) as (app, pilot):
        assert text_of(app, "#delete-status") == "2 replications use this remote:"
        assert listed(app) == [
            f"• cpu-to-central  {devserver.bucket_name} → telemetry",
            f"• logs-to-central  {devserver.bucket_name} → logs",
        ]
        box = app.screen.query_one("#delete-with-replications", Checkbox)
        assert box.display and box.value is False
        assert str(box.label) == "Also delete its 2 replications"

        await pilot.press("y")
        await wait_until(lambda: text_of(app, "#delete-error") != "")
        assert text_of(app, "#delete-error") == (
            "InfluxDB refused: 2 replications still use this remote. Tick 'Also delete its 2 replications' "
            "or delete them first. The remote was not deleted."
        )
        assert app.results == []
        assert not app.screen.query_one("#delete-confirm", Button).disabled

    assert [r.id for r in await client.remotes.list(devserver.org_id)] == [remote.id]
    assert len(await client.replications.list(devserver.org_id, remote_id=remote.id)) == 2
    assert store.get(remote_key(devserver.url, remote.id)) == REMOTE_TOKEN


async def test_with_the_choice_its_replications_and_the_remote_are_deleted(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    other = await make_remote(client, devserver, name="other")
    await make_replication(client, devserver, remote, "cpu-to-central", "telemetry")
    await make_replication(client, devserver, remote, "logs-to-central", "logs")
    untouched = await make_replication(client, devserver, other, "to-other", "other")
    store = stored(devserver, remote)
    async with dialog_checked(client, devserver, remote, store) as (app, pilot):
        await pilot.click("#delete-with-replications")
        assert app.screen.query_one("#delete-with-replications", Checkbox).value is True
        await pilot.press("y")
        await wait_until(lambda: bool(app.results))
    assert app.results == [True]
    # What the main screen's toast reads: filled before the dismiss callback ran.
    assert app.deleted_at_dismiss == [["cpu-to-central", "logs-to-central"]]
    assert [r.id for r in await client.remotes.list(devserver.org_id)] == [other.id]
    assert [r.id for r in await client.replications.list(devserver.org_id)] == [untouched.id]
    assert store.get(remote_key(devserver.url, remote.id)) is None


async def test_buttons_are_disabled_while_deleting_and_escape_waits(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    async with dialog_checked(client, devserver, remote, MemoryTokenStore()) as (app, pilot):
        with devserver.hold(f"/api/v2/remotes/{remote.id}") as held:
            await pilot.press("y")
            assert await held.wait_held_async()
            assert app.screen.query_one("#delete-confirm", Button).disabled
            assert app.screen.query_one("#delete-cancel", Button).disabled
            await pilot.press("escape", "n", "y")
            assert app.results == []
        await wait_until(lambda: bool(app.results))
    assert app.results == [True]
    assert await client.remotes.list(devserver.org_id) == []


async def test_a_failing_replication_delete_stops_and_keeps_the_remote(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    first = await make_replication(client, devserver, remote, "a-first", "one")
    second = await make_replication(client, devserver, remote, "b-second", "two")
    app = dialog_for(client, devserver, remote, stored(devserver, remote))
    async with app.run_test(size=(100, 30)) as pilot:
        await delete_failing_at(pilot, app, devserver, second)
        message = text_of(app, "#delete-error")
        assert message.startswith("Deleted 1 replication: a-first. Stopped at replication b-second:")
        assert message.endswith("The remote was NOT deleted.")
        assert listed(app) == [f"• b-second  {devserver.bucket_name} → two"]
        assert str(app.screen.query_one("#delete-with-replications", Checkbox).label) == (
            "Also delete its 1 replication"
        )
        assert app.results == []
    assert [r.id for r in await client.remotes.list(devserver.org_id)] == [remote.id]
    remaining = await client.replications.list(devserver.org_id, remote_id=remote.id)
    assert [r.id for r in remaining] == [second.id] and first.id not in {r.id for r in remaining}


async def test_a_retry_after_a_partial_failure_reports_every_deleted_replication(
    client: InfluxClient, devserver: DevServer, remote: RemoteConnection
) -> None:
    await make_replication(client, devserver, remote, "a-first", "one")
    second = await make_replication(client, devserver, remote, "b-second", "two")
    app = dialog_for(client, devserver, remote, MemoryTokenStore())
    async with app.run_test(size=(100, 30)) as pilot:
        await delete_failing_at(pilot, app, devserver, second)
        assert [r.name for r in app.modal.deleted_replications] == ["a-first"]
        await pilot.press("y")  # the box is still ticked: now b-second and the remote go
        await wait_until(lambda: bool(app.results))
    assert app.results == [True]
    assert app.deleted_at_dismiss == [["a-first", "b-second"]]
    assert await client.remotes.list(devserver.org_id) == []


async def test_a_failing_check_still_lets_the_server_decide(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver)) as client:
        remote = await make_remote(client, devserver)
        fail_requests(devserver, 503, "/api/v2/replications")
        async with dialog_checked(client, devserver, remote, MemoryTokenStore()) as (app, pilot):
            assert text_of(app, "#delete-status").startswith(
                "Could not check which replications use this remote:"
            )
            devserver.faults.error_rate = 0.0
            await pilot.press("y")
            await wait_until(lambda: bool(app.results))
        assert app.results == [True]
        assert await client.remotes.list(devserver.org_id) == []


# -- snapshot --------------------------------------------------------------------------------------------


def test_snapshot_delete_dialog_with_replications(snap_compare: Any, request: pytest.FixtureRequest) -> None:
    """The delete dialog for a remote used by two replications, with the unticked 'also delete' choice."""
    with DevServer(port=0, id_seed=20261126) as server:

        async def seed() -> RemoteConnection:
            async with InfluxClient(settings_for(server)) as setup:
                remote = await make_remote(setup, server)
                await make_replication(setup, server, remote, "cpu-to-central", "telemetry")
                await make_replication(setup, server, remote, "logs-to-central", "logs")
                return remote

        remote = asyncio.run(seed())
        client = InfluxClient(settings_for(server))
        app = dialog_for(client, server, remote, stored(server, remote))

        async def run_before(pilot: Pilot[Any]) -> None:
            await until_checked(pilot, app)
            screen_text = app.export_screenshot()
            assert REMOTE_TOKEN not in screen_text and server.token not in screen_text
            await client.aclose()  # in the app's own event loop, where its connections live

        assert snap_compare(app, terminal_size=(90, 28), run_before=run_before)
        secrets = [REMOTE_TOKEN, server.token]
    # syrupy writes a new snapshot at the end of the session; the live screenshot was checked in run_before.
    folder = Path(request.node.path).parent / "__snapshots__" / Path(request.node.path).stem
    for file in folder.glob(f"{request.node.name}*.svg"):
        assert not any(secret in file.read_text() for secret in secrets), file
