"""A checkbox that reads without colour: its box holds an X only when ticked.

Textual's Checkbox draws the same X in both states and tells them apart by colour alone, which a monochrome
terminal, a colour-blind user or a screenshot in print cannot see.
"""

from __future__ import annotations

from textual.widgets import Checkbox

TICKED = "X"
UNTICKED = " "


class TickBox(Checkbox):
    """A Checkbox whose mark follows its value (`BUTTON_INNER`, Textual's documented hook for the mark)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.BUTTON_INNER = TICKED if self.value else UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        super().watch_value()  # the `-on` class and the Changed message
        self.refresh()
