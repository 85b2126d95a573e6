"""A masked token input with OK and Cancel, for the prompts that ask for a token the caller uses and never saves.

Each prompt (`RemoteTokenPrompt`, `SessionTokenModal`) gives its title, its reason, its words and the prefix of
its widgets' IDs (which its styles and tests name); the layout and the handling of an empty answer live here.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from remotes_tui.ui.modals.form_input import FormInput
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir


class TokenPrompt(ModalScreen[str | None]):
    """Dismisses with the typed token (stripped), or None on Cancel/Escape; an empty answer says what to do."""

    CSS_PATH = [styles_dir() / "modals.tcss"]
    """The dialog's frame, buttons and error line; a prompt adds its own file."""
    ID_PREFIX: ClassVar[str]
    """The input's ID; the dialog, reason, error and buttons are `{ID_PREFIX}-dialog` and so on."""
    PLACEHOLDER: ClassVar[str]
    OK_LABEL: ClassVar[str]
    EMPTY_HINT: ClassVar[str]
    """Shown under the input when OK is pressed with nothing typed."""

    def __init__(self, title: Content, reason: str) -> None:
        super().__init__()
        self._title = title
        self._reason = reason

    def compose(self) -> ComposeResult:
        prefix = self.ID_PREFIX
        with Vertical(id=f"{prefix}-dialog", classes="modal-dialog"):
            yield Static(self._title, classes="modal-title")
            yield Static(Content(self._reason), id=f"{prefix}-reason")
            yield FormInput(password=True, placeholder=self.PLACEHOLDER, id=prefix)
            yield Static(id=f"{prefix}-error", classes="form-error")
            with Horizontal(classes="modal-buttons"):
                yield Button(self.OK_LABEL, variant="primary", id=f"{prefix}-ok")
                yield Button("Cancel", id=f"{prefix}-cancel")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._use()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == f"{self.ID_PREFIX}-ok":
            self._use()
        elif event.button.id == f"{self.ID_PREFIX}-cancel":
            self.action_cancel()

    def _use(self) -> None:
        token = self.query_one(f"#{self.ID_PREFIX}", Input).value.strip()
        if not token:
            error = self.query_one(f"#{self.ID_PREFIX}-error", Static)
            error.update(self.EMPTY_HINT)
            error.display = True
            return
        self.dismiss(token)

    def action_cancel(self) -> None:
        self.dismiss(None)
