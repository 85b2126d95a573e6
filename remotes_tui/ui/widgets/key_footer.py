"""Textual's footer, rebuilt at most once per refresh, and fitted to the terminal's width.

The stock `Footer` recomposes every key on each binding refresh; a focus change plus a state change in the
same tick would rebuild it twice. This one coalesces those into a single rebuild. It also never lets keys
fall off the right edge: when the keys do not fit, it turns compact, then leaves out the keys the screen
marked as expendable (they stay in the help and the palette), and the `^p palette` hint always stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not re-exported by textual.widgets


class FooterItem(NamedTuple):
    """One key as the footer would show it."""

    binding: Binding
    key_display: str
    enabled: bool
    tooltip: str


def item_width(item: FooterItem, *, compact: bool) -> int:
    """Cells one footer key takes: "n New " compact, " n New " roomy (Textual's FooterKey styles)."""
    text = cell_len(item.key_display) + cell_len(item.binding.description)
    return text + 2 if compact else text + 3


def palette_width(item: FooterItem | None, *, compact: bool) -> int:
    """Cells of the right-docked palette hint, with its separator bar."""
    if item is None:
        return 0
    return item_width(item, compact=compact) + (1 if compact else 2)


def fit_items(
    items: Sequence[FooterItem],
    palette: FooterItem | None,
    width: int,
    expendable: Sequence[str] = (),
) -> tuple[bool, list[FooterItem]]:
    """(compact, the keys to show) so that every shown key and the palette hint fit in `width` cells.

    Roomy if everything fits, else compact; then the `expendable` actions are left out in the order given,
    and if still too wide, keys from the right end (the help key is kept as long as possible).
    """
    for compact in (False, True):
        if _total(items, palette, compact) <= width:
            return compact, list(items)
    kept = list(items)
    for action in expendable:
        kept = [item for item in kept if item.binding.action != action]
        if _total(kept, palette, True) <= width:
            return True, kept
    while kept and _total(kept, palette, True) > width:
        droppable = [item for item in kept if item.binding.action != "help"] or kept
        kept.remove(droppable[-1])
    return True, kept


def _total(items: Iterable[FooterItem], palette: FooterItem | None, compact: bool) -> int:
    return sum(item_width(item, compact=compact) for item in items) + palette_width(palette, compact=compact)


class KeyFooter(Footer):
    """A `Footer` whose rebuilds are coalesced and whose keys always fit the width it is given."""

    def __init__(self, *, width: int, expendable: Sequence[str] = (), id: str | None = None) -> None:
        """`expendable`: actions left out of the footer first (in this order) when the keys do not fit."""
        super().__init__(id=id, show_command_palette=True)
        self._width = width
        self._expendable = tuple(expendable)
        self._rebuild_pending = False
        self.shown_actions: list[str] = []
        """The actions the footer shows now (after fitting), in order; for tests."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    def _rebuild(self, screen: Screen[object]) -> None:
        self._rebuild_pending = False
        super().bindings_changed(screen)

    def fit_width(self, width: int) -> None:
        """Fit the keys again when the terminal's width changed."""
        if width != self._width:
            self._width = width
            if self._bindings_ready:
                self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        """One `FooterKey` per shown action (no binding groups: this app defines none)."""
        if not self._bindings_ready:
            return
        active_bindings = self.screen.active_bindings
        items: list[FooterItem] = []
        seen: set[str] = set()
        for _, binding, enabled, tooltip in active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                items.append(FooterItem(binding, self.app.get_key_display(binding), enabled, tooltip))
        palette: FooterItem | None = None
        if self.app.ENABLE_COMMAND_PALETTE and (
            active := active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        ):
            _, binding, enabled, tooltip = active
            palette = FooterItem(binding, self.app.get_key_display(binding), enabled, tooltip)
        compact, shown = fit_items(items, palette, self._width, self._expendable)
        self.compact = compact
        self.shown_actions = [item.binding.action for item in shown]
        for item in shown:
            yield FooterKey(
                item.binding.key,
                item.key_display,
                item.binding.description,
                item.binding.action,
                disabled=not item.enabled,
                tooltip=item.tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            yield FooterKey(
                palette.binding.key,
                palette.key_display,
                palette.binding.description,
                palette.binding.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=palette.binding.tooltip or palette.binding.description,
            ).data_bind(compact=Footer.compact)
