"""An emoji typed into a form never moves the input's right border, and is saved exactly as typed.

Terminals such as tmux 3.3 measure text code point by code point, while Textual counts `⚠️` as one 2-cell
cluster and a skin-tone modifier as 0 cells. The form draws such emoji so that both counts agree: every line
of the screen, measured code point by code point, is exactly as wide as the terminal.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len, get_character_cell_size
from textual.app import App

from remotes_tui.api import InfluxClient
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.emoji_width import display_text
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from tests.support.forms import value_of
from tests.support.keys import deliver
from tests.support.screen_text import screen_lines
from tests.support.servers import add_remote_via_api, settings_for
from tests.support.waiting import (
    main_loaded,
    main_ready,
    press_until_settled,
    wait_until,
)
from tests.ui.conftest import build_app

SAMPLES = [
    "warn ⚠️ ok",
    "heart ❤️ and keycap 1️⃣",
    "thumbs 👍🏽 up",
    "family 👨‍👩‍👧 here",
    "eye 👁️‍🗨️ speech",
    "rocket 🚀 plain",
    "flag 🇩🇪 and 中文",
    "no emoji at all",
]


def per_code_point(text: str) -> int:
    """The width a terminal that measures each code point on its own gives `text`."""
    return sum(get_character_cell_size(char) for char in text)


@pytest.mark.parametrize("text", SAMPLES)
def test_display_text_keeps_the_length_and_the_width_textual_counts(text: str) -> None:
    shown = display_text(text)
    assert len(shown) == len(text)  # cursor positions index the value and the drawn text alike
    assert per_code_point(shown) == cell_len(text)
    assert "\u200d" not in shown
    assert display_text(shown) == shown


def test_display_text_leaves_text_without_such_emoji_alone() -> None:
    for text in ("central-eu", "https://influx.example.com:8086", "中文 🚀 🇩🇪", ""):
        assert display_text(text) is text


def lines_wider_or_narrower(app: App[Any], holding: str = "") -> list[str]:
    """Screen lines (those holding `holding`) that a per-code-point terminal would draw wider or narrower."""
    width = app.size.width
    return [line for line in screen_lines(app) if holding in line and per_code_point(line) != width]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_an_emoji_in_the_description_keeps_the_border_and_is_saved_as_typed(
    ui_server: DevServer, size: tuple[int, int]
) -> None:
    description = "edge ⚠️ site 👍🏽 north"
    app = build_app(ui_server, token_store=MemoryTokenStore())
    async with app.run_test(size=size) as pilot:
        main = await main_loaded(pilot)
        form = await press_until_settled(pilot, "n", screen=RemoteFormModal)
        await pilot.press(*"edge-1", "tab")
        await deliver(pilot, "paste", description)  # as an emoji picker or a copied line enters it
        assert value_of(form, "description") == description  # the value is kept as typed
        assert lines_wider_or_narrower(app) == []
        await pilot.press("home")  # the cursor on the emoji's cell, then back
        await pilot.press("right", "right", "right", "right", "right", "right")
        await pilot.pause()
        assert lines_wider_or_narrower(app) == []

        await pilot.press("tab", *"http://h:8086", "tab", *"tok", "ctrl+s")
        await wait_until(lambda: app.screen is main)
    async with InfluxClient(settings_for(ui_server)) as client:
        (saved,) = await client.remotes.list(ui_server.org_id)
    assert saved.description == description


async def test_an_emoji_in_a_name_keeps_the_edit_and_delete_dialogs_square(ui_server: DevServer) -> None:
    name = "edge ⚠️ 👍🏽"
    await add_remote_via_api(ui_server, name, "http://h:8086", "t")
    app = build_app(ui_server, token_store=MemoryTokenStore())
    async with app.run_test(size=(80, 24)) as pilot:
        main = await main_ready(pilot)
        await press_until_settled(pilot, "e", screen=RemoteFormModal)
        assert value_of(app.screen, "name") == name
        assert lines_wider_or_narrower(app) == []
        await pilot.press("escape")
        await wait_until(lambda: app.screen is main)
        await press_until_settled(pilot, "d", screen=DeleteRemoteModal)
        assert lines_wider_or_narrower(app, "Name  ") == []  # the table behind is the main screen's
        assert any("Name  " in line for line in screen_lines(app))
