"""Ask for a token to use for this session only (masked), when a profile has none saved or no keyring works."""

from __future__ import annotations

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


class SessionTokenModal(ModalScreen[str | None]):
    """Dismisses with the typed token (kept in memory by the caller, never saved), or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "profiles.tcss"]
    AUTO_FOCUS = "#session-token"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="session-token.cancel"),
    ]

    def __init__(self, profile_name: str, reason: str) -> None:
        super().__init__()
        self._profile_name = profile_name
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="session-token-dialog", classes="modal-dialog"):
            yield Static(
                Content.assemble("Token for ", (self._profile_name, "bold"), " (this session only)"),
                classes="modal-title",
            )
            yield Static(Content(self._reason), id="session-token-reason")
            yield FormInput(password=True, placeholder="API token", id="session-token")
            yield Static(id="session-token-error", classes="form-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Use this token", variant="primary", id="session-token-ok")
                yield Button("Cancel", id="session-token-cancel")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))

    @on(Input.Submitted)
    @on(Button.Pressed, "#session-token-ok")
    def _use(self) -> None:
        token = self.query_one("#session-token", Input).value.strip()
        if not token:
            error = self.query_one("#session-token-error", Static)
            error.update("Enter the token, or press Escape to cancel.")
            error.display = True
            return
        self.dismiss(token)

    @on(Button.Pressed, "#session-token-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
