"""Waiting for the app's state: poll a condition between event-loop turns, with a bound; never a fixed sleep."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

from remotes_tui.app import RemotesApp
from remotes_tui.ui.screens.main import MainScreen

S = TypeVar("S", bound=Screen[Any])


async def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run (workers, messages, network) until `condition` holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {seconds} s")
        await asyncio.sleep(0.02)


async def settle(pilot: Pilot[Any], rounds: int = 3, seconds: float = 10.0) -> None:
    """Wait until no worker runs and every message they posted has been handled.

    (`workers.wait_for_complete()` raises when an exclusive worker was cancelled by its successor, which
    is normal here, so this polls the workers' states instead.)
    """
    deadline = time.monotonic() + seconds
    for _ in range(rounds):
        while any(not worker.is_finished for worker in pilot.app.workers):
            if time.monotonic() > deadline:
                raise AssertionError(f"workers still running after {seconds} s: {list(pilot.app.workers)}")
            await pilot.pause(0.01)
        await pilot.pause()


async def press_to_show(pilot: Pilot[Any], *keys: str, screen: type[S]) -> S:
    """Press `keys`, then wait until a `screen` is on top and return it (not settled: `settle` for that)."""
    await pilot.press(*keys)
    await wait_until(lambda: isinstance(pilot.app.screen, screen))
    shown = pilot.app.screen
    assert isinstance(shown, screen), shown
    return shown


async def press_until_settled(pilot: Pilot[Any], *keys: str, screen: type[S]) -> S:
    """Press `keys`, wait until a `screen` is on top, and let its workers finish (`press_to_show`, `settle`);
    fail if settling took it off the top."""
    shown = await press_to_show(pilot, *keys, screen=screen)
    await settle(pilot)
    assert pilot.app.screen is shown, f"{shown!r} is no longer on top once settled: {pilot.app.screen!r}"
    return shown


def main_screen(app: Any) -> MainScreen:
    """The app's main screen (the default screen under any modal)."""
    assert isinstance(app, RemotesApp), app
    return app.main_screen


async def main_loaded(pilot: Pilot[Any]) -> MainScreen:
    """The main screen once it left "loading" (rows, empty or error) and the detail pane has settled."""
    screen = main_screen(pilot.app)
    await wait_until(lambda: screen.state != "loading")
    await settle(pilot)
    return screen


async def main_ready(pilot: Pilot[Any]) -> MainScreen:
    """The main screen once the remotes are listed and it is on top."""
    screen = main_screen(pilot.app)
    await wait_until(lambda: screen.state == "ready" and pilot.app.screen is screen)
    await settle(pilot)
    return screen
