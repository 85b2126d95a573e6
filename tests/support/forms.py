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


def fill(screen: Screen[Any], **values: str) -> None:
    """Type values into the form's inputs (`#input-<key>`)."""
    for key, value in values.items():
        screen.query_one(f"#input-{key}", Input).value = value


def value_of(screen: Screen[Any], key: str) -> str:
    return screen.query_one(f"#input-{key}", Input).value


def fill_form(pilot: Pilot[Any], **values: str) -> None:
    """Put values into the top screen's inputs, as pasting would."""
    fill(pilot.app.screen, **values)
