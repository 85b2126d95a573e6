"""Ask for a file's path (the palette's export and import): one input with a default, Enter to go on."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from remotes_tui.ui.modals.text_prompt import TextPrompt
from remotes_tui.ui.styles import styles_dir


class PathPrompt(TextPrompt[Path]):
    """Dismisses with the path as typed (relative to the current directory; the caller expands `~`, so the
    dialog can be asked again showing what was typed), or None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "transfer.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path-prompt.cancel"),
    ]
    ID_PREFIX = "path"
    INPUT_ID = "path-input"
    PLACEHOLDER = "A file path"
    EMPTY_HINT = "Type a file path, or press Escape to cancel."

    def __init__(self, title: str, reason: str, default: str, ok_label: str, *, problem: str = "") -> None:
        """`default`: the path the input holds; `problem`: why that path failed last time (shown under it)."""
        super().__init__(Content(title), reason, value=default, ok_label=ok_label, problem=problem)

    def answer(self, typed: str) -> Path:
        return Path(typed)
