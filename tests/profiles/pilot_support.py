"""Pilot helpers for the profile screens: fill the form, read what a Static shows, wait for a condition."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
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


async def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Let the app run until `condition` holds (workers and messages), or fail the test."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            pytest.fail(f"condition not met within {within} s")
        await asyncio.sleep(0.02)
