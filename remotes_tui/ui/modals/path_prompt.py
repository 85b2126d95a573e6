"""Ask for a file's path (the palette's export and import): one input with a default, Enter to go on."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from remotes_tui.ui.modals.form_input import FormInput
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir


class PathPrompt(ModalScreen[Path | None]):
    """Dismisses with the path typed (relative to the current directory, `~` expanded), or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "transfer.tcss"]
    AUTO_FOCUS = "#path-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path-prompt.cancel"),
    ]

    def __init__(self, title: str, reason: str, default: str, ok_label: str) -> None:
        super().__init__()
        self._title = title
        self._reason = reason
        self._default = default
        self._ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical(id="path-dialog", classes="modal-dialog"):
            yield Static(Content(self._title), classes="modal-title")
            yield Static(Content(self._reason), id="path-reason")
            yield FormInput(self._default, placeholder="A file path", id="path-input")
            yield Static(id="path-error", classes="form-error")
            with Horizontal(classes="modal-buttons"):
                yield Button(self._ok_label, variant="primary", id="path-ok")
                yield Button("Cancel", id="path-cancel")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))

    @on(Input.Submitted)
    @on(Button.Pressed, "#path-ok")
    def _use(self) -> None:
        typed = self.query_one("#path-input", Input).value.strip()
        if not typed:
            error = self.query_one("#path-error", Static)
            error.update("Type a file path, or press Escape to cancel.")
            error.display = True
            return
        self.dismiss(Path(typed).expanduser())

    @on(Button.Pressed, "#path-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
