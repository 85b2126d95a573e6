"""What the terminal shows, as plain text: the lines the app writes for its top screen."""

from __future__ import annotations

from typing import Any

from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    """The top screen as plain text lines (the same strips the app sends to the terminal)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def line_with(app: App[Any], label: str) -> str:
    """The first screen line that holds `label` (a field's label and the value shown beside it)."""
    lines = screen_lines(app)
    found = next((line for line in lines if label in line), None)
    assert found is not None, f"{label!r} is not on screen:\n" + "\n".join(lines)
    return found
