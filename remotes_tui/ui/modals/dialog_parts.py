"""Parts the dialogs share: the row of buttons above the key hints, and the keys of a yes/no dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Static


def modal_buttons(*buttons: Button) -> ComposeResult:
    """The dialog's buttons in one row, then the line its key hints go in (`key_hints` fills it)."""
    yield Horizontal(*buttons, classes="modal-buttons")
    yield Static(classes="modal-help")


def yes_no_bindings(
    scope: str,
    yes: str,
    no: str,
    *,
    ids: tuple[str, str] = ("confirm", "cancel"),
    arrows: tuple[str, str] = ("left", "right"),
) -> list[BindingType]:
    """A yes/no dialog's keys: `y` confirms, `n` or Escape cancels, `arrows` move between the buttons.
    The binding IDs are `scope.` + `ids` (what a user's keymap names)."""
    return [
        Binding("y", "confirm", yes, id=f"{scope}.{ids[0]}"),
        Binding("n,escape", "cancel", no, id=f"{scope}.{ids[1]}"),
        Binding(arrows[0], "app.focus_previous", "Previous", show=False),
        Binding(arrows[1], "app.focus_next", "Next", show=False),
    ]
