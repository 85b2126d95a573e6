"""When remote tokens can only be kept in memory, the user is told once per session, in one line; the detail pane
says where each token is.

The token stores here are the real ones (`LazyTokenStore` opened on a memory store with the keyring's
warning, `MemoryTokenStore`); only `KeptForever` pretends to be a keyring, so that the persistent wording
can be checked without touching the user's keyring.
"""

from __future__ import annotations

from typing import Any

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import KeyringUnavailableError, LazyTokenStore, MemoryTokenStore, TokenStore
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.screens.remote_actions import MEMORY_ONLY_NOTICE
from tests.support.keys import paste_into
from tests.support.servers import settings_for
from tests.support.toasts import record_toasts
from tests.support.waiting import (
    main_loaded,
    main_ready,
    press_to_show,
    press_until_settled,
    settle,
    wait_until,
)
from tests.ui.conftest import build_app

SIZE = (120, 36)
NO_KEYRING = str(KeyringUnavailableError())


class KeptForever(MemoryTokenStore):
    """Stands in for the OS keyring: tokens are said to outlive the process."""

    persistent = True


def no_keyring_store() -> LazyTokenStore:
    """What `remotes-tui` gets on a machine without a usable keyring: memory, with the reason."""
    return LazyTokenStore(opener=lambda: (MemoryTokenStore(), NO_KEYRING))


def memory_warnings(toasts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [toast for toast in toasts if toast["message"] == MEMORY_ONLY_NOTICE]


async def create_remote(app: RemotesApp, pilot: Any, name: str, token: str | None) -> MainScreen:
    """Create `name` through the form, or with `token=None` rename the selected remote (no token typed)."""
    await press_to_show(pilot, "n" if token is not None else "e", screen=RemoteFormModal)
    await paste_into(pilot, "#input-name", name)
    if token is not None:
        await paste_into(pilot, "#input-remote_url", "https://memory.example.com:8086")
        await paste_into(pilot, "#input-remote_api_token", token)
    await press_until_settled(pilot, "ctrl+s", screen=MainScreen)
    screen = app.main_screen
    await wait_until(lambda: screen.table.selected is not None and screen.table.selected.name == name)
    await settle(pilot)
    return screen


async def test_without_a_keyring_the_first_kept_token_brings_one_line_once(ui_demo_server: DevServer) -> None:
    store = no_keyring_store()
    app = build_app(ui_demo_server, token_store=store)
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        await create_remote(app, pilot, "aa-renamed-no-token", None)
        assert any(toast["message"] == "Saved remote 'aa-renamed-no-token'." for toast in toasts)
        assert memory_warnings(toasts) == []  # no token was kept, so nothing to say yet

        screen = await create_remote(app, pilot, "ab-with-token", "memory-token-0001")
        (warning,) = memory_warnings(toasts)
        assert warning["severity"] == "warning" and not warning.get("title")
        # One line in the toast (about 57 cells at 120 columns), with the way out, and nothing about
        # INFLUX_TOKEN (the profile's token, not a remote's).
        assert "\n" not in MEMORY_ONLY_NOTICE and len(MEMORY_ONLY_NOTICE) <= 57
        assert "keyring" in MEMORY_ONLY_NOTICE and "INFLUX_TOKEN" not in MEMORY_ONLY_NOTICE
        assert screen.detail.fields.value("token") == "yes (this session only, in memory)"

        await create_remote(app, pilot, "ac-with-token", "memory-token-0002")
        assert len(memory_warnings(toasts)) == 1  # once, not on every save

        # A profile switch brings another memory store: still the same session, so nothing more is said.
        app.token_store = no_keyring_store()
        await app.switch_connection(settings_for(ui_demo_server))
        await main_ready(pilot)
        await create_remote(app, pilot, "ad-other-store", "memory-token-0003")
        assert len(memory_warnings(toasts)) == 1
        assert screen.detail.fields.value("token") == "yes (this session only, in memory)"


async def test_a_plain_memory_store_outside_the_demo_says_it_too(
    ui_demo_server: DevServer,
) -> None:
    app = build_app(ui_demo_server, token_store=MemoryTokenStore())
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        screen = await create_remote(app, pilot, "aa-memory", "memory-token-0003")
        (warning,) = memory_warnings(toasts)
        assert warning["message"] == MEMORY_ONLY_NOTICE
        assert screen.detail.fields.value("token") == "yes (this session only, in memory)"


async def test_the_demo_says_nothing_about_the_keyring(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server, token_store=MemoryTokenStore(), allow_profiles=False)
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        screen = await create_remote(app, pilot, "aa-demo", "memory-token-0004")
        assert memory_warnings(toasts) == []
        assert not any("keyring" in toast["message"].lower() for toast in toasts)
        token_line = screen.detail.fields.value("token")
        assert token_line == "yes (this session only, in memory)" and "keyring" not in token_line


async def test_a_keyring_store_says_so_and_brings_no_warning(ui_demo_server: DevServer) -> None:
    store: TokenStore = KeptForever()
    app = build_app(ui_demo_server, token_store=store)
    toasts = record_toasts(app)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        screen = await create_remote(app, pilot, "aa-kept", "memory-token-0005")
        assert memory_warnings(toasts) == []
        assert screen.detail.fields.value("token") == "yes (in the OS keyring)"
