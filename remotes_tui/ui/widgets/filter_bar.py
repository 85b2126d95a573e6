"""The `/` filter: an input that narrows the table as you type and shows how many remotes match."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class FilterBar(Horizontal):
    """Hidden until `open()`; posts `Changed` on every keystroke and `Closed` when the user is done."""

    class Changed(Message):
        """The filter text changed (live, on every keystroke)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Submitted(Message):
        """Enter: keep the filter and go back to the table."""

    def compose(self) -> ComposeResult:
        yield Static("/", id="filter-prompt", markup=False)
        yield Input(placeholder="filter by name, URL, org ID or ID", id="filter-input", select_on_focus=False)
        yield Static("", id="filter-count", markup=False)
        yield Static("Enter keeps · Esc clears", id="filter-hint", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    @property
    def text(self) -> str:
        return self.input.value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar and put the cursor in it, keeping any text already typed."""
        self.add_class("-open")
        self.input.focus()
        self.input.cursor_position = len(self.input.value)

    def close(self) -> None:
        """Hide the bar and empty it (the caller clears the table's filter)."""
        self.remove_class("-open")
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.show_count(0, 0)

    def show_count(self, visible: int, total: int) -> None:
        """'3 of 12' while a filter is typed; nothing otherwise."""
        text = f"{visible} of {total}" if self.input.value.strip() else ""
        count = self.query_one("#filter-count", Static)
        count.update(text)
        count.set_class(bool(text) and visible == 0, "-no-match")

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())
