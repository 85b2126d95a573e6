"""The remote form says when the URL will be saved other than typed (issue 7, item 7), and saves it trimmed."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import Input, Static

from remotes_tui.api import InfluxClient
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from tests.support.modal_app import ModalApp
from tests.support.servers import settings_for
from tests.support.waiting import wait_until


def note(app: App[Any]) -> str:
    line = app.screen.query_one("#note-remote_url", Static)
    return str(line.render()) if line.display else ""


async def test_a_trailing_slash_is_noted_and_dropped(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver)) as client:
        modal = RemoteFormModal(client, devserver.org_id, token_store=MemoryTokenStore())
        app = ModalApp(modal)
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(lambda: isinstance(app.screen, RemoteFormModal))
            assert note(app) == ""
            app.screen.query_one("#input-name", Input).value = "central"
            app.screen.query_one("#input-remote_api_token", Input).value = "remote-token"
            app.screen.query_one("#input-remote_url", Input).value = "https://central:8086/ "
            await pilot.pause()
            assert note(app) == (
                "Will be saved as https://central:8086 (InfluxDB matches remote URLs exactly)."
            )
            app.screen.query_one("#input-remote_url", Input).value = "https://central:8086"
            await pilot.pause()
            assert note(app) == ""
            app.screen.query_one("#input-remote_url", Input).value = " https://central:8086/"
            await pilot.press("ctrl+s")
            await wait_until(lambda: bool(app.results))
        saved = app.results[0]
        assert saved is not None and saved.remote_url == "https://central:8086"
        assert [r.remote_url for r in await client.remotes.list(devserver.org_id)] == ["https://central:8086"]
