"""Run a command through the real command palette: ctrl+p, type, wait for the command to lead, Enter."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.support.waiting import wait_until


def first_hit(app: App[Any]) -> str:
    """The highlighted command of the open palette ("" while it has none)."""
    commands = app.screen.query(CommandList)
    if not commands or commands.first().highlighted is None:
        return ""
    option = commands.first().highlighted_option
    prompt = getattr(option, "prompt", None)
    return str(getattr(prompt, "plain", prompt) or "").split("\n")[0]


async def run_from_palette(pilot: Pilot[Any], typed: str, command: str) -> None:
    """Open the palette, type `typed` key by key, wait until `command` is the first hit, and press Enter."""
    await pilot.press("ctrl+p")
    await wait_until(lambda: CommandPalette.is_open(pilot.app))
    await pilot.press(*typed)
    await wait_until(lambda: first_hit(pilot.app) == command)
    await pilot.press("enter")
