"""The profile switcher over real loopback HTTP: list, switch, add, edit, remove (with the real keyring)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import keyring
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, OptionList

from remotes_tui.api import InfluxClient
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.profiles.choice import ProfileChoice
from remotes_tui.tokens import SERVICE, MemoryTokenStore, TokenStore, profile_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from remotes_tui.ui.modals.confirm import ConfirmModal
from remotes_tui.ui.profile_screens import ProfileFormScreen, ProfileSwitcherModal, SessionTokenModal
from tests.support.forms import fill, shown
from tests.support.keyring import leak_token
from tests.support.modal_app import ModalApp
from tests.support.waiting import press_to_show, wait_until

SIZE = (100, 30)


async def opened(app: ModalApp[ProfileChoice], count: int) -> None:
    """Wait until the switcher lists `count` profiles."""
    await wait_until(
        lambda: len(app.modal.profiles) == count and app.modal.query_one(OptionList).option_count == count
    )


@asynccontextmanager
async def switcher(
    profiles: ProfileStore, tokens: TokenStore, count: int, current: str | None = None
) -> AsyncIterator[tuple[ModalApp[ProfileChoice], Pilot[Any]]]:
    """An app that shows the profile switcher alone (`modal`) and records what it was dismissed with, once the
    switcher lists `count` profiles."""
    app = ModalApp(ProfileSwitcherModal(profiles, tokens, current=current))
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, count)
        yield app, pilot


@pytest.fixture
def two_profiles(
    real_keyring: KeyringTokenStore,
    devserver: DevServer,
    target_server: DevServer,
    profile_store: ProfileStore,
) -> ProfileStore:
    profile_store.add(Profile(name="edge", url=devserver.url, org=devserver.org_name))
    profile_store.add(
        Profile(name="central", url=target_server.url, org_id=target_server.org_id, read_only=True)
    )
    profile_store.use("edge")
    real_keyring.set(profile_key("edge"), devserver.token)
    real_keyring.set(profile_key("central"), target_server.token)
    return profile_store


def prompts(app: ModalApp[ProfileChoice]) -> list[str]:
    option_list = app.modal.query_one("#profile-list", OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_lists_profiles_with_the_active_one_marked(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    async with switcher(two_profiles, real_keyring, 2, current="edge") as (app, _pilot):
        central, edge = prompts(app)
        assert central.startswith("  central") and "read-only" in central
        assert edge.startswith("* edge") and edge.endswith("· connected")
        assert app.modal.query_one(OptionList).highlighted == 1  # the connected one
        assert "org " in shown(app.modal, "#profile-detail")
        assert shown(app.modal, "#profile-detail").endswith(" · no TLS (http)")  # a plain http:// server


async def test_enter_switches_and_the_choice_connects(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore, target_server: DevServer
) -> None:
    async with switcher(two_profiles, real_keyring, 2, current="edge") as (app, pilot):
        await pilot.press("up", "enter")
        await wait_until(lambda: len(app.results) == 1)
    choice = app.results[0]
    assert choice is not None
    assert (choice.name, choice.read_only, choice.token_saved) == ("central", True, True)
    assert choice.settings.url == target_server.url and choice.settings.token == target_server.token
    assert two_profiles.active_name == "central"
    async with InfluxClient(choice.settings) as client:  # the settings really reach the server
        assert (await client.orgs.find(org_id=choice.settings.org_id)).name == target_server.org_name


async def test_remove_asks_then_deletes_the_keyring_entry(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    async with switcher(two_profiles, real_keyring, 2) as (app, pilot):
        await press_to_show(pilot, "home", "x", screen=ConfirmModal)
        assert app.screen.focused is not None and app.screen.focused.id == "confirm-cancel"
        await pilot.press("n")  # cancelled: nothing removed
        await wait_until(lambda: app.screen is app.modal)
        assert keyring.get_password(SERVICE, "profile:central") is not None
        await press_to_show(pilot, "x", screen=ConfirmModal)
        await pilot.press("y")
        await opened(app, 1)
        assert prompts(app)[0].startswith("* edge")
    assert keyring.get_password(SERVICE, "profile:central") is None
    assert keyring.get_password(SERVICE, "profile:edge") is not None
    assert two_profiles.names() == ["edge"]


async def test_removing_the_connected_profile_says_so_first(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    async with switcher(two_profiles, real_keyring, 2, current="edge") as (app, pilot):
        await press_to_show(pilot, "x", screen=ConfirmModal)  # the connected one is highlighted
        question = str(app.screen.query_one("#confirm-message").render())
        assert question.startswith("Remove profile edge (")
        assert "You are connected with it: this session stays connected until you switch" in question
        await pilot.press("n")
        await wait_until(lambda: app.screen is app.modal)
        await press_to_show(pilot, "home", "x", screen=ConfirmModal)  # central: not connected
        assert "You are connected" not in str(app.screen.query_one("#confirm-message").render())


async def test_a_failed_keyring_delete_removes_nothing(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore, no_keyring: None
) -> None:
    async with switcher(two_profiles, KeyringTokenStore(), 2) as (app, pilot):
        await press_to_show(pilot, "home", "x", screen=ConfirmModal)
        await pilot.press("y")
        await wait_until(lambda: bool(shown(app.modal, "#form-error")))
        assert shown(app.modal, "#form-error").startswith("Nothing was removed. No usable OS keyring")
    assert two_profiles.names() == ["central", "edge"]


async def test_add_from_the_switcher(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore, devserver: DevServer
) -> None:
    token = devserver.token
    async with switcher(two_profiles, real_keyring, 2) as (app, pilot):
        form = await press_to_show(pilot, "a", screen=ProfileFormScreen)
        assert form.query_one("#input-name", Input).value == ""
        fill(form, name="edge-2", url=devserver.url, org=devserver.org_id, token=token)
        form.query_one("#input-read_only", Checkbox).value = True
        await pilot.press("ctrl+s")
        await opened(app, 3)
        assert app.screen is app.modal
        assert [p.name for p in app.modal.profiles] == ["central", "edge", "edge-2"]
        assert app.modal.query_one(OptionList).highlighted == 2
    assert keyring.get_password(SERVICE, "profile:edge-2") == token
    saved = two_profiles.get("edge-2")
    assert (saved.org_id, saved.read_only) == (devserver.org_id, True)
    assert two_profiles.active_name == "edge"  # adding does not switch


async def test_every_tab_stop_of_the_profile_form_is_a_field_or_a_button(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    async with switcher(two_profiles, real_keyring, 2) as (app, pilot):
        form = await press_to_show(pilot, "a", screen=ProfileFormScreen)
        stops = []
        for _ in range(12):
            await pilot.press("tab")
            stops.append(app.focused)
        assert all(isinstance(stop, Input | Checkbox | Button) for stop in stops), stops
        assert form.query_one("#input-name") in stops


async def test_edit_keeps_the_saved_token_when_left_empty(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore, devserver: DevServer
) -> None:
    async with switcher(two_profiles, real_keyring, 2) as (app, pilot):
        form = await press_to_show(pilot, "end", "e", screen=ProfileFormScreen)
        assert form.query_one("#input-name", Input).disabled
        assert form.query_one("#input-url", Input).value == devserver.url
        assert form.query_one("#input-token", Input).value == ""
        form.query_one("#input-read_only", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(lambda: app.screen is app.modal and two_profiles.get("edge").read_only)
    assert keyring.get_password(SERVICE, "profile:edge") == devserver.token


async def test_a_profile_without_a_saved_token_asks_for_one_for_this_session(
    devserver: DevServer, profile_store: ProfileStore
) -> None:
    profile_store.add(Profile(name="edge", url=devserver.url, org=devserver.org_name))
    tokens = MemoryTokenStore()
    session_token = leak_token("switch")
    async with switcher(profile_store, tokens, 1) as (app, pilot):
        await press_to_show(pilot, "enter", screen=SessionTokenModal)
        assert "No token is saved for edge" in shown(app.screen, "#session-token-reason")
        assert app.screen.query_one("#session-token", Input).password
        await pilot.press("enter")  # empty: says what to do, stays open
        assert "Enter the token" in shown(app.screen, "#session-token-error")
        app.screen.query_one("#session-token", Input).value = session_token
        await pilot.press("enter")
        await wait_until(lambda: len(app.results) == 1)
    choice = app.results[0]
    assert choice is not None and choice.settings.token == session_token
    assert tokens.get(profile_key("edge")) == session_token  # kept in memory for this session
    assert profile_store.active_name == "edge"


async def test_escape_closes_without_a_choice(
    two_profiles: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    async with switcher(two_profiles, real_keyring, 2) as (app, pilot):
        await pilot.press("escape")
        await wait_until(lambda: len(app.results) == 1)
    assert app.results == [None]
    assert two_profiles.active_name == "edge"
