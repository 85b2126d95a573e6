"""The fleet's server list: one line per server with its state, a spinner while it loads.

`ok 2.7.12 · 12 ms`, `read-only 2.7.12 · 9 ms`, `unreachable: …`, `token refused: …`, `org missing: …`. Drawn
through the line API like the remotes table, so 200 servers cost 200 short tuples, not 200 widgets; the spinner
redraws only the lines of the servers still loading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from remotes_tui.ui.widgets.cursor_keys import cursor_bindings
from remotes_tui.ui.widgets.scroll_height import set_scroll_height
from remotes_tui.ui.widgets.table_model import clean, fit

if TYPE_CHECKING:
    from remotes_tui.fleet import ServerReport

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
SPIN_EVERY = 1 / 10
"""Seconds per spinner frame."""
NAME_WIDTH = 14
"""The widest a server's name is shown (longer ones end with an ellipsis)."""


@dataclass(frozen=True)
class ServerLine:
    """What one line shows: the server, its state word, its remotes' worst health when it needs attention,
    and what follows (the version and round trip, or the error)."""

    name: str
    word: str
    detail: str
    kind: str
    """ok, readonly, failed or loading: the style of the mark and the word."""
    health: str = ""
    """The worst health of its remotes when it is not fine (`failing 401`, `queue 83%`, `no data yet`)."""
    health_kind: str = ""
    """failing, queue or muted: the style of the health word (a failing one also turns the mark red)."""


def server_line(name: str, report: ServerReport | None) -> ServerLine:
    """The line for a server: loading until its first report, then its state and its worst health."""
    from remotes_tui.fleet import ServerStatus, worst_health

    if report is None:
        return ServerLine(name, "loading…", "", "loading")
    status = report.status
    if status is ServerStatus.LOADING:
        detail = "refreshing" if report.stale else ""
        return ServerLine(name, "loading…", detail, "loading")
    kind = "ok" if status is ServerStatus.OK else "readonly" if status is ServerStatus.READ_ONLY else "failed"
    health, health_kind = "", ""
    verdict = worst_health(report) if status.loaded else None
    if verdict is not None and verdict.label not in ("ok", "unused"):
        health = verdict.label
        health_kind = (
            "failing" if health.startswith("failing") else "queue" if health.startswith("queue") else "muted"
        )
    return ServerLine(name, status.value, clean(report.detail), kind, health, health_kind)


def _mark(line: ServerLine, frame: int) -> str:
    """The mark before a server's name, so its state reads without colour: a spinner while loading, ✗ when it
    did not answer, ! when it answered but one of its remotes is failing, ▲ for a queue filling up, else ●."""
    if line.kind == "loading":
        return SPINNER[frame]
    if line.kind == "failed":
        return "✗"
    if line.health_kind == "failing":
        return "!"
    return "▲" if line.health_kind == "queue" else "●"


class ServerList(ScrollView, can_focus=True, inherit_bindings=False):
    """The fleet's servers and their states; the cursor picks the server `n` creates a remote on."""

    BINDINGS: ClassVar[list[BindingType]] = cursor_bindings("Its remotes")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "server-list--cursor",
        "server-list--ok",
        "server-list--readonly",
        "server-list--failed",
        "server-list--loading",
        "server-list--detail",
        "server-list--health-failing",
        "server-list--health-queue",
        "server-list--health-muted",
    }

    DEFAULT_CSS = """
    ServerList {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        & > .server-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .server-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .server-list--ok { color: $text-success; }
        & > .server-list--readonly { color: $text-warning; }
        & > .server-list--failed { color: $text-error; text-style: bold; }
        & > .server-list--loading { color: $text-primary; }
        & > .server-list--detail { color: $text-muted; }
        & > .server-list--health-failing { color: $text-error; text-style: bold; }
        & > .server-list--health-queue { color: $text-warning; text-style: bold; }
        & > .server-list--health-muted { color: $text-muted; }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another server."""

        name: str | None

    @dataclass
    class Selected(Message):
        """Enter on a server: show its remotes."""

        name: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._names: list[str] = []
        self._lines: dict[str, ServerLine] = {}
        self.cursor = 0
        self._frame = 0
        self._spinner: Timer | None = None
        self._frozen = False
        self._strips: LRUCache[tuple[ServerLine, bool, bool, int, int], Strip] = LRUCache(1024)
        """Drawn lines by what they show (a loading line by its spinner frame too)."""

    # -- public API ----------------------------------------------------------------------------------

    @property
    def names(self) -> Sequence[str]:
        return self._names

    @property
    def highlighted(self) -> str | None:
        """The server under the cursor."""
        return self._names[self.cursor] if 0 <= self.cursor < len(self._names) else None

    def line_of(self, name: str) -> ServerLine:
        return self._lines[name]

    def text_of(self, name: str) -> str:
        """The line as plain text: `edge-1 ok 2.7.12 · 12 ms`, `edge-2 ok · failing 401 · 2.7.12 · 9 ms`."""
        line = self._lines[name]
        word = f"{line.word} · {line.health} ·" if line.health else line.word
        return " ".join(part for part in (line.name, word, line.detail) if part)

    def set_servers(self, names: Sequence[str]) -> None:
        """The servers, in the order shown; each loading until `show` gives its report."""
        self._names = list(names)
        self._lines = {name: server_line(name, None) for name in self._names}
        self.cursor = min(self.cursor, max(0, len(self._names) - 1))
        set_scroll_height(self, len(self._names))
        self.refresh()
        self._spin()
        self.post_message(self.Highlighted(self.highlighted))

    def show(self, report: ServerReport) -> None:
        """A server's new state (its line is redrawn)."""
        if report.name not in self._lines:
            return
        self._lines[report.name] = server_line(report.name, report)
        self.refresh_line(self._names.index(report.name))
        self._spin()

    def select(self, name: str) -> bool:
        """Put the cursor on a server (scrolled into view); False when it is not in the list."""
        if name not in self._lines:
            return False
        self._move(self._names.index(name))
        return True

    # -- spinner -------------------------------------------------------------------------------------

    def _spin(self) -> None:
        """Run the spinner while a server loads; stop it when none does."""
        loading = any(line.kind == "loading" for line in self._lines.values())
        if loading and self._spinner is None and self.is_mounted and not self._frozen:
            self._spinner = self.set_interval(SPIN_EVERY, self._tick)
        elif not loading and self._spinner is not None:
            self._spinner.stop()
            self._spinner = None

    def on_mount(self) -> None:
        self._spin()

    def freeze_spinner(self) -> None:
        """Stop the spinner on its first frame (a snapshot is then the same on every run)."""
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._frame = 0
        self._frozen = True
        self.refresh()

    def _tick(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        top = round(self.scroll_y)
        for y in range(self.scrollable_content_region.height):
            index = top + y
            if index < len(self._names) and self._lines[self._names[index]].kind == "loading":
                self.refresh_line(index)

    # -- cursor --------------------------------------------------------------------------------------

    def _move(self, index: int) -> None:
        if not self._names:
            return
        old, self.cursor = self.cursor, max(0, min(index, len(self._names) - 1))
        self.refresh_line(old)
        self.refresh_line(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)
        if old != self.cursor:
            self.post_message(self.Highlighted(self.highlighted))

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_first(self) -> None:
        self._move(0)

    def action_cursor_last(self) -> None:
        self._move(len(self._names) - 1)

    def action_select_cursor(self) -> None:
        if (name := self.highlighted) is not None:
            self.post_message(self.Selected(name))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if 0 <= index < len(self._names):
            self._move(index)
            if event.chain >= 2:
                self.action_select_cursor()

    # -- rendering -----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if not 0 <= index < len(self._names):
            return Strip.blank(width, self.rich_style)
        line = self._lines[self._names[index]]
        is_cursor = index == self.cursor
        key = (line, is_cursor, self.has_focus, width, self._frame if line.kind == "loading" else -1)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_server_line(line, is_cursor, width)
        return strip

    def _render_server_line(self, line: ServerLine, is_cursor: bool, width: int) -> Strip:
        """One server's line (kept in `_strips`: every layout pass draws the whole list again, and the styles
        it looks up cost more than the line)."""
        base = self.rich_style
        style = base + self.get_component_rich_style("server-list--cursor") if is_cursor else base
        kind = "failed" if line.health_kind == "failing" and line.kind != "loading" else line.kind
        mark_style = style + self.get_component_rich_style(f"server-list--{kind}")
        word_style = style + self.get_component_rich_style(f"server-list--{line.kind}")
        plain = is_cursor and self.has_focus
        if plain:
            mark_style = word_style = style
        mark = _mark(line, self._frame)
        if mark == "▲":
            mark_style = (
                style if plain else style + self.get_component_rich_style("server-list--health-queue")
            )
        name_width = min(NAME_WIDTH, max(4, width // 3))
        name = fit(clean(line.name), name_width)
        room = max(0, width - name_width - 4)
        segments = [Segment(f" {mark} ", mark_style), Segment(name + " ", style)]
        pieces = [(line.word, word_style)]
        if line.health:
            health_style = (
                style
                if plain
                else style + self.get_component_rich_style(f"server-list--health-{line.health_kind}")
            )
            pieces += [(" · ", style), (line.health, health_style)]
        if line.detail:
            detail_style = style if plain else style + self.get_component_rich_style("server-list--detail")
            pieces.append(((" · " if line.health else " ") + line.detail, detail_style))
        for text, piece_style in pieces:
            if room <= 0:
                break
            shown = text if cell_len(text) <= room else fit(text, room)
            segments.append(Segment(shown, piece_style))
            room -= cell_len(shown)
        return Strip(segments).adjust_cell_length(width, style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()
