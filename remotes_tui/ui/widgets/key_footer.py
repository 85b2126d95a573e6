"""The footer: the screen's keys, fitted to the terminal's width, built from public Textual API only.

It looks like Textual's `Footer` (the same `$footer-*` theme variables and spacing), but it is one widget
that draws the whole line: it listens to the screen's `bindings_updated_signal`, redraws at most once per
refresh and only when what it shows changed, and never lets keys fall off the right edge. When the keys do not fit, it turns
compact, then leaves out the keys the screen marked as expendable (they stay in the help and the palette);
the `^p palette` hint always stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from remotes_tui.ui.coalesced_call import CoalescedCall


class FooterItem(NamedTuple):
    """One key as the footer would show it."""

    binding: Binding
    key_display: str
    enabled: bool
    tooltip: str


def item_width(item: FooterItem, *, compact: bool) -> int:
    """Cells one footer key takes: "n New " compact (with its margin), " n New " roomy."""
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


class KeySpan(NamedTuple):
    """Where one key is drawn in the footer: its cells `x` to `x + width`, for clicks, tooltips and tests."""

    item: FooterItem
    x: int
    width: int

    @property
    def action(self) -> str:
        return self.item.binding.action

    @property
    def key_display(self) -> str:
        return self.item.key_display


_KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
_DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
_DISABLED = " dim"
_SEPARATOR_STYLE = "$foreground 20%"


def key_text(item: FooterItem, *, compact: bool) -> Content:
    """One key as drawn: " n New " roomy, "n New" compact (its margin is added by the line)."""
    key = item.key_display if compact else f" {item.key_display} "
    description = f" {item.binding.description}" if compact else f"{item.binding.description} "
    dim = "" if item.enabled else _DISABLED
    return Content.assemble((key, _KEY_STYLE + dim), (description, _DESCRIPTION_STYLE + dim))


class KeyFooter(Widget):
    """The screen's keys on one line; `expendable` actions are left out first when they do not fit.

    One widget that draws every key (rather than a widget per key): a change of the keys is a repaint, not
    a rebuild of children, which keeps the first frame and every later binding change cheap. A click on a
    key presses it; hovering shows the key's tooltip.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    compact: reactive[bool] = reactive(False, toggle_class="-compact", init=False)

    def __init__(self, *, expendable: Sequence[str] = (), id: str | None = None) -> None:
        """`expendable`: actions left out of the footer first (in this order) when the keys do not fit."""
        super().__init__(id=id)
        self._expendable = tuple(expendable)
        self._line = Content("")
        self._layout: tuple[int, bool, tuple[FooterItem, ...], FooterItem | None] | None = None
        self.spans: list[KeySpan] = []
        """Every key drawn, left to right, the palette's last."""
        self._rebuild_soon = CoalescedCall(self.call_after_refresh, self._rebuild)
        """Coalesce: a focus change and a state change in the same tick give one rebuild."""

    @property
    def shown_actions(self) -> list[str]:
        """The actions the footer shows now (after fitting), in order, without the palette's."""
        palette = self._layout[3] if self._layout else None
        return [span.action for span in self.spans if palette is None or span.item is not palette]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._rebuild()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._rebuild_soon.request()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._rebuild_soon.request()

    def _rebuild(self) -> None:
        items, palette = self._items()
        width = self.size.width or self.app.size.width
        compact, shown = fit_items(items, palette, width, self._expendable)
        layout = (width, compact, tuple(shown), palette)
        if layout == self._layout:
            return  # nothing the footer shows has changed
        self._layout = layout
        self.compact = compact
        self._line, self.spans = _draw(shown, palette, width, compact=compact)
        self.refresh()

    def _items(self) -> tuple[list[FooterItem], FooterItem | None]:
        """The keys to show, one per action, and the command palette's key (from the live bindings)."""
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
            palette = FooterItem(
                binding, self.app.get_key_display(binding), enabled, binding.tooltip or binding.description
            )
        return items, palette

    def render(self) -> Content:
        return self._line

    def _span_at(self, x: int) -> KeySpan | None:
        return next((span for span in self.spans if span.x <= x < span.x + span.width), None)

    def on_click(self, event: events.Click) -> None:
        span = self._span_at(event.x)
        if span is None:
            return
        if span.item.enabled:
            self.app.simulate_key(span.item.binding.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        span = self._span_at(event.x)
        self.tooltip = span.item.tooltip if span is not None and span.item.tooltip else None


def _draw(
    shown: Sequence[FooterItem], palette: FooterItem | None, width: int, *, compact: bool
) -> tuple[Content, list[KeySpan]]:
    """The footer line and where each key is: keys from the left, the palette's key at the right edge."""
    parts: list[Content] = []
    spans: list[KeySpan] = []
    x = 0
    for item in shown:
        text = key_text(item, compact=compact)
        spans.append(KeySpan(item, x, text.cell_length))
        parts.append(text + (" " if compact else ""))
        x += item_width(item, compact=compact)
    if palette is not None:
        text = key_text(palette, compact=compact)
        right = Content.assemble(("▏", _SEPARATOR_STYLE), text, "" if compact else " ")
        right = right + (" " if compact else "")
        gap = max(0, width - x - right.cell_length)
        parts.append(Content(" " * gap))
        spans.append(KeySpan(palette, x + gap + 1, text.cell_length))
        parts.append(right)
    return Content("").join(parts), spans
