"""A small yes/no question: `y` confirms, `n` or Escape cancels, and Cancel has the focus at open."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from remotes_tui.ui.modals.dialog_parts import modal_buttons, yes_no_bindings
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; dismisses with True (confirm) or False (cancel). The message is plain text."""

    CSS_PATH = styles_dir() / "modals.tcss"
    AUTO_FOCUS = "#confirm-cancel"
    BINDINGS: ClassVar[list[BindingType]] = yes_no_bindings(
        "confirm", "Yes", "No", ids=("yes", "no"), arrows=("left,h", "right,l")
    )

    def __init__(self, message: str, confirm_label: str = "Yes", cancel_label: str = "Cancel") -> None:
        super().__init__()
        self._message = message
        self._confirm_label = confirm_label
        self._cancel_label = cancel_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="modal-dialog"):
            yield Static(Content(self._message), id="confirm-message")
            yield from modal_buttons(
                Button(Content(self._confirm_label), variant="primary", id="confirm-ok"),
                Button(Content(self._cancel_label), id="confirm-cancel"),
            )

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))

    @on(Button.Pressed, "#confirm-ok")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
