"""Textual's footer, rebuilt at most once per refresh and compact below 100 columns.

The stock `Footer` recomposes every key on each binding refresh; a focus change plus a state change in the
same tick would rebuild it twice. This one coalesces those into a single rebuild.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

NARROW_WIDTH = 100
"""Below this many columns the footer drops the padding and the right-hand ctrl+p hint."""


class KeyFooter(Footer):
    """A `Footer` whose rebuilds are coalesced, sized for the terminal width it starts in."""

    def __init__(self, *, width: int, id: str | None = None) -> None:
        narrow = width < NARROW_WIDTH
        super().__init__(id=id, compact=narrow, show_command_palette=not narrow)
        self._rebuild_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    def _rebuild(self, screen: Screen[object]) -> None:
        self._rebuild_pending = False
        super().bindings_changed(screen)

    def fit_width(self, width: int) -> None:
        """Switch between the compact and the roomy layout when the terminal crosses `NARROW_WIDTH`."""
        narrow = width < NARROW_WIDTH
        if self.compact != narrow:
            self.compact = narrow
            self.show_command_palette = not narrow  # ctrl+p still works; the help lists it
            self.refresh(recompose=True)
