"""Keys typed fast land in the right fields: every form of the real apps takes `name<tab>…<tab>token` at once.

A password manager's auto-type (`{USERNAME}{TAB}{PASSWORD}`) or keys batched over a slow SSH link reach the
app as one burst. Each form is filled three ways at 80x24: Pilot `press()` of the whole sequence (one key at
a time), a burst (every key posted at once, as the terminal driver does), and one bracketed paste. Then it is
saved, and what the server or the profile file holds proves where each value went.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList

from remotes_tui.api import InfluxClient, RemoteConnection
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.profile_screens import (
    FirstRunApp,
    ProfileFormScreen,
    ProfileSwitcherModal,
    SessionTokenModal,
)
from tests.support.forms import value_of
from tests.support.keys import DELIVERIES, Delivery, burst_keys, deliver, key_of
from tests.support.screen_text import screen_lines
from tests.support.servers import TEST_TOKEN, settings_for
from tests.support.waiting import main_loaded, press_to_show, press_until_settled, settle, wait_until
from tests.ui.conftest import build_app

SIZE = (80, 24)
REMOTE_TOKEN = "remote-token-typed-in-a-burst-0004"


def on_screen(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


async def remotes_on(server: DevServer) -> list[RemoteConnection]:
    async with InfluxClient(settings_for(server)) as client:
        return await client.remotes.list(server.org_id)


@pytest.mark.parametrize("how", DELIVERIES)
async def test_the_remote_form_takes_a_burst(ui_server: DevServer, how: Delivery) -> None:
    store = MemoryTokenStore()
    app = build_app(ui_server, token_store=store)
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        form = await press_until_settled(pilot, "n", screen=RemoteFormModal)

        await deliver(pilot, how, f"central-eu\tEU aggregation\thttp://h:8086\t{REMOTE_TOKEN}")
        await settle(pilot)
        assert [value_of(form, key) for key in ("name", "description", "remote_url", "remote_api_token")] == [
            "central-eu",
            "EU aggregation",
            "http://h:8086",
            REMOTE_TOKEN,
        ]
        assert REMOTE_TOKEN not in on_screen(app)

        await pilot.press("ctrl+s")
        await wait_until(lambda: app.screen is main)
        await settle(pilot)

    remotes = await remotes_on(ui_server)
    assert [(r.name, r.description, r.remote_url) for r in remotes] == [
        ("central-eu", "EU aggregation", "http://h:8086")
    ]
    assert store.get(remote_key(ui_server.url, remotes[0].id)) == REMOTE_TOKEN


async def deliver_profile(pilot: Pilot[Any], how: Delivery, form: Screen[Any], url: str, org: str) -> None:
    """Deliver `edge-9`, `url`, `org` and the token with Tabs between them, as `how` says: each lands in its
    field, and the token is not on screen."""
    await deliver(pilot, how, f"edge-9\t{url}\t{org}\t{TEST_TOKEN}")
    await settle(pilot)
    assert [value_of(form, key) for key in ("name", "url", "org", "token", "ca_file")] == [
        "edge-9",
        url,
        org,
        TEST_TOKEN,
        "",
    ]
    assert TEST_TOKEN not in on_screen(pilot.app)


@pytest.mark.parametrize("how", DELIVERIES)
async def test_the_profile_form_takes_a_burst(
    ui_server: DevServer, profile_store: ProfileStore, how: Delivery
) -> None:
    app = build_app(ui_server)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        switcher = await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
        await settle(pilot)
        form = await press_until_settled(pilot, "a", screen=ProfileFormScreen)

        await deliver_profile(pilot, how, form, ui_server.url, ui_server.org_name)

        await pilot.press("ctrl+s")
        await wait_until(lambda: app.screen is switcher)
        await wait_until(lambda: switcher.query_one(OptionList).option_count == 1)
    saved = profile_store.get("edge-9")
    assert (saved.url, saved.org) == (ui_server.url, ui_server.org_name)


@pytest.mark.parametrize("how", DELIVERIES)
async def test_the_first_run_screen_takes_a_burst(
    ui_server: DevServer, profile_store: ProfileStore, how: Delivery
) -> None:
    app = FirstRunApp(profiles=profile_store, tokens=MemoryTokenStore())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+u")  # the name field opens with "default"
        await deliver_profile(pilot, how, form, ui_server.url, ui_server.org_id)
        await pilot.press("ctrl+s")
        await wait_until(lambda: app.return_value is not None)
    choice = app.return_value
    assert choice is not None and choice.name == "edge-9"
    assert (choice.settings.url, choice.settings.org_id, choice.settings.token) == (
        ui_server.url,
        ui_server.org_id,
        TEST_TOKEN,
    )


@pytest.mark.parametrize("how", DELIVERIES)
async def test_the_session_token_screen_takes_a_burst(
    ui_server: DevServer, target_server: DevServer, profile_store: ProfileStore, how: Delivery
) -> None:
    """`{PASSWORD}{TAB}{ENTER}`: the token lands masked, Tab reaches "Use this token", Enter presses it."""
    profile_store.add(Profile(name="central", url=target_server.url, org_id=target_server.org_id))
    app = build_app(ui_server)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
        await wait_until(lambda: app.screen.query_one(OptionList).option_count == 1)
        modal = await press_until_settled(pilot, "enter", screen=SessionTokenModal)

        await deliver(pilot, how, f"{target_server.token}\t")
        assert modal.query_one("#session-token", Input).value == target_server.token
        assert modal.focused is modal.query_one("#session-token-ok", Button)
        assert target_server.token not in on_screen(app)
        await deliver(pilot, how if how != "paste" else "press", "\r")

        await wait_until(lambda: app.session is not None and app.session.profile_name == "central")
        await main_loaded(pilot)
    assert app.session is not None and app.session.settings.token == target_server.token


async def type_keys(pilot: Pilot[Any], how: Delivery, keys: list[str]) -> None:
    """Typed characters and editing keys, one at a time (Pilot's way) or all at once."""
    if how == "burst":
        burst_keys(pilot, keys)
    else:
        await pilot.press(*(key_of(key) if len(key) == 1 else key for key in keys))
    await settle(pilot)


@pytest.mark.parametrize("how", ["press", "burst"])
async def test_editing_keys_in_a_burst_act_where_they_were_typed(ui_server: DevServer, how: Delivery) -> None:
    """Textual runs an input's bound keys (backspace, ctrl+a, ctrl+k) only after they travel up to the app: in
    a burst they acted on the field focused by then, so ctrl+k deleted the token typed after Tab."""
    app = build_app(ui_server, token_store=MemoryTokenStore())
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        form = await press_until_settled(pilot, "n", screen=RemoteFormModal)
        name = [*"central-ex", "backspace", "u"]
        url = [*"xx", "ctrl+a", "ctrl+k", *"http://h:8086"]  # ctrl+a: to the start; ctrl+k: delete to the end
        await type_keys(pilot, how, [*name, "tab", "tab", *url, "tab", *REMOTE_TOKEN])
        assert [value_of(form, key) for key in ("name", "description", "remote_url", "remote_api_token")] == [
            "central-eu",
            "",
            "http://h:8086",
            REMOTE_TOKEN,
        ]


@pytest.mark.parametrize("how", ["press", "burst"])
@pytest.mark.parametrize(
    ("keys", "typed", "matches"),
    [
        ([*"/centx", "backspace", *"ral-e"], "central-e", ["central-eu"]),
        # `/` opens the filter from anywhere (a priority binding); in the filter it is a character, in order.
        ([*"/a/b", "backspace", *"c/"], "a/c/", []),
    ],
)
async def test_keys_typed_in_the_filter_act_in_order_even_in_a_burst(
    ui_demo_server: DevServer, how: Delivery, keys: list[str], typed: str, matches: list[str]
) -> None:
    app = build_app(ui_demo_server)
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        await type_keys(pilot, how, keys)
        assert main.table.filter_text == typed
        assert [remote.name for remote in main.table.visible_remotes] == matches
        assert main.filter_bar.is_open and main.filter_bar.has_input_focus
