"""The profile form in the real app (`p`, then `a` or `e`), as a user types into it.

What is typed shows on screen (a focused one-line input once showed only its top border and hid the text),
the focus starts on the first field so name, Tab, URL, Tab, org, Tab, token fills each field, and Esc asks
before throwing typed values away, like the remote form.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.modals.confirm import ConfirmModal
from remotes_tui.ui.profile_screens import FirstRunApp, ProfileFormScreen, ProfileSwitcherModal
from tests.support.forms import value_of
from tests.support.screen_text import line_with, screen_lines
from tests.support.servers import settings_for
from tests.support.waiting import main_loaded, press_to_show, press_until_settled, wait_until

TYPED_TOKEN = "typed-token-must-stay-masked-0003"


def app_on(server: DevServer) -> RemotesApp:
    """The real app on `server`; `p` lists the profiles of the test's own config folder."""
    return RemotesApp(settings_for(server), token_store=MemoryTokenStore())


async def open_profile_form(pilot: Pilot[Any], key: str) -> ProfileFormScreen:
    """From the main screen (or the switcher): `p`, wait for the list, then `key` (`a` adds, `e` edits)."""
    app = pilot.app
    if not isinstance(app.screen, ProfileSwitcherModal):
        await main_loaded(pilot)
        await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
    switcher = app.screen
    await wait_until(lambda: switcher.query_one("#switcher-status", Static).content != "Loading profiles…")
    return await press_until_settled(pilot, key, screen=ProfileFormScreen)


def highlighted_labels(form: ProfileFormScreen) -> list[str]:
    """The labels drawn in a colour other than the plain one (the focused row's, or a row in error)."""
    labels = list(form.query(".profile-label").results(Label))
    colours = [label.styles.color for label in labels]
    usual = max(set(colours), key=colours.count)
    return [str(label.content) for label in labels if label.styles.color != usual]


def focused_key(form: ProfileFormScreen) -> str:
    focused = form.focused
    assert isinstance(focused, Input), focused
    return (focused.id or "").removeprefix("input-")


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_each_typed_value_shows_in_its_field_while_it_has_the_focus(
    devserver: DevServer, size: tuple[int, int]
) -> None:
    app = app_on(devserver)
    async with app.run_test(size=size) as pilot:
        form = await open_profile_form(pilot, "a")
        assert focused_key(form) == "name"
        for index, (key, label, text) in enumerate(
            [
                ("name", "Profile name", "edge-7"),
                ("url", "Server URL", "http://edge-7.example:8086"),
                ("org", "Organization", "plant-north"),
            ]
        ):
            if index:
                await pilot.press("tab")
            assert focused_key(form) == key
            await pilot.press(*text)
            await pilot.pause()
            assert value_of(form, key) == text
            assert text in line_with(app, label), f"the focused {label} field hides what was typed"
            assert highlighted_labels(form) == [label], "only the focused field's label is highlighted"
        await pilot.press("tab")
        assert focused_key(form) == "token"
        await pilot.press(*TYPED_TOKEN)
        await pilot.pause()
        assert value_of(form, "token") == TYPED_TOKEN
        assert "•" * len(TYPED_TOKEN) in line_with(app, "Token ")
        assert TYPED_TOKEN not in "\n".join(screen_lines(app))
        assert value_of(form, "ca_file") == ""


async def test_editing_starts_on_the_url_the_name_being_fixed(
    devserver: DevServer, profile_store: ProfileStore
) -> None:
    profile_store.add(Profile(name="edge-1", url="http://edge-1.example:8086", org="plant"))
    app = app_on(devserver)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_profile_form(pilot, "e")
        assert form.query_one("#input-name", Input).disabled
        assert focused_key(form) == "url"
        await pilot.press("end", *"/x")
        await pilot.pause()
        assert "http://edge-1.example:8086/x" in line_with(app, "Server URL")


async def test_escape_asks_before_discarding_what_was_typed(
    devserver: DevServer, profile_store: ProfileStore
) -> None:
    app = app_on(devserver)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_profile_form(pilot, "a")
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_until(lambda: isinstance(app.screen, ProfileSwitcherModal))

        form = await open_profile_form(pilot, "a")
        await pilot.press(*"half-typed")
        question = await press_to_show(pilot, "escape", screen=ConfirmModal)
        assert "Discard your changes?" in str(question.query_one("#confirm-message", Static).render())
        assert question.focused is not None and question.focused.id == "confirm-cancel"

        await pilot.press("n")  # keep editing: everything stays
        await wait_until(lambda: app.screen is form)
        assert value_of(form, "name") == "half-typed"

        await press_to_show(pilot, "escape", screen=ConfirmModal)
        await pilot.press("y")  # discard
        await wait_until(lambda: isinstance(app.screen, ProfileSwitcherModal))
        assert app.screen.query_one(OptionList).option_count == 0
    assert profile_store.names() == []


async def test_escape_on_the_first_run_asks_before_quitting_with_typed_values(
    profile_store: ProfileStore,
) -> None:
    app = FirstRunApp(profiles=profile_store, tokens=MemoryTokenStore())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProfileFormScreen) and focused_key(form) == "name"
        await pilot.press("tab", *"http://edge-1.example:8086")
        await press_to_show(pilot, "escape", screen=ConfirmModal)
        assert "Quit without saving?" in str(app.screen.query_one("#confirm-message", Static).render())
        await pilot.press("escape")  # Esc on the question keeps editing
        await wait_until(lambda: app.screen is form)
        assert value_of(form, "url") == "http://edge-1.example:8086"
        await press_to_show(pilot, "escape", screen=ConfirmModal)
        await pilot.press("y")
        await wait_until(lambda: not app.is_running)
    assert app.return_value is None
    assert not profile_store.path.exists()
