"""The footer: the screen's keys, fitted to the terminal's width, built from public Textual API only.

It looks like Textual's `Footer` (the same `$footer-*` theme variables and spacing), but it is its own
widget: it listens to the screen's `bindings_updated_signal`, rebuilds at most once per refresh and only
when what it shows changed, and never lets keys fall off the right edge. When the keys do not fit, it turns
compact, then leaves out the keys the screen marked as expendable (they stay in the help and the palette);
the `^p palette` hint always stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget


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


class KeyHint(Widget):
    """One key in the footer ("n New"); dimmed when its action cannot run now; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-hint--key", "key-hint--description"}
    DEFAULT_CSS = """
    KeyHint {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .key-hint--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-hint--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
    }
    """

    compact: reactive[bool] = reactive(True)

    def __init__(self, item: FooterItem, *, compact: bool, classes: str = "") -> None:
        super().__init__(classes=f"{classes} -disabled" if not item.enabled else classes)
        self.key = item.binding.key
        self.key_display = item.key_display
        self.description = item.binding.description
        self.action = item.binding.action
        self.enabled = item.enabled
        self.set_reactive(KeyHint.compact, compact)
        if item.tooltip:
            self.tooltip = item.tooltip

    def render(self) -> Text:
        key = self.key_display if self.compact else f" {self.key_display} "
        description = f" {self.description}" if self.compact else f"{self.description} "
        text = Text.assemble(
            (key, self.get_component_rich_style("key-hint--key")),
            (description, self.get_component_rich_style("key-hint--description")),
        )
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        if self.enabled:
            self.app.simulate_key(self.key)
        else:
            self.app.bell()


class KeyFooter(Widget):
    """The screen's keys on one line; `expendable` actions are left out first when they do not fit."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        layout: horizontal;
        overflow: hidden hidden;
        color: $footer-foreground;
        background: $footer-background;
        KeyHint.-command-palette {
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
        &.-compact {
            KeyHint { margin-right: 1; }
            KeyHint.-command-palette { padding-right: 0; }
        }
    }
    """

    compact: reactive[bool] = reactive(False, toggle_class="-compact", init=False)

    def __init__(self, *, expendable: Sequence[str] = (), id: str | None = None) -> None:
        """`expendable`: actions left out of the footer first (in this order) when the keys do not fit."""
        super().__init__(id=id)
        self._expendable = tuple(expendable)
        self._shown: tuple[bool, tuple[FooterItem, ...], FooterItem | None] | None = None
        self._rebuild_pending = False

    @property
    def shown_actions(self) -> list[str]:
        """The actions the footer shows now (after fitting), in order; for tests."""
        return [] if self._shown is None else [item.binding.action for item in self._shown[1]]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._rebuild()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._schedule_rebuild()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._schedule_rebuild()

    def _schedule_rebuild(self) -> None:
        """Coalesce: a focus change and a state change in the same tick give one rebuild."""
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _rebuild(self) -> None:
        self._rebuild_pending = False
        items, palette = self._items()
        width = self.size.width or self.app.size.width
        compact, shown = fit_items(items, palette, width, self._expendable)
        layout = (compact, tuple(shown), palette)
        if layout != self._shown:  # rebuilding every key for nothing would cost a layout
            self._shown = layout
            self.compact = compact
            self.refresh(recompose=True)

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

    def compose(self) -> ComposeResult:
        if self._shown is None:
            return
        compact, shown, palette = self._shown
        for item in shown:
            yield KeyHint(item, compact=compact)
        if palette is not None:
            yield KeyHint(palette, compact=compact, classes="-command-palette")
