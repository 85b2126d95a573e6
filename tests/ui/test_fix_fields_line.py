""" "Please fix the fields marked in red" goes away once the fields are fixed, in the remote and profile forms.

Driven in the real app: save an empty form, read the sentence and the red fields, type valid values one field
at a time; the sentence stays while a field is still wrong and is gone (with every red mark) once none is.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import Input

from remotes_tui.devserver import DevServer
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.profile_screens import ProfileFormScreen, ProfileSwitcherModal
from tests.support.forms import shown
from tests.support.waiting import main_loaded, press_until_settled
from tests.ui.conftest import build_app

SIZE = (100, 36)


def marked(app: App[Any]) -> list[str]:
    """The ids of the inputs marked in red."""
    return [
        field.id or ""
        for field in app.screen.query(Input)
        if field.has_class("-has-error") or field.has_class("-invalid")
    ]


async def test_the_remote_form_drops_the_sentence_once_every_field_is_fixed(ui_server: DevServer) -> None:
    app = build_app(ui_server)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        form = await press_until_settled(pilot, "n", screen=RemoteFormModal)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(form, "#form-error") == "Please fix the fields marked in red, then save again."
        assert marked(app) == ["input-name", "input-remote_url", "input-remote_api_token"]

        await pilot.press(*"edge-1")  # the focus is on the first bad field, Name
        await pilot.pause()
        assert marked(app) == ["input-remote_url", "input-remote_api_token"]
        assert "fix the fields" in shown(form, "#form-error")

        await pilot.press("tab", "tab", *"http://h:8086", "tab", *"tok")
        await pilot.pause()
        assert marked(app) == []
        assert shown(form, "#form-error") == ""
        assert isinstance(app.screen, RemoteFormModal)  # nothing was saved: only the sentence went


async def test_the_profile_form_drops_the_sentence_once_every_field_is_fixed(ui_server: DevServer) -> None:
    app = build_app(ui_server)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        await press_until_settled(pilot, "p", screen=ProfileSwitcherModal)
        form = await press_until_settled(pilot, "a", screen=ProfileFormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(form, "#form-error") == "Please fix the fields marked in red."
        assert marked(app) == ["input-name", "input-url", "input-org", "input-token"]

        await pilot.press(*"edge-1", "tab", *"http://h:8086")
        await pilot.pause()
        assert shown(form, "#error-name") == "" and shown(form, "#error-url") == ""
        assert marked(app) == ["input-org", "input-token"]
        assert shown(form, "#form-error") == "Please fix the fields marked in red."

        await pilot.press("tab", *"plant", "tab", *"tok")
        await pilot.pause()
        assert marked(app) == []
        assert shown(form, "#form-error") == ""
        assert isinstance(app.screen, ProfileFormScreen)
