"""Ask for a remote's API token when none is saved: hidden input. To test the remote it is used once and never
stored; to recreate a deleted remote (undo) the caller saves it under the new remote's ID."""

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

REASON = (
    "No token is saved for this remote on this machine (the server never returns it). Paste it to run the "
    "test: it is used for this test only and not saved."
)
RESTORE_REASON = (
    "No token was saved for this remote on this machine (the server never returns it), and InfluxDB needs one "
    "to create it again. Paste it: it is saved in the keyring under the new remote's ID."
)


class RemoteTokenPrompt(ModalScreen[str | None]):
    """Dismisses with the typed token (the caller uses it once and keeps it nowhere), or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "remote_check.tcss"]
    AUTO_FOCUS = "#test-token"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="test-token.cancel"),
    ]

    def __init__(
        self, remote_name: str, *, purpose: str = "test", reason: str = REASON, ok_label: str = "Test"
    ) -> None:
        """`purpose` finishes the title ("Token to test NAME"); `reason` says why it is asked and where it goes."""
        super().__init__()
        self._remote_name = remote_name
        self._purpose = purpose
        self._reason = reason
        self._ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical(id="test-token-dialog", classes="modal-dialog"):
            yield Static(
                Content.assemble(f"Token to {self._purpose} ", (self._remote_name, "bold")),
                classes="modal-title",
            )
            yield Static(Content(self._reason), id="test-token-reason")
            yield FormInput(password=True, placeholder="The remote's API token", id="test-token")
            yield Static(id="test-token-error", classes="form-error")
            with Horizontal(classes="modal-buttons"):
                yield Button(self._ok_label, variant="primary", id="test-token-ok")
                yield Button("Cancel", id="test-token-cancel")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))

    @on(Input.Submitted)
    @on(Button.Pressed, "#test-token-ok")
    def _use(self) -> None:
        token = self.query_one("#test-token", Input).value.strip()
        if not token:
            error = self.query_one("#test-token-error", Static)
            error.update("Paste the token, or press Escape to cancel.")
            error.display = True
            return
        self.dismiss(token)

    @on(Button.Pressed, "#test-token-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
