"""The `/` filter: an input that narrows the table as you type and shows how many remotes match.

Its input is built the first time `/` is pressed, so start-up does not pay for a widget most sessions
never open.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from remotes_tui.ui.widgets.ordered_input import OrderedInput
from remotes_tui.ui.widgets.static_text import set_text


class FilterBar(Horizontal):
    """Hidden until `open()`; posts `Changed` on every keystroke and `Submitted` on Enter."""

    @dataclass
    class Changed(Message):
        """The filter text changed (live, on every keystroke)."""

        text: str

    @dataclass
    class Submitted(Message):
        """Enter: keep the filter and go back to the table."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._input: Input | None = None
        self._count: Static | None = None

    @property
    def input(self) -> Input | None:
        """The text input, or None until the bar is first opened."""
        return self._input

    @property
    def text(self) -> str:
        return self._input.value if self._input is not None else ""

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def has_input_focus(self) -> bool:
        return self._input is not None and self._input.has_focus

    async def open(self) -> None:
        """Show the bar and put the cursor in it at once (keys typed right after `/` land in it)."""
        self.add_class("-open")
        if self._input is None:
            self._input = OrderedInput(placeholder="filter by name, URL, org ID or ID", id="filter-input")
            self._count = Static("", id="filter-count", markup=False)
            await self.mount_all(
                [
                    Static("/", id="filter-prompt", markup=False),
                    self._input,
                    self._count,
                    Static("Enter keeps · Esc clears", id="filter-hint", markup=False),
                ]
            )
        self.screen.set_focus(self._input)
        self._input.cursor_position = len(self._input.value)

    def close(self) -> None:
        """Hide the bar and empty it (the caller clears the table's filter)."""
        self.remove_class("-open")
        if self._input is not None:
            with self._input.prevent(Input.Changed):
                self._input.value = ""
        self.show_count(0, 0)

    def show_count(self, visible: int, total: int) -> None:
        """'3 of 12' while a filter is typed; nothing otherwise."""
        if self._count is None:
            return
        text = f"{visible} of {total}" if self.text.strip() else ""
        set_text(self._count, text)
        self._count.set_class(bool(text) and visible == 0, "-no-match")

    @property
    def count_text(self) -> str:
        return str(self._count.content) if self._count is not None else ""

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())
