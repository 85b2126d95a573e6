"""Cancel on a form: never while it saves, at once when nothing was typed, else after asking.

The remote form and the profile form close the same way: a save in flight may already have changed the
server or the profiles file, so the form waits for it (and says so); typed values are only dropped once the user
has confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from remotes_tui.ui.modals.confirm import ConfirmModal

DISCARD = ("Discard your changes?", "Discard", "Keep editing")
"""The question (message, confirm label, cancel label) asked before dropping what was typed."""


def cancel_form(
    form: Screen[Any],
    *,
    dirty: bool,
    saving: Callable[[], bool],
    saving_note: str,
    question: tuple[str, str, str] = DISCARD,
) -> None:
    """Dismiss `form` with None, unless `saving()` (then `saving_note` is shown) or, when `dirty`, the user
    keeps editing when asked `question` (a save that started meanwhile also keeps the form)."""
    if saving():
        form.notify(saving_note, timeout=3)
        return
    if not dirty:
        form.dismiss(None)
        return

    def discard(confirmed: bool | None) -> None:
        if confirmed and not saving():
            form.dismiss(None)

    form.app.push_screen(ConfirmModal(*question), discard)
