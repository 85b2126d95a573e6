"""Ask for a token to use for this session only (masked), when a profile has none saved or no keyring works."""

from __future__ import annotations

from textual.content import Content

from remotes_tui.ui.modals.token_prompt import TokenPrompt
from remotes_tui.ui.styles import styles_dir


class SessionTokenModal(TokenPrompt):
    """Dismisses with the typed token (kept in memory by the caller, never saved), or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "profiles.tcss"]
    ID_PREFIX = "session-token"
    PLACEHOLDER = "API token"
    OK_LABEL = "Use this token"
    EMPTY_HINT = "Enter the token, or press Escape to cancel."

    def __init__(self, profile_name: str, reason: str) -> None:
        super().__init__(
            Content.assemble("Token for ", (profile_name, "bold"), " (this session only)"), reason
        )
