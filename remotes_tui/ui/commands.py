"""The command palette's remote commands: every action of the main screen (or of the fleet view), minus the
ones hidden right now.

Each command runs the same action its key runs, so the palette and the keys cannot disagree; an action the
screen hides (`check_action` returns False, e.g. writes in read-only mode) is left out of the palette too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from remotes_tui.ui.screens.fleet import FleetScreen
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.widgets.status_line import SORT_LABELS


@dataclass(frozen=True)
class RemoteCommand:
    title: str
    action: str
    help: str


SCREEN_COMMANDS: tuple[RemoteCommand, ...] = (
    RemoteCommand("New remote connection", "new_remote", "Create a remote connection"),
    RemoteCommand("Edit remote connection", "edit_remote", "Edit the selected remote"),
    RemoteCommand("Delete remote connection", "delete_remote", "Delete the selected remote"),
    RemoteCommand("Undo last delete", "undo_delete", "Recreate what the last delete removed (new IDs)"),
    RemoteCommand("Filter remotes", "open_filter", "Filter the table as you type"),
    RemoteCommand("Clear filter", "clear_filter", "Show every remote again"),
    RemoteCommand("Cycle sort column", "cycle_sort", "Sort by the next column"),
    RemoteCommand("Reverse sort order", "reverse_sort", "Sort the other way round"),
    *(
        RemoteCommand(f"Sort by {label}", f"sort_by('{key}')", f"Sort by {label}; again to reverse")
        for key, label in SORT_LABELS.items()
    ),
    RemoteCommand("Refresh remotes", "refresh", "Reload the remotes from the server"),
    RemoteCommand("Test remote connection", "test_remote", "Test the selected remote from this machine"),
    RemoteCommand(
        "Pause or resume auto-refresh", "toggle_auto_refresh", "Stop or restart the automatic refresh"
    ),
    RemoteCommand("Show failing remotes", "show_failing", "Filter the table to the failing remotes"),
    RemoteCommand("Copy remote ID", "copy_id", "Copy the selected remote's ID to the clipboard"),
    RemoteCommand("Copy remote URL", "copy_url", "Copy the selected remote's URL to the clipboard"),
    RemoteCommand("Hide or show details", "toggle_details", "Give the table the whole width, or not"),
    RemoteCommand("Show keys", "help", "List every key of this screen"),
    RemoteCommand("Quit", "app.quit", "Quit remotes-tui"),
)

MAIN_COMMANDS: tuple[RemoteCommand, ...] = (
    RemoteCommand(
        "Mark or unmark remote", "toggle_mark", "Mark the selected remote; d deletes every marked one"
    ),
    RemoteCommand("Clear marks", "clear_marks", "Unmark every remote"),
    RemoteCommand(
        "Export remotes to a file…", "export_remotes", "Write this org's remotes to JSON (no tokens)"
    ),
    RemoteCommand(
        "Import remotes from a file…", "import_remotes", "Show the plan, then create what is missing"
    ),
    RemoteCommand("Open the fleet", "app.toggle_fleet", "Every saved server's remotes in one table"),
)

FLEET_COMMANDS: tuple[RemoteCommand, ...] = (
    RemoteCommand("Remote URLs of the fleet", "url_groups", "How many servers point at each URL"),
    RemoteCommand("Rotate a remote token", "rotate_token", "Give one URL's remotes a new token everywhere"),
    RemoteCommand("Open one server", "app.toggle_fleet", "The selected remote's server alone"),
)


class RemoteCommands(Provider):
    """Commands for the main screen or the fleet view, plus "Switch profile" when the app offers it."""

    def _main_screen(self) -> MainScreen | FleetScreen | None:
        """The screen under the palette that the commands act on (the main screen or the fleet view)."""
        if isinstance(self.screen, MainScreen | FleetScreen):
            return self.screen
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen | FleetScreen):
                return screen
        return None

    def _available(self) -> list[tuple[str, Callable[[], object], str]]:
        """(title, callback, help) for every command that can run now."""
        screen = self._main_screen()
        commands: list[tuple[str, Callable[[], object], str]] = []
        if screen is not None:
            keys = _keys_by_action(screen)
            extra = FLEET_COMMANDS if isinstance(screen, FleetScreen) else MAIN_COMMANDS
            columns = screen.table.spec.keys
            for command in (*SCREEN_COMMANDS, *extra):
                name = command.action.split("(")[0]
                if name.startswith("app."):
                    if self.app.check_action(name.removeprefix("app."), ()) is False:
                        continue
                elif screen.check_action(name, ()) is False:
                    continue
                if name == "sort_by" and command.action.split("'")[1] not in columns:
                    continue
                key = keys.get(command.action)
                help_text = f"{command.help} ({key})" if key else command.help
                commands.append((command.title, partial(screen.run_action, command.action), help_text))
        if callable(getattr(self.app, "action_switch_profile", None)) and self.app.check_action(
            "switch_profile", ()
        ):
            commands.append(
                (
                    "Switch profile",
                    partial(self.app.run_action, "switch_profile"),
                    "Open another saved server",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for title, callback, help_text in self._available():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._available():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


def _keys_by_action(screen: Screen[None]) -> dict[str, str]:
    """The key shown for each action, from the live bindings (so a keymap change shows here too)."""
    keys: dict[str, str] = {}
    for key, active in screen.active_bindings.items():
        if active.node is screen:
            keys.setdefault(active.binding.action, screen.app.get_key_display(active.binding.with_key(key)))
    return keys
