"""A small yes/no question: `y` confirms, `n` or Escape cancels, and Cancel has the focus at open."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; dismisses with True (confirm) or False (cancel). The message is plain text."""

    CSS_PATH = styles_dir() / "modals.tcss"
    AUTO_FOCUS = "#confirm-cancel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", id="confirm.yes"),
        Binding("n,escape", "cancel", "No", id="confirm.no"),
        Binding("left,h", "app.focus_previous", "Previous", show=False),
        Binding("right,l", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, message: str, confirm_label: str = "Yes", cancel_label: str = "Cancel") -> None:
        super().__init__()
        self._message = message
        self._confirm_label = confirm_label
        self._cancel_label = cancel_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="modal-dialog"):
            yield Static(Content(self._message), id="confirm-message")
            with Horizontal(classes="modal-buttons"):
                yield Button(Content(self._confirm_label), variant="primary", id="confirm-ok")
                yield Button(Content(self._cancel_label), id="confirm-cancel")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))

    @on(Button.Pressed, "#confirm-ok")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
