"""The pure row model behind the remotes table: display strings, filter, sort and cursor, no Textual.

Everything a render or a keystroke needs is precomputed once per `set_remotes` in O(n) (display cells,
a lowercased haystack, sort keys, maximum cell widths), so filtering 10,000 rows is a list comprehension
over plain tuples and sorting is one `sorted` call.

A `TableSpec` says which columns a table has and in which order they are shown: `REMOTES_SPEC` is one
server's table; the fleet's (`fleet_table_model.FLEET_SPEC`) adds a Server column. A row's `key` identifies it
(the remote's ID, or server and ID in the fleet, where two servers may hold the same ID).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import EllipsisType
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.cells import cell_len, get_character_cell_size, set_cell_size

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.api.health import HealthIndex

NO_VALUE = "—"
"""What an empty remote org ID shows."""
HEALTH_PENDING = "…"
"""The health cell before the first replications list has arrived."""
_PENDING_RANK = (99, 0.0)
"""Sorts rows whose health is not known yet after every known state."""
ELLIPSIS = "…"
CELL_PADDING = 1
"""Blank cells on each side of every column."""
MIN_URL_WIDTH = 20
"""Below this the URL column is too short to read, so lower-priority columns give way."""

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: its key (a `RemoteConnection` field), header labels and sizing limits.

    A column is as wide as its widest cell, between `min_width` and `max_width`; when the table is short
    of room it may be squeezed down to `squeeze_width` (cells cut with an ellipsis) before any column is
    hidden.
    """

    key: str
    label: str
    short_label: str
    min_width: int
    max_width: int
    squeeze_width: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", "Name", 8, 24, squeeze_width=12),
    Column("health", "Health", "Health", 6, 15),  # never cut: "failing refused" is its longest word
    Column("remote_url", "Remote URL", "URL", 12, 10_000),
    Column("remote_org_id", "Remote Org ID", "Remote org", 6, 16, squeeze_width=10),
    Column("allow_insecure_tls", "Insecure TLS", "TLS", 3, 14),
    Column("id", "ID", "ID", 6, 16, squeeze_width=12),
)
COLUMN_KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
DEFAULT_SORT_KEY = "name"


class Row(NamedTuple):
    """One remote, precomputed for display and filtering."""

    remote: RemoteConnection
    cells: tuple[str, ...]
    """Display strings in the order of the spec's `columns` (`COLUMNS` for one server)."""
    haystack: str
    """Case-folded searchable fields joined with NUL, so a match never spans two fields (the health label
    is one of them: `/failing` finds every failing remote)."""
    health_rank: tuple[int, float] = _PENDING_RANK
    """How bad the remote's health is (`Health.sort_key`): the worst sorts first."""
    key: str = ""
    """What identifies the row: the remote's ID, or in the fleet its server and ID."""
    server: str = ""
    """The fleet's server the remote belongs to ("" in one server's table)."""


def clean(text: str | None) -> str:
    """A single-line display string: control characters (newlines, tabs, escapes) become spaces."""
    if not text:
        return ""
    return text if text.isprintable() else _CONTROL_CHARS.sub(" ", text)


def fit(text: str, width: int) -> str:
    """`text` padded or truncated with an ellipsis to exactly `width` cells."""
    if width <= 0:
        return ""
    if text.isascii():
        if len(text) <= width:
            return text + " " * (width - len(text))
        return text[: width - 1] + ELLIPSIS
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    kept: list[str] = []
    used = 0
    for character in text:
        size = get_character_cell_size(character)
        if used + size > width - 1:
            break
        kept.append(character)
        used += size
    return "".join(kept) + ELLIPSIS + " " * (width - 1 - used)


HealthCell = tuple[str, tuple[int, float]]
"""A remote's health label and sort key (`HealthIndex.cells`)."""


def make_row(remote: RemoteConnection, health: HealthCell | None = None) -> Row:
    """Precompute what the table shows and searches for one remote (sort keys are built when sorting).

    `health` is its label and sort key from the latest replications (None until the first list arrives: the
    cell says "…" and is not searched).
    """
    name = clean(remote.name)
    url = clean(remote.remote_url)
    if health is None:
        label, rank = HEALTH_PENDING, _PENDING_RANK
        searched = ""
    else:
        label, rank = health
        searched = label
    haystack = "\0".join(
        (name, searched, url, remote.description or "", remote.remote_org_id or "", remote.id, remote.org_id)
    ).casefold()
    cells = (
        name,
        label,
        url,
        clean(remote.remote_org_id) or NO_VALUE,
        "yes" if remote.allow_insecure_tls else "no",
        clean(remote.id),
    )
    return Row(remote, cells, haystack, rank, remote.id)


def make_rows(remotes: Sequence[RemoteConnection], health: HealthIndex | None) -> list[Row]:
    """Every remote's row, with its health from `health` (one dictionary look-up a row)."""
    if health is None:
        return [make_row(remote) for remote in remotes]
    cell_of, default = health.cells.get, health.default_cell
    return [make_row(remote, cell_of(remote.id, default)) for remote in remotes]


def _by_name(row: Row) -> tuple[Any, ...]:
    return (row.cells[0].casefold(), row.remote.id)


def _by_health(row: Row) -> tuple[Any, ...]:
    return (row.health_rank, row.cells[0].casefold(), row.remote.id)


def _by_url(row: Row) -> tuple[Any, ...]:
    return (row.cells[2].casefold(), row.cells[0].casefold(), row.remote.id)


def _by_remote_org(row: Row) -> tuple[Any, ...]:
    org = row.remote.remote_org_id or ""
    return (not org, org.casefold(), row.cells[0].casefold(), row.remote.id)


def _by_insecure_tls(row: Row) -> tuple[Any, ...]:
    return (row.remote.allow_insecure_tls, row.cells[0].casefold(), row.remote.id)


def _by_id(row: Row) -> tuple[Any, ...]:
    return (row.remote.id,)


SORT_KEYS: dict[str, Callable[[Row], tuple[Any, ...]]] = {
    "name": _by_name,
    "health": _by_health,
    "remote_url": _by_url,
    "remote_org_id": _by_remote_org,
    "allow_insecure_tls": _by_insecure_tls,
    "id": _by_id,
}
"""Per column: ascending order, ties broken by name (case-insensitive) then ID; empty org IDs last; health
worst first (failing, then the fullest queue), health not known yet last."""


def column_index(key: str) -> int:
    """The position of a column key; a clear `ValueError` for an unknown one."""
    try:
        return COLUMN_KEYS.index(key)
    except ValueError:
        raise ValueError(f"Unknown column {key!r}: use one of {', '.join(COLUMN_KEYS)}.") from None


class ColumnLayout(NamedTuple):
    """Where one column is drawn: its position in `COLUMNS`, left edge, cell width and header label."""

    position: int
    x: int
    width: int
    label: str


URL_GOAL = 40
"""A URL up to this many cells is shown whole whenever the ID and remote org columns can make room for it."""


@dataclass(frozen=True, slots=True)
class LayoutStep:
    """One way of fitting the columns: labels, hidden columns, and which columns are squeezed (in order)."""

    short: bool
    hidden: frozenset[str] = frozenset()
    squeeze: tuple[tuple[str, ...], ...] = ()


_IDS = frozenset({"id", "remote_org_id"})
"""The columns that give way first: the remote's ID and its remote org ID."""


def fitting_steps(shortened: tuple[str, ...]) -> tuple[tuple[LayoutStep, ...], LayoutStep]:
    """The ways of fitting a narrow table, tried in order until the URL gets the room it wants, and the last resort.

    The ID and the remote org give way first (both are in the detail pane; the remote org is often the same on
    every row), then the `shortened` columns (the name and a long health label; in the fleet, the server's name
    too). The last resort, only when the URL would get fewer than `MIN_URL_WIDTH` cells: the TLS flag goes too.
    """
    steps = (
        LayoutStep(short=False),
        LayoutStep(short=True),
        LayoutStep(short=True, squeeze=(("remote_org_id", "id"),)),
        LayoutStep(short=True, hidden=frozenset({"id"}), squeeze=(("remote_org_id",),)),
        LayoutStep(short=True, hidden=_IDS),
        LayoutStep(short=True, hidden=_IDS, squeeze=(shortened,)),
    )
    return steps, LayoutStep(short=True, hidden=_IDS | {"allow_insecure_tls"}, squeeze=(shortened,))


_STEPS, _LAST_RESORT = fitting_steps(("name", "health"))

SortKey = Callable[[Row], tuple[Any, ...]]


@dataclass(frozen=True)
class TableSpec:
    """A table's columns (in cell order), the order they are shown in, how each sorts, and how they give way.

    `order` lists positions in `columns` from left to right; `steps` and `last_resort` are the ways of fitting
    a narrow table, tried in order (see `layout_columns`).
    """

    columns: tuple[Column, ...]
    order: tuple[int, ...]
    sort_keys: Mapping[str, SortKey]
    steps: tuple[LayoutStep, ...]
    last_resort: LayoutStep
    default_sort: str = DEFAULT_SORT_KEY

    def index(self, key: str) -> int:
        """The cell position of a column key; a clear `ValueError` for an unknown one."""
        for position, column in enumerate(self.columns):
            if column.key == key:
                return position
        keys = ", ".join(self.keys)
        raise ValueError(f"Unknown column {key!r}: use one of {keys}.")

    @property
    def keys(self) -> tuple[str, ...]:
        """The column keys from left to right (the order `s` cycles through)."""
        return tuple(self.columns[position].key for position in self.order)


REMOTES_SPEC = TableSpec(COLUMNS, tuple(range(len(COLUMNS))), SORT_KEYS, _STEPS, _LAST_RESORT)
"""One server's table: the remote's own fields."""


def layout_columns(
    max_widths: Sequence[int], width: int, spec: TableSpec = REMOTES_SPEC
) -> tuple[ColumnLayout, ...]:
    """Fit the columns into `width` cells without wrapping or horizontal scrolling.

    Each column is as wide as its widest cell (within its limits, with room for the header and a sort
    arrow); the URL column takes whatever is left. The URL wants its widest cell, up to `URL_GOAL`: until it
    has that, the table uses short header labels, squeezes the ID and remote org columns, hides the ID, then
    the remote org, then shortens the name. The TLS flag is hidden only if the URL would otherwise get fewer
    than `MIN_URL_WIDTH` cells.
    """
    url = spec.index("remote_url")
    url_natural = max(max_widths[url] if url < len(max_widths) else 0, _width(spec.columns[url].label))
    wanted = max(MIN_URL_WIDTH, min(url_natural, URL_GOAL))
    chosen: dict[int, tuple[int, str]] = {}
    for step in spec.steps:
        chosen = _natural_widths(max_widths, step, spec)
        for group in step.squeeze:
            _squeeze(chosen, group, wanted - _url_room(chosen, width, url), spec)
        if _url_room(chosen, width, url) >= wanted:
            break
    if _url_room(chosen, width, url) < MIN_URL_WIDTH:
        chosen = _natural_widths(max_widths, spec.last_resort, spec)
        for group in spec.last_resort.squeeze:
            _squeeze(chosen, group, MIN_URL_WIDTH - _url_room(chosen, width, url), spec)
    url_width = max(1, _url_room(chosen, width, url))
    layout: list[ColumnLayout] = []
    x = 0
    for index, (column_width, label) in chosen.items():
        if index == url:
            column_width = url_width
        layout.append(ColumnLayout(index, x, column_width, label))
        x += column_width + 2 * CELL_PADDING
    return tuple(layout)


def _natural_widths(
    max_widths: Sequence[int], step: LayoutStep, spec: TableSpec
) -> dict[int, tuple[int, str]]:
    """Position -> (width, label) of every shown column at its natural width for `step`, left to right."""
    chosen: dict[int, tuple[int, str]] = {}
    for index in spec.order:
        column = spec.columns[index]
        if column.key in step.hidden:
            continue
        label = column.short_label if step.short else column.label
        natural = max(max_widths[index] if index < len(max_widths) else 0, _width(label) + 2)
        chosen[index] = (max(column.min_width, min(natural, column.max_width)), label)
    return chosen


def _url_room(chosen: dict[int, tuple[int, str]], width: int, url: int) -> int:
    """The cells left for the URL column once every other column and all padding are placed."""
    fixed = sum(w + 2 * CELL_PADDING for index, (w, _) in chosen.items() if index != url)
    return width - fixed - 2 * CELL_PADDING


def _squeeze(
    chosen: dict[int, tuple[int, str]], keys: tuple[str, ...], deficit: int, spec: TableSpec
) -> None:
    """Take up to `deficit` cells from the columns `keys`, one at a time from the widest, down to each
    column's `squeeze_width`."""
    columns = spec.columns
    indexes = [spec.index(key) for key in keys if spec.index(key) in chosen]
    while deficit > 0:
        room = [(chosen[i][0] - (columns[i].squeeze_width or chosen[i][0]), chosen[i][0], i) for i in indexes]
        spare, _, index = max(room, default=(0, 0, -1))
        if spare <= 0:
            return
        column_width, label = chosen[index]
        chosen[index] = (column_width - 1, label)
        deficit -= 1


def fit_url(url: str, width: int) -> str:
    """`url` in exactly `width` cells; when cut, keep what tells remotes apart: the host and the port.

    The scheme goes first, then the path (marked "/…"), then the middle of the host name, so
    `https://eu-central-1.influx.example.com:8086/x` reads `eu-central-1.influx.exa…:8086` rather than
    `https://eu-central-1.influx.e…` with the port lost.
    """
    if _width(url) <= width:
        return fit(url, width)
    rest = url.split("://", 1)[-1]
    if _width(rest) <= width:
        return fit(rest, width)
    host_port, slash, _ = rest.partition("/")
    if slash and _width(host_port) + 2 <= width:
        return fit(host_port + "/…", width)
    host, colon, port = host_port.rpartition(":")
    if not (colon and port.isdigit() and (":" not in host or host.endswith("]"))):
        host, port = host_port, ""  # no port (an IPv6 address keeps its colons)
    tail = f":{port}" if port else ""
    room = width - _width(tail)
    if room < 2:
        return fit(host_port, width)
    return fit(host, room) + tail  # `fit` marks the cut with an ellipsis


class TableModel:
    """Rows sorted and filtered, plus the cursor (an index into the visible rows)."""

    def __init__(self, spec: TableSpec = REMOTES_SPEC) -> None:
        self.spec = spec
        self._remotes: Sequence[RemoteConnection] = ()
        self._health: HealthIndex | None = None
        self._rows: list[Row] = []
        self._visible: list[Row] = []
        self._visible_index: dict[str, int] | None = None
        self._filter_text = ""
        self._needle = ""
        self.sort_key = spec.default_sort
        self.sort_reverse = False
        self.cursor = 0
        self.max_widths: tuple[int, ...] = tuple(0 for _ in spec.columns)
        """The widest display cell per column over all rows (cells, not characters)."""

    # -- read access ---------------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter_text

    @property
    def visible(self) -> Sequence[Row]:
        """The rows that match the filter, in sort order."""
        return self._visible

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def selected_row(self) -> Row | None:
        """The row under the cursor, or None when nothing is visible."""
        if 0 <= self.cursor < len(self._visible):
            return self._visible[self.cursor]
        return None

    @property
    def selected(self) -> RemoteConnection | None:
        """The remote under the cursor, or None when nothing is visible."""
        row = self.selected_row
        return row.remote if row is not None else None

    @property
    def rows(self) -> Sequence[Row]:
        """Every row, filtered or not, in sort order."""
        return self._rows

    def index_of(self, key: str) -> int | None:
        """The visible position of a row by its key (a remote's ID), or None if filtered out or absent."""
        if self._visible_index is None:
            self._visible_index = {row.key: index for index, row in enumerate(self._visible)}
        return self._visible_index.get(key)

    # -- changes -------------------------------------------------------------------------------------

    @property
    def health(self) -> HealthIndex | None:
        """The health the rows show (None until the first replications list arrived)."""
        return self._health

    @property
    def remotes(self) -> Sequence[RemoteConnection]:
        """Every remote, as last given (unfiltered, unsorted)."""
        return self._remotes

    def set_remotes(
        self,
        remotes: Sequence[RemoteConnection],
        *,
        keep_id: str | None = None,
        health: HealthIndex | EllipsisType | None = ...,
    ) -> None:
        """Replace all rows; keep the cursor on `keep_id` (default: the selected remote) or clamp it.

        `health` replaces the health the rows show; left out, the last one stays (a list loaded without
        replications keeps showing the last known health rather than "…").
        """
        if not isinstance(health, EllipsisType):
            self._health = health
        self._remotes = remotes
        with gc_paused():
            self.set_rows(make_rows(remotes, self._health), keep_key=keep_id)

    def set_health(self, health: HealthIndex | None) -> None:
        """New health for the same remotes: every row is rebuilt (its label is searched and sorted)."""
        self.set_remotes(self._remotes, health=health)

    def set_rows(self, rows: Sequence[Row], *, keep_key: str | None = None) -> None:
        """Replace all rows with rows already made for this spec; keep the cursor on `keep_key` (default: the
        selected row) or clamp it."""
        if keep_key is None and (current := self.selected_row) is not None:
            keep_key = current.key
        with gc_paused():
            self.max_widths = column_widths(rows, len(self.spec.columns))
            self._rows = self._sorted(list(rows))
            self._apply_filter(self._rows)
            self._place_cursor(keep_key, fallback=self.cursor)

    def set_filter(self, text: str) -> bool:
        """Show only rows containing `text` (case-insensitive); keep the selected remote or go to the top.

        Surrounding spaces are ignored. Returns False when the visible rows cannot have changed.
        """
        needle = text.strip().casefold()
        self._filter_text = text
        if needle == self._needle:
            return False
        keep = self.selected_row
        narrowing = bool(self._needle) and needle.startswith(self._needle)
        self._needle = needle
        self._apply_filter(self._visible if narrowing else self._rows)
        self._place_cursor(keep.key if keep else None, fallback=0)
        return True

    def sort_by(self, key: str, *, reverse: bool | None = None) -> None:
        """Sort by a column; the same key again without `reverse` toggles the direction."""
        self.spec.index(key)
        if reverse is None:
            reverse = not self.sort_reverse if key == self.sort_key else False
        if key == self.sort_key and reverse == self.sort_reverse:
            return
        keep = self.selected_row
        self.sort_key, self.sort_reverse = key, reverse
        with gc_paused():
            self._rows = self._sorted(self._rows)
        self._apply_filter(self._rows)
        self._place_cursor(keep.key if keep else None, fallback=self.cursor)

    def next_sort_key(self) -> str:
        """The column after the current sort column (left to right), wrapping around."""
        keys = self.spec.keys
        return keys[(keys.index(self.sort_key) + 1) % len(keys)]

    def move_cursor(self, index: int) -> bool:
        """Put the cursor on a visible row (clamped); True if it moved."""
        clamped = max(0, min(index, len(self._visible) - 1))
        moved = clamped != self.cursor
        self.cursor = clamped
        return moved

    # -- internals -----------------------------------------------------------------------------------

    def _sorted(self, rows: list[Row]) -> list[Row]:
        return sorted(rows, key=self.spec.sort_keys[self.sort_key], reverse=self.sort_reverse)

    def _apply_filter(self, source: Sequence[Row]) -> None:
        needle = self._needle
        self._visible = [row for row in source if needle in row.haystack] if needle else list(source)
        self._visible_index = None

    def _place_cursor(self, keep_id: str | None, *, fallback: int) -> None:
        index = self.index_of(keep_id) if keep_id is not None else None
        self.cursor = 0
        self.move_cursor(fallback if index is None else index)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are built: 10,000 rows are some 30,000 new objects,
    which would set off collections that walk every live object (the replications behind the Health column
    too) for nothing: rows hold no cycles, and reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _width(text: str) -> int:
    """Terminal cells taken by `text` (fast path for ASCII)."""
    return len(text) if text.isascii() else cell_len(text)


def column_widths(rows: Sequence[Row], columns: int = len(COLUMNS)) -> tuple[int, ...]:
    """The widest cell of each of `columns` columns, in terminal cells. A column of ASCII text (nearly always) is
    measured with `len` in one pass in C; another cell by cell."""
    if not rows:
        return tuple(0 for _ in range(columns))
    widths = []
    for index, values in enumerate(zip(*(row.cells for row in rows), strict=True)):
        plain = index == _HEALTH_COLUMN or "".join(values).isascii()  # health: ASCII words, or "…" (1 cell)
        widths.append(max(map(len if plain else _width, values)))
    return tuple(widths)


_HEALTH_COLUMN = column_index("health")
