"""The `?` help: every key of the screen it was opened from, generated from the live bindings, grouped.

Nothing here is hand-written per key, so the help cannot drift from the real bindings, and a keymap
change or read-only mode (which hides n/e/d) shows up here automatically.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from remotes_tui.ui.styles import styles_dir


@dataclass
class HelpEntry:
    """One action and all the keys that trigger it."""

    keys: list[str]
    description: str
    enabled: bool
    detail: str = ""
    shown: bool = False
    """Also shown in the footer (such entries come first in their group)."""


@dataclass
class HelpGroup:
    title: str
    entries: dict[str, HelpEntry] = field(default_factory=dict)


def group_title(node: DOMNode) -> str:
    """The heading for the bindings a node defines: its BINDING_GROUP_TITLE, else a readable class name."""
    title = getattr(node, "BINDING_GROUP_TITLE", None)
    if title:
        return str(title)
    if node is node.app:
        return "Everywhere"
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", type(node).__name__) or [type(node).__name__]
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def help_groups(bindings: Mapping[str, ActiveBinding], key_display: dict[str, str]) -> list[HelpGroup]:
    """Group active bindings by the node that defines them, merging keys that run the same action.

    `key_display` maps a key to how the app shows it ('?', '/', 'esc'); system bindings are left out.
    """
    groups: dict[int, tuple[DOMNode, HelpGroup]] = {}
    for key, active in bindings.items():
        binding = active.binding
        if binding.system:
            continue
        node = active.node
        _, group = groups.setdefault(id(node), (node, HelpGroup(group_title(node))))
        description = binding.description or binding.action.replace("_", " ")
        description = description[:1].upper() + description[1:]
        detail = binding.tooltip if binding.tooltip.rstrip(".") != description else ""
        entry = group.entries.setdefault(
            binding.action, HelpEntry([], description, active.enabled, detail, binding.show)
        )
        shown = key_display.get(key, key)
        if shown not in entry.keys:
            entry.keys.append(shown)
    # The screen's own keys first, then the focused widget's, then the app-wide ones.
    ordered = sorted(groups.values(), key=lambda node_and_group: _node_rank(node_and_group[0]))
    for _, group in ordered:
        group.entries = dict(sorted(group.entries.items(), key=lambda item: not item[1].shown))
    return [group for _, group in ordered]


def _node_rank(node: DOMNode) -> int:
    if isinstance(node, Screen):
        return 0
    return 2 if node is node.app else 1


KEYS_WIDTH = 13
"""The keys column ("^c / super+c" is the widest, plus a space)."""
DESCRIPTION_WIDTH = 13
"""The description column when a detail follows: with the 80-cell dialog, every line fits in one row."""


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys; Escape, q or ? closes it."""

    BINDING_GROUP_TITLE = "Help"
    CSS_PATH = styles_dir() / "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close-help"),
    ]

    def __init__(self, bindings: Mapping[str, ActiveBinding]) -> None:
        super().__init__(id="help")
        self.source_bindings = dict(bindings)
        self.lines: list[str] = []
        """The help as plain text, one line per heading or entry (for tests and screen readers)."""

    def compose(self) -> ComposeResult:
        display = {
            key: self.app.get_key_display(active.binding.with_key(key))
            for key, active in self.source_bindings.items()
        }
        with Vertical(id="help-dialog"):
            yield Static("Keys", id="help-title", markup=False)
            with VerticalScroll(id="help-body"):
                for group in help_groups(self.source_bindings, display):
                    self.lines.append(group.title)
                    yield Static(group.title, classes="help-group-title", markup=False)
                    for entry in group.entries.values():
                        content = self._entry_content(entry)
                        self.lines.append(content.plain)
                        yield Static(content, classes="help-entry")
            yield Static(
                "Generated from the active key bindings. Dimmed keys need a selected remote. "
                "ctrl+p opens the command palette. Escape closes this help.",
                id="help-footer",
                markup=False,
            )

    @staticmethod
    def _entry_content(entry: HelpEntry) -> Content:
        keys = " / ".join(entry.keys)
        style = "" if entry.enabled else "$text-muted"
        parts: list[str | tuple[str, str]] = [(keys.ljust(KEYS_WIDTH), "bold $accent"), " "]
        if entry.detail:
            parts += [(entry.description.ljust(DESCRIPTION_WIDTH), style), " ", (entry.detail, "$text-muted")]
        else:
            parts.append((entry.description, style))
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
