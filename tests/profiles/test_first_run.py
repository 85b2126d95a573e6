"""The first-run app over real loopback HTTP against the bundled server, with the real keyring or none."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import keyring
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from remotes_tui.devserver import DevServer
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import (
    SERVICE,
    KeyringUnavailableError,
    LazyTokenStore,
    MemoryTokenStore,
    TokenStore,
    profile_key,
)
from remotes_tui.tokens.keyring_store import KeyringTokenStore, open_token_store
from remotes_tui.ui.profile_screens import FirstRunApp, ProfileFormScreen
from remotes_tui.ui.profile_screens.profile_fields import SESSION_TOKEN_HINT
from tests.support.forms import assert_field_errors, fill, shown, value_of
from tests.support.keyring import leak_token
from tests.support.waiting import wait_until

SIZE = (80, 24)


def keyring_on_first_use() -> LazyTokenStore:
    """The OS keyring behind a LazyTokenStore: opened only when the form first uses a token."""
    return LazyTokenStore(lambda: (KeyringTokenStore(), None))


@asynccontextmanager
async def first_run(
    profiles: ProfileStore, tokens: TokenStore, *, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[FirstRunApp, Pilot[Any]]]:
    """The first-run app on `profiles` and `tokens` at `size`, once its form is up."""
    app = FirstRunApp(profiles=profiles, tokens=tokens)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def test_a_valid_server_is_saved_with_its_token_in_the_keyring(
    real_keyring: KeyringTokenStore, devserver: DevServer, profile_store: ProfileStore
) -> None:
    async with first_run(profile_store, real_keyring) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ProfileFormScreen)
        assert value_of(screen, "name") == "default"
        assert screen.query_one("#input-token", Input).password is True
        fill(screen, url=devserver.url, org=devserver.org_name, token=devserver.token)
        await pilot.press("ctrl+s")
        await wait_until(lambda: app.return_value is not None)
    choice = app.return_value
    assert choice is not None
    assert choice.name == "default" and choice.token_saved
    assert choice.settings.url == devserver.url and choice.settings.token == devserver.token
    assert profile_store.active_name == "default"
    assert profile_store.get("default").org == devserver.org_name
    assert keyring.get_password(SERVICE, "profile:default") == devserver.token
    assert devserver.token not in profile_store.path.read_text()


async def test_an_org_id_and_enter_to_submit(
    real_keyring: KeyringTokenStore, devserver: DevServer, profile_store: ProfileStore
) -> None:
    async with first_run(profile_store, real_keyring) as (app, pilot):
        fill(app.screen, name="edge", url=devserver.url, org=devserver.org_id, token=devserver.token[:-1])
        app.screen.query_one("#input-token", Input).focus()
        await pilot.press("end", devserver.token[-1], "enter")
        await wait_until(lambda: app.return_value is not None)
    assert app.return_value is not None
    assert profile_store.get("edge").org_id == devserver.org_id


async def test_a_wrong_token_is_said_and_every_value_is_kept(
    devserver: DevServer, profile_store: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    wrong = leak_token("wrong")
    async with first_run(profile_store, real_keyring) as (app, pilot):
        screen = app.screen
        fill(screen, name="edge", url=devserver.url, org=devserver.org_name, token=wrong)
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(shown(screen, "#form-error")))
        message = shown(screen, "#form-error")
        assert "rejected the token" in message and wrong not in message
        assert [value_of(screen, key) for key in ("name", "url", "org", "token")] == [
            "edge",
            devserver.url,
            devserver.org_name,
            wrong,
        ]
        assert screen.focused is screen.query_one("#input-token", Input)
        assert isinstance(screen, ProfileFormScreen) and not screen.busy
        assert app.return_value is None
    assert not profile_store.path.exists()
    assert keyring.get_password(SERVICE, "profile:edge") is None


async def test_bad_fields_are_marked_before_any_request(profile_store: ProfileStore) -> None:
    async with first_run(profile_store, keyring_on_first_use()) as (app, pilot):
        screen = app.screen
        fill(screen, name="list", url="localhost:8086", org="", token="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert_field_errors(
            screen,
            name="is reserved",
            url="http:// or https://",
            org="Give the organization",
            token="Enter the token",
        )
        assert screen.focused is screen.query_one("#input-name", Input)
    assert not profile_store.path.exists()


async def test_quit_returns_none(profile_store: ProfileStore) -> None:
    async with first_run(profile_store, keyring_on_first_use()) as (app, pilot):
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None
    assert not profile_store.path.exists()


async def test_no_keyring_offers_this_session_only(
    no_keyring: None, devserver: DevServer, profile_store: ProfileStore
) -> None:
    tokens = LazyTokenStore()
    token = devserver.token
    app = FirstRunApp(profiles=profile_store, tokens=tokens)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await wait_until(lambda: bool(shown(screen, "#keyring-warning")))
        assert shown(screen, "#keyring-warning").startswith("No usable OS keyring (Secret Service) was found")
        assert str(screen.query_one("#profile-save", Button).label) == "Save profile, token in memory"
        fill(screen, url=devserver.url, org=devserver.org_name, token=token)
        await pilot.press("ctrl+s")
        await wait_until(lambda: app.return_value is not None)
    choice = app.return_value
    assert choice is not None and not choice.token_saved
    assert choice.settings.token == token
    assert choice.tokens is tokens and tokens.get(profile_key("default")) == token  # memory, this session
    assert profile_store.active_name == "default"
    assert token not in profile_store.path.read_text()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_form_fits(size: tuple[int, int], profile_store: ProfileStore) -> None:
    async with first_run(profile_store, keyring_on_first_use(), size=size) as (app, _pilot):
        dialog = app.screen.query_one("#profile-form")
        assert dialog.region.width <= size[0] and dialog.region.height <= size[1]
        save = app.screen.query_one("#profile-save", Button)
        assert save.region.bottom <= size[1] and save.region.height > 0


# -- what the screen says: it must match what saving will do --------------------------------------------------


def visible_texts(app: App[Any]) -> dict[str, str]:
    """Every shown Static of the form (title, intro, hints, help line...) and the save button, by id or class."""
    screen = app.screen
    texts = {
        (widget.id or ".".join(sorted(widget.classes)) or repr(widget)): str(widget.render())
        for widget in screen.query(Static)
        if widget.display and not isinstance(widget, Button)
    }
    texts["save-button"] = str(screen.query_one("#profile-save", Button).label)
    return texts


def assert_session_only_texts(app: App[Any], size: tuple[int, int]) -> None:
    """No keyring: the profile is saved without its token; the token is kept in memory for this session."""
    screen = app.screen
    texts = visible_texts(app)
    assert texts["profile-title"] == "Connect to InfluxDB: profile saved, token for this session only"
    assert texts["profile-intro"] == (
        "Which InfluxDB OSS 2.x server should remotes-tui manage? It is checked, then saved as a profile "
        "without its token, which is kept in memory for this session only and asked for again next time."
    )
    assert texts["save-button"] == "Save profile, token in memory"
    assert texts["modal-help"] == "^s Save profile, token in memory · esc Quit"
    # Only the warning talks about the keyring; nothing claims a token goes there, nor to "profile add".
    for key, text in texts.items():
        if key != "keyring-warning":
            assert "keyring" not in text.lower() and "Check and save" not in text, (key, text)
            assert "profile add" not in text, (key, text)
    # The whole label shows at this size (Button is `width: auto`: it must be measured again after the change).
    save = screen.query_one("#profile-save", Button)
    assert save.region.width >= len(texts["save-button"]) + 2, save.region
    assert save.region.right <= size[0] and screen.query_one("#profile-cancel").region.right <= size[0]


class SlowUnusableKeyring:
    """The keyring is found unusable only after the first paint (as with a slow D-Bus), not before it.

    The probe waits for `release()`, so the test decides when it answers (no race with a loaded machine).
    """

    def __init__(self) -> None:
        self._answer = threading.Event()

    def release(self) -> None:
        self._answer.set()

    def __call__(self) -> tuple[TokenStore, str | None]:
        self._answer.wait(timeout=10)
        return open_token_store()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_keyring_every_text_says_the_token_is_for_this_session(
    no_keyring: None, size: tuple[int, int], devserver: DevServer, profile_store: ProfileStore
) -> None:
    probe = SlowUnusableKeyring()
    app = FirstRunApp(profiles=profile_store, tokens=LazyTokenStore(probe))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await pilot.pause()
        assert str(screen.query_one("#profile-save", Button).label) == "Check and save"  # before the probe
        probe.release()
        await wait_until(lambda: bool(shown(screen, "#keyring-warning")))
        await pilot.pause()
        assert_session_only_texts(app, size)
        screen.query_one("#input-token", Input).focus()
        await pilot.pause()
        assert shown(screen, "#profile-hint") == SESSION_TOKEN_HINT
        assert "memory" in SESSION_TOKEN_HINT and "keyring" not in SESSION_TOKEN_HINT
        fill(screen, url=devserver.url, org=devserver.org_name, token=devserver.token)
        await pilot.press("ctrl+s")
        await wait_until(lambda: app.return_value is not None)
    assert app.return_value is not None and not app.return_value.token_saved
    assert profile_store.get("default").url == devserver.url  # the profile was saved, as the texts said
    assert devserver.token not in profile_store.path.read_text()


class KeyringThatFailsOnSave(MemoryTokenStore):
    """Looks like a keyring until the token is written (a locked collection, a D-Bus error...)."""

    persistent = True

    def set(self, key: str, token: str) -> None:
        raise KeyringUnavailableError("The OS keyring refused to save a token")


async def test_a_keyring_failing_at_save_turns_every_text_to_this_session(
    devserver: DevServer, profile_store: ProfileStore
) -> None:
    size = (80, 24)
    app = FirstRunApp(profiles=profile_store, tokens=KeyringThatFailsOnSave())
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await pilot.pause()
        texts = visible_texts(app)
        assert texts["profile-title"] == "Connect to InfluxDB: this server is saved as a profile"
        assert "the token goes to the OS keyring" in texts["profile-intro"]
        assert texts["modal-help"] == "^s Check and save · esc Quit"
        fill(screen, url=devserver.url, org=devserver.org_name, token=devserver.token)
        await pilot.press("ctrl+s")
        await wait_until(lambda: bool(shown(screen, "#keyring-warning")))
        await pilot.pause()
        assert shown(screen, "#keyring-warning").startswith("The OS keyring refused to save a token")
        assert_session_only_texts(app, size)
        assert not profile_store.path.exists()  # nothing saved yet: the user decides
        await pilot.press("ctrl+s")
        await wait_until(lambda: app.return_value is not None)
    choice = app.return_value
    assert choice is not None and not choice.token_saved and choice.settings.token == devserver.token
    assert profile_store.get("default").url == devserver.url
