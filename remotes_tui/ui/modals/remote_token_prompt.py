"""Ask for a remote's API token to test it, when none is saved: hidden input, used once, never stored."""

from __future__ import annotations

from textual.content import Content

from remotes_tui.ui.modals.token_prompt import TokenPrompt
from remotes_tui.ui.styles import styles_dir

REASON = (
    "No token is saved for this remote on this machine (the server never returns it). Paste it to run the "
    "test: it is used for this test only and not saved."
)


class RemoteTokenPrompt(TokenPrompt):
    """Dismisses with the typed token (the caller uses it once and keeps it nowhere), or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "remote_check.tcss"]
    ID_PREFIX = "test-token"
    PLACEHOLDER = "The remote's API token"
    OK_LABEL = "Test"
    EMPTY_HINT = "Paste the token, or press Escape to cancel."

    def __init__(self, remote_name: str) -> None:
        super().__init__(Content.assemble("Token to test ", (remote_name, "bold")), REASON)
