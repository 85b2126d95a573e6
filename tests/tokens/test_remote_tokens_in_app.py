"""Remote API tokens in the real Secret Service, through the real app: kept on create, offered on edit, removed on delete.

The API never returns a remote's token, so the one typed in the form is kept in the OS keyring under service
`remotes-tui`, user name `remote:<server URL>:<remote ID>`. These tests press the app's keys and then read the
keyring the way any other client would (`keyring.get_password`).
"""

from __future__ import annotations

import keyring
from textual.widgets import Button, Input

from remotes_tui.api import InfluxClient
from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import SERVICE
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from remotes_tui.ui.screens.main import MainScreen
from tests.support.app_actions import SIZE, create_remote, delete_remote, open_edit_form
from tests.support.keyring import leak_token
from tests.support.servers import add_remote_via_api, settings_for
from tests.support.waiting import press_until_settled


async def test_create_keeps_the_token_edit_offers_it_and_delete_removes_it(
    real_keyring: KeyringTokenStore, devserver: DevServer, target_server: DevServer
) -> None:
    token = leak_token("form-remote")
    app = RemotesApp(settings_for(devserver), token_store=real_keyring)
    async with app.run_test(size=SIZE) as pilot:
        remote = await create_remote(pilot, name="central", remote_url=target_server.url, token=token)
        key = f"remote:{devserver.url}:{remote.id}"
        assert keyring.get_password(SERVICE, key) == token

        # The edit form finds it in the keyring and offers it; using it fills the (masked) token field.
        form = await open_edit_form(pilot, remote)
        use_saved = form.query_one("#use-saved-token", Button)
        assert use_saved.display
        token_input = form.query_one("#input-remote_api_token", Input)
        assert token_input.value == ""
        await pilot.click("#use-saved-token")
        await pilot.pause()
        assert token_input.value == token and token_input.password
        await pilot.press("escape")  # the form now differs from the saved remote: it asks first
        await pilot.pause()
        await press_until_settled(pilot, "y", screen=MainScreen)

        await delete_remote(pilot, remote)
        assert keyring.get_password(SERVICE, key) is None

    async with InfluxClient(settings_for(devserver)) as client:
        assert await client.remotes.list(devserver.org_id) == []


async def test_edit_does_not_offer_a_token_the_keyring_does_not_have(
    real_keyring: KeyringTokenStore, devserver: DevServer
) -> None:
    made_elsewhere = await add_remote_via_api(
        devserver, "made-by-the-influx-cli", "https://central.example.com", leak_token("elsewhere")
    )
    assert keyring.get_password(SERVICE, f"remote:{devserver.url}:{made_elsewhere.id}") is None
    app = RemotesApp(settings_for(devserver), token_store=real_keyring)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_edit_form(pilot, made_elsewhere)
        assert not form.query_one("#use-saved-token", Button).display


async def test_a_changed_token_replaces_the_kept_one(
    real_keyring: KeyringTokenStore, devserver: DevServer
) -> None:
    first, second = leak_token("first"), leak_token("second")
    app = RemotesApp(settings_for(devserver), token_store=real_keyring)
    async with app.run_test(size=SIZE) as pilot:
        remote = await create_remote(pilot, name="central", remote_url="https://c.example.com", token=first)
        key = f"remote:{devserver.url}:{remote.id}"
        assert keyring.get_password(SERVICE, key) == first
        form = await open_edit_form(pilot, remote)
        form.query_one("#input-remote_api_token", Input).value = second
        await press_until_settled(pilot, "ctrl+s", screen=MainScreen)
        assert keyring.get_password(SERVICE, key) == second
