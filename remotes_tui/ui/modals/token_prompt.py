"""A masked token input with OK and Cancel, for the prompts that ask for a token the caller uses and never saves.

Each prompt (`RemoteTokenPrompt`, `SessionTokenModal`) gives its title, its reason, its words and the prefix of
its widgets' IDs (which its styles and tests name); the layout and the handling of an empty answer are
`TextPrompt`'s.
"""

from __future__ import annotations

from textual.content import Content

from remotes_tui.ui.modals.text_prompt import TextPrompt


class TokenPrompt(TextPrompt[str]):
    """Dismisses with the typed token (stripped), or None on Cancel/Escape; an empty answer says what to do."""

    PASSWORD = True

    def __init__(self, title: Content, reason: str) -> None:
        super().__init__(title, reason)

    def answer(self, typed: str) -> str:
        return typed
