"""A virtual table of remote connections that renders only the rows on screen.

Textual's `DataTable` needs about a second to refill 10,000 rows; this widget keeps the rows as plain
precomputed tuples (`TableModel`) and draws each visible line on demand through the line API
(`ScrollView.render_line`), so filling, filtering and sorting cost little more than a list operation.
The header is line 0 of the widget and never scrolls; row `i` is virtual line `i + 1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import EllipsisType
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from remotes_tui.ui.coalesced_call import CoalescedCall
from remotes_tui.ui.widgets.cursor_keys import cursor_bindings
from remotes_tui.ui.widgets.scroll_height import set_scroll_height
from remotes_tui.ui.widgets.table_model import (
    CELL_PADDING,
    COLUMNS,
    HEALTH_PENDING,
    NO_VALUE,
    REMOTES_SPEC,
    Column,
    ColumnLayout,
    Row,
    TableModel,
    TableSpec,
    fit,
    fit_url,
    layout_columns,
)

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.api.health import HealthIndex

_PAD = " " * CELL_PADDING
MARK = "✓"
"""Drawn in the first cell of a marked row (`space` on the main screen), in the accent colour."""


@dataclass(kw_only=True)
class TableMessage(Message):
    """A message from a `RemotesTable`: `control` is the table, so `@on(..., "#id")` selects by the table."""

    table: RemotesTable | None = None

    @property
    def control(self) -> RemotesTable | None:
        return self.table


class RemotesTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Remote connections as a sortable, filterable table with a row cursor."""

    COLUMNS: ClassVar[tuple[Column, ...]] = COLUMNS

    BINDINGS: ClassVar[list[BindingType]] = cursor_bindings("Open", paging=True)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "remotes-table--header",
        "remotes-table--header-sorted",
        "remotes-table--even-row",
        "remotes-table--odd-row",
        "remotes-table--cursor",
        "remotes-table--insecure",
        "remotes-table--muted",
        "remotes-table--failing",
        "remotes-table--queue",
        "remotes-table--healthy",
        "remotes-table--marked",
    }

    DEFAULT_CSS = """
    RemotesTable {
        width: 1fr;
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .remotes-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .remotes-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .remotes-table--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        & > .remotes-table--header-sorted {
            color: $text-accent;
            text-style: bold;
        }
        & > .remotes-table--odd-row {
            background: $boost;
        }
        & > .remotes-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .remotes-table--insecure {
            color: $text-warning;
            text-style: bold;
        }
        & > .remotes-table--muted {
            color: $text-muted;
        }
        & > .remotes-table--failing {
            color: $text-error;
            text-style: bold;
        }
        & > .remotes-table--queue {
            color: $text-warning;
            text-style: bold;
        }
        & > .remotes-table--healthy {
            color: $text-success;
        }
        & > .remotes-table--marked {
            color: $text-accent;
            text-style: bold;
        }
    }
    """

    @dataclass
    class Highlighted(TableMessage):
        """The cursor moved to another remote (or onto nothing), or the rows were replaced or filtered."""

        remote: RemoteConnection | None

    @dataclass
    class Selected(TableMessage):
        """Enter or a double click on a remote."""

        remote: RemoteConnection

    @dataclass
    class SortChanged(TableMessage):
        """The sort column or direction changed."""

        key: str
        reverse: bool

    def __init__(
        self,
        remotes: Sequence[RemoteConnection] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        spec: TableSpec = REMOTES_SPEC,
    ) -> None:
        """`spec` says which columns the table has (`REMOTES_SPEC`: one server's; the fleet adds Server)."""
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.spec = spec
        self._url = spec.index("remote_url")
        self._tls = spec.index("allow_insecure_tls")
        self._remote_org = spec.index("remote_org_id")
        self._health = spec.index("health")
        self._model = TableModel(spec)
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(512)
        self._styles: dict[tuple[str, Style | None], Style] = {}
        self._header: tuple[tuple[object, ...], Strip] | None = None
        self._layout: tuple[tuple[int, tuple[int, ...]], tuple[ColumnLayout, ...]] | None = None
        self._announcement = CoalescedCall(self.call_later, self._post_highlighted)
        """Posts the one `Highlighted` of a batch of changes (see `_announce`)."""
        self._announce_force = False
        self._announced: RemoteConnection | None = None
        self._ready = False
        """True from `on_mount` on: messages posted before that would be lost."""
        self._marked: set[str] = set()
        """The keys of the marked rows (kept while those rows exist, whatever the filter or the sort)."""
        if remotes:
            self._model.set_remotes(remotes)

    # -- public API ----------------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        """The current filter as typed ("" when unfiltered)."""
        return self._model.filter_text

    @property
    def sort_key(self) -> str:
        return self._model.sort_key

    @property
    def sort_reverse(self) -> bool:
        return self._model.sort_reverse

    @property
    def selected(self) -> RemoteConnection | None:
        """The remote under the cursor, or None when no row is visible."""
        return self._model.selected

    @property
    def selected_row(self) -> Row | None:
        """The row under the cursor (its key and, in the fleet, its server), or None."""
        return self._model.selected_row

    @property
    def rows(self) -> Sequence[Row]:
        """Every row, filtered or not, in sort order."""
        return self._model.rows

    @property
    def visible_rows(self) -> Sequence[Row]:
        """The rows that match the filter, in display order."""
        return self._model.visible

    @property
    def cursor_row(self) -> int:
        """The cursor's position among the visible rows."""
        return self._model.cursor

    @property
    def visible_count(self) -> int:
        return self._model.visible_count

    @property
    def total_count(self) -> int:
        return self._model.total_count

    @property
    def all_remotes(self) -> Sequence[RemoteConnection]:
        """Every remote, filtered or not, in the order they were given."""
        return self._model.remotes

    @property
    def visible_remotes(self) -> Sequence[RemoteConnection]:
        """The remotes that match the filter, in display order (a new list; O(n))."""
        return [row.remote for row in self._model.visible]

    @property
    def health(self) -> HealthIndex | None:
        """The health the Health column shows (None until the first replications list arrived)."""
        return self._model.health

    def set_remotes(
        self,
        remotes: Sequence[RemoteConnection],
        *,
        keep_id: str | None = None,
        health: HealthIndex | EllipsisType | None = ...,
    ) -> None:
        """Replace all rows, keeping the cursor on `keep_id` (default: the selected remote) or clamping it.

        `health` replaces the Health column's verdicts; left out, the last ones stay. When the same remote
        stays selected (a refresh), it also stays on the same screen line: rows added or removed above it
        do not make the view jump.
        """
        line = self._cursor_line()
        before = self.selected
        self._model.set_remotes(remotes, keep_id=keep_id, health=health)
        self._keep_existing_marks()
        after = self.selected
        same = before is not None and after is not None and before.id == after.id
        self._rows_changed(force_announce=True, cursor_line=line if same else None)

    def set_health(self, health: HealthIndex | None) -> None:
        """New verdicts for the Health column; the cursor, the filter and the scroll position stay."""
        line = self._cursor_line()
        self._model.set_health(health)
        self._rows_changed(cursor_line=line)

    def _cursor_line(self) -> int | None:
        """The cursor's line in the body (0 = first row under the header), while it is on screen."""
        if not self._ready:
            return None
        line = self._model.cursor - round(self.scroll_y)
        return line if 0 <= line < self._body_height else None

    def set_rows(self, rows: Sequence[Row], *, keep_key: str | None = None) -> None:
        """Replace all rows with rows made for this table's spec (the fleet's), keeping the cursor's row, on
        the same screen line when it stays selected."""
        line = self._cursor_line()
        before = self._model.selected_row
        self._model.set_rows(rows, keep_key=keep_key)
        self._keep_existing_marks()
        after = self._model.selected_row
        same = before is not None and after is not None and before.key == after.key
        self._rows_changed(force_announce=True, cursor_line=line if same else None)

    def set_filter(self, text: str) -> None:
        """Show only remotes whose name, URL, description, remote org ID, ID or org ID contain `text`."""
        if self._model.set_filter(text):
            self._rows_changed(force_announce=True)

    def sort_by(self, key: str, *, reverse: bool | None = None) -> None:
        """Sort by column `key`; the same key again without `reverse` toggles the direction."""
        before = (self._model.sort_key, self._model.sort_reverse)
        self._model.sort_by(key, reverse=reverse)
        if (self._model.sort_key, self._model.sort_reverse) != before:
            self._rows_changed()
            self.post_message(self.SortChanged(self.sort_key, self.sort_reverse, table=self))

    def cycle_sort(self) -> None:
        """Sort by the next column, ascending."""
        self.sort_by(self._model.next_sort_key(), reverse=False)

    def select_id(self, remote_id: str) -> bool:
        """Move the cursor to a remote and scroll it into view; False if it is not visible.

        In the fleet's table, pass the row's key (server and ID)."""
        index = self._model.index_of(remote_id)
        if index is None:
            return False
        self._move_cursor(index)
        return True

    # -- marks ---------------------------------------------------------------------------------------

    @property
    def marked_keys(self) -> frozenset[str]:
        return frozenset(self._marked)

    @property
    def marked_remotes(self) -> list[RemoteConnection]:
        """The marked remotes, shown or filtered out, in the table's sort order."""
        return [row.remote for row in self._model.rows if row.key in self._marked]

    def toggle_mark(self) -> bool | None:
        """Mark or unmark the row under the cursor; its new state (None: no row)."""
        row = self._model.selected_row
        if row is None:
            return None
        marked = row.key not in self._marked
        if marked:
            self._marked.add(row.key)
        else:
            self._marked.discard(row.key)
        self._strips.clear()
        self.refresh_line(self._model.cursor + 1)
        return marked

    def clear_marks(self) -> bool:
        """Unmark every row; False when none was marked."""
        if not self._marked:
            return False
        self._marked.clear()
        self._strips.clear()
        self.refresh()
        return True

    def _keep_existing_marks(self) -> None:
        """After new rows: forget the marks of rows that are gone (deleted on the server)."""
        if self._marked:
            self._marked &= {row.key for row in self._model.rows}

    # -- cursor --------------------------------------------------------------------------------------

    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _move_cursor(self, index: int) -> None:
        old = self._model.cursor
        if self._model.move_cursor(index):
            self.refresh_line(old + 1)
            self.refresh_line(self._model.cursor + 1)
        self._scroll_cursor_into_view()
        self._announce()

    def _scroll_cursor_into_view(self) -> None:
        cursor, top, body = self._model.cursor, round(self.scroll_y), self._body_height
        target = min(top, max(0, self.visible_count + 1 - self.scrollable_content_region.height))
        if cursor < target:
            target = cursor
        elif cursor >= target + body:
            target = cursor - body + 1
        if target != top:
            self.scroll_to(y=target, animate=False, force=True)

    def action_cursor_up(self) -> None:
        self._move_cursor(self._model.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._model.cursor + 1)

    def action_cursor_page_up(self) -> None:
        self._move_cursor(self._model.cursor - self._body_height)

    def action_cursor_page_down(self) -> None:
        self._move_cursor(self._model.cursor + self._body_height)

    def action_cursor_first(self) -> None:
        self._move_cursor(0)

    def action_cursor_last(self) -> None:
        self._move_cursor(self.visible_count - 1)

    def action_select_cursor(self) -> None:
        remote = self.selected
        if remote is not None:
            self.post_message(self.Selected(remote, table=self))

    # -- messages ------------------------------------------------------------------------------------

    def _announce(self, *, force: bool = False) -> None:
        """Post one `Highlighted` per batch of changes, once the current handler has finished."""
        self._announce_force |= force
        if self._ready:
            self._announcement.request()

    def _post_highlighted(self) -> None:
        remote = self.selected
        if self._announce_force or remote is not self._announced:
            self._announce_force = False
            self._announced = remote
            self.post_message(self.Highlighted(remote, table=self))

    def on_mount(self) -> None:
        self._ready = True
        self._rows_changed(force_announce=True)

    def _rows_changed(self, *, force_announce: bool = False, cursor_line: int | None = None) -> None:
        self._strips.clear()
        self._header = None
        set_scroll_height(self, self.visible_count + 1)  # no layout pass unless the scrollbar changes
        self.refresh()
        if self._ready:
            if cursor_line is not None:
                room = self.scrollable_content_region.height
                top = max(0, min(self._model.cursor - cursor_line, self.visible_count + 1 - room))
                if top != round(self.scroll_y):
                    self.scroll_to(y=top, animate=False, force=True)
            self._scroll_cursor_into_view()
        self._announce(force=force_announce)

    # -- mouse ---------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            for column in self._columns():
                if column.x <= offset.x < column.x + column.width + 2 * CELL_PADDING:
                    self.sort_by(self.spec.columns[column.position].key)
                    return
            return
        index = round(self.scroll_y) + offset.y - 1
        if not 0 <= index < self.visible_count:
            return
        self._move_cursor(index)
        if event.chain >= 2:
            self.action_select_cursor()

    # -- rendering -----------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()
        self._header = None

    def on_focus(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._header = None
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._header = None
        self.refresh()

    def on_resize(self) -> None:
        self._strips.clear()
        self._header = None
        self._scroll_cursor_into_view()

    def _columns(self) -> tuple[ColumnLayout, ...]:
        key = (self.scrollable_content_region.width, self._model.max_widths)
        if self._layout is None or self._layout[0] != key:
            self._layout = (key, layout_columns(self._model.max_widths, key[0], self.spec))
        return self._layout[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._render_header(width)
        index = round(self.scroll_y) + y - 1
        if index >= self.visible_count:
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self._model.cursor
        key = (index, is_cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(index, is_cursor, width)
            self._strips[key] = strip
        return strip

    def _style(self, component: str, on: Style | None = None) -> Style:
        """A row's style (`on` None: the widget's with the component's), or a cell's colour on a row's
        style; remembered until the styles change, so drawing a row looks up no CSS."""
        key = (component, on)
        cached = self._styles.get(key)
        if cached is None:
            overlay = self.get_component_rich_style(component)
            cached = self.rich_style + overlay if on is None else _combine(on, overlay)
            self._styles[key] = cached
        return cached

    def _render_header(self, width: int) -> Strip:
        key = (width, self.sort_key, self.sort_reverse)
        if self._header is not None and self._header[0] == key:
            return self._header[1]
        base = self.rich_style + self.get_component_rich_style("remotes-table--header")
        sorted_style = _combine(base, self.get_component_rich_style("remotes-table--header-sorted"))
        arrow = " ▼" if self.sort_reverse else " ▲"
        segments: list[Segment] = []
        for column in self._columns():
            if self.spec.columns[column.position].key == self.sort_key:
                label = fit(column.label, max(0, column.width - 2)).rstrip() + arrow
                segments.append(Segment(_PAD + fit(label, column.width) + _PAD, sorted_style))
            else:
                segments.append(Segment(_PAD + fit(column.label, column.width) + _PAD, base))
        strip = Strip(segments).adjust_cell_length(width, base)
        self._header = (key, strip)
        return strip

    def _render_row(self, index: int, is_cursor: bool, width: int) -> Strip:
        row = self._model.visible[index]
        strip = self._render_cells(row.cells, index, is_cursor, width)
        if row.key not in self._marked:
            return strip
        mark_style = self._style("remotes-table--marked", on=self._row_style(index, is_cursor))
        return Strip.join([Strip([Segment(MARK, mark_style)]), strip.crop(1, width)])

    def _row_style(self, index: int, is_cursor: bool) -> Style:
        if is_cursor:
            return self._style("remotes-table--cursor")
        return self._style("remotes-table--odd-row" if index % 2 else "remotes-table--even-row")

    def _render_cells(self, cells: tuple[str, ...], index: int, is_cursor: bool, width: int) -> Strip:
        style = self._row_style(index, is_cursor)
        segments: list[Segment] = []
        plain: list[str] = []
        url, tls, remote_org, health = self._url, self._tls, self._remote_org, self._health
        for column in self._columns():
            fitted = (fit_url if column.position == url else fit)(cells[column.position], column.width)
            text = _PAD + fitted + _PAD
            special = None
            if not is_cursor:
                if column.position == health:
                    special = _health_class(cells[health])
                elif column.position == tls and cells[tls] == "yes":
                    special = "remotes-table--insecure"
                elif column.position == remote_org and cells[remote_org] == NO_VALUE:
                    special = "remotes-table--muted"
            if special is None:
                plain.append(text)
                continue
            if plain:
                segments.append(Segment("".join(plain), style))
                plain = []
            segments.append(Segment(text, self._style(special, on=style)))
        if plain:
            segments.append(Segment("".join(plain), style))
        return Strip(segments).adjust_cell_length(width, style)


def _health_class(label: str) -> str | None:
    """The component class that colours a health label (the word itself says the same)."""
    if label.startswith("failing"):
        return "remotes-table--failing"
    if label.startswith("queue"):
        return "remotes-table--queue"
    if label == "ok":
        return "remotes-table--healthy"
    if label == HEALTH_PENDING or label in ("unused", "no data yet", "unknown"):
        return "remotes-table--muted"
    return None


def _combine(style: Style, overlay: Style) -> Style:
    """`overlay`'s colour and text style on `style`'s background."""
    return style + Style(color=overlay.color, bold=overlay.bold, italic=overlay.italic)
