"""Forms as a test sees them: fill a screen's inputs (`#input-<key>`), read them, read what a Static shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static


def shown(screen: Screen[Any], selector: str) -> str:
    """The text a Static shows, or "" when it is hidden."""
    widget = screen.query_one(selector, Static)
    return str(widget.content) if widget.display else ""


def assert_field_errors(screen: Screen[Any], **expected: str) -> None:
    """The red line under each field `key` (`#error-<key>`) contains `expected[key]`, or is hidden where that is
    "". A miss names the fields that differ and shows what every field named here says."""
    said = {key: shown(screen, f"#error-{key}") for key in expected}
    wrong = [key for key, words in expected.items() if (words not in said[key] if words else said[key] != "")]
    assert not wrong, f"the errors under {wrong} are not as expected; the fields say {said}"


def fill(screen: Screen[Any], **values: str) -> None:
    """Type values into the form's inputs (`#input-<key>`)."""
    for key, value in values.items():
        screen.query_one(f"#input-{key}", Input).value = value


def value_of(screen: Screen[Any], key: str) -> str:
    return screen.query_one(f"#input-{key}", Input).value


def fill_form(pilot: Pilot[Any], **values: str) -> None:
    """Put values into the top screen's inputs, as pasting would."""
    fill(pilot.app.screen, **values)
