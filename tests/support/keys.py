"""Keys as a fast typist, a password manager or a slow SSH link deliver them: one at a time, in a burst, pasted.

`press` waits for the app to go idle after every key (Pilot's way), which hides races. `burst` posts every key
to the app at once, as the terminal driver does when one read returns several keys (`burst_keys` for keys such
as ctrl+k and backspace among them). `paste` posts the text as
one bracketed paste. `deliver(pilot, how, text)` does one of the three; `paste_into` replaces what one input
holds with a paste.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.pilot import Pilot
from textual.widgets import Input

Delivery = Literal["press", "burst", "paste"]
DELIVERIES: tuple[Delivery, ...] = ("press", "burst", "paste")

_NAMED = {"\t": "tab", "\r": "enter", " ": "space"}


def key_of(char: str) -> str:
    """The key name the terminal driver gives a typed character ('a', 'tab', 'colon', 'full_stop')."""
    if char in _NAMED:
        return _NAMED[char]
    if char.isalnum():
        return char
    name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)  # as the driver names them: '/' is 'slash', '-' is 'minus'


def keys_of(text: str) -> list[str]:
    """Pilot key names for `text` typed on a keyboard: a tab is the tab key, a carriage return Enter."""
    return [key_of(char) for char in text]


def burst(pilot: Pilot[Any], text: str) -> None:
    """Post every key of `text` to the app at once, without waiting between keys."""
    burst_keys(pilot, list(text))


_CHARACTERS = {"tab": "\t", "enter": "\r", "backspace": "\x7f"}


def burst_keys(pilot: Pilot[Any], keys: list[str]) -> None:
    """Post `keys` to the app at once: each is a typed character ('a', ':'), ctrl+LETTER, or tab, enter or
    backspace (another key name is a KeyError: add what the terminal sends for it to `_CHARACTERS`)."""
    app = pilot.app
    for key in keys:
        if len(key) == 1:
            event = events.Key(key_of(key), key)
        elif key.startswith("ctrl+") and len(key) == 6:
            event = events.Key(
                key, chr(ord(key[-1]) - ord("a") + 1)
            )  # what the terminal sends: ctrl+a is \x01
        else:
            event = events.Key(key, _CHARACTERS[key])
        event.set_sender(app)
        app.post_message(event)


async def deliver(pilot: Pilot[Any], how: Delivery, text: str) -> None:
    """Type `text` (tabs and carriage returns included) the way `how` says, then let the app catch up.

    A paste carries one line: a carriage return in `text` is the user pressing Enter after pasting the line.
    """
    if how == "press":
        await pilot.press(*keys_of(text))
    elif how == "burst":
        burst(pilot, text)
    else:
        lines = text.split("\r")
        for index, line in enumerate(lines):
            if line:
                pilot.app.post_message(events.Paste(line))
            if index < len(lines) - 1:
                await pilot.pause()
                await pilot.press("enter")
    await pilot.pause()


async def paste_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Focus the top screen's input `selector`, clear it (End, Ctrl+U) and paste `text` into it."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.press("end", "ctrl+u")
    field.post_message(events.Paste(text))
    await pilot.pause()
