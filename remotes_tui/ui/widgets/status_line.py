"""The line under the table: how many remotes (and how many match the filter), how many are marked, which need
attention, when the list was loaded (or that it is stale), the sort, and whether auto-refresh is paused."""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.cells import cell_len
from textual.widgets import Static

SORT_LABELS = {
    "server": "server",
    "name": "name",
    "health": "health",
    "remote_url": "remote URL",
    "remote_org_id": "remote org ID",
    "allow_insecure_tls": "insecure TLS",
    "id": "ID",
}


DROPPED_FIRST = ("sort", "when")
"""The parts left out, in this order, when the line is wider than the status line."""


def count_text(visible: int, total: int, filter_text: str) -> str:
    """'12 remotes', '1 remote', or "3 of 12 match 'eu'"."""
    needle = filter_text.strip()
    if needle:
        return f"{visible} of {total} match {needle!r}"
    return f"{total} remote" if total == 1 else f"{total} remotes"


def stale_text(loaded_at: float) -> str:
    """'stale: loaded at 14:03:27' (local time), for a list the last refresh could not replace."""
    return f"stale: loaded at {time.strftime('%H:%M:%S', time.localtime(loaded_at))}"


class StatusLine(Static):
    """Counts, health problems, when loaded (or stale), the sort, paused, and a transient note (Refreshing…)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._counts = ""
        self._scope = ""
        self._marks = ""
        self._health = ""
        self._stale = ""
        self._updated = ""
        self._sort = ""
        self._paused = ""
        self._note = ""
        self._line = ""

    def show_counts(self, visible: int, total: int, filter_text: str) -> None:
        self._set("_counts", count_text(visible, total, filter_text))

    def show_scope(self, scope: str) -> None:
        """Where the counted remotes are, right after the counts (the fleet's "on 4 of 5 servers")."""
        self._set("_scope", scope)

    def show_marks(self, marked: int) -> None:
        """How many remotes are marked (`space`), right after the counts; 0: nothing shown."""
        self._set("_marks", f"{marked} marked: d deletes, Esc unmarks" if marked else "")

    def clear_counts(self) -> None:
        """No counts while nothing is loaded (loading or error)."""
        self._set("_counts", "")

    def show_health(self, problems: Sequence[str]) -> None:
        """The health summary's problem counts ("1 failing", "1 queue over 80%"); none: nothing shown."""
        self._set("_health", " · ".join(problems))

    def show_stale(self, loaded_at: float | None) -> None:
        """Mark the rows as stale (with when they were loaded), or not (None)."""
        self._set("_stale", stale_text(loaded_at) if loaded_at is not None else "")

    def show_updated(self, text: str) -> None:
        """When the data on screen was loaded ("updated 4 s ago"); "" hides it (the stale mark says more)."""
        self._set("_updated", text)

    def show_sort(self, key: str, reverse: bool) -> None:
        arrow = "▼" if reverse else "▲"
        self._set("_sort", f"sorted by {SORT_LABELS.get(key, key)} {arrow}")

    def show_paused(self, paused: bool) -> None:
        self._set("_paused", "auto-refresh paused" if paused else "")

    def show_note(self, note: str) -> None:
        self._set("_note", note)

    @property
    def text(self) -> str:
        """Every part, whatever the width."""
        return _joined(self._parts())

    def fitted(self, width: int) -> str:
        """The line for `width` cells: when it is too long, the sort goes first (the header's arrow usually
        shows it), then "updated … ago"; the counts and the health always stay."""
        parts = self._parts()
        for optional in DROPPED_FIRST:
            if width <= 0 or cell_len(_joined(parts)) <= width:
                break
            parts[optional] = ""
        return _joined(parts)

    def _parts(self) -> dict[str, str]:
        counts = f"{self._counts} {self._scope}" if self._counts and self._scope else self._counts
        return {
            "counts": counts,
            "marks": self._marks,
            "health": self._health,
            "when": self._stale or self._updated,
            "sort": self._sort,
            "paused": self._paused,
            "note": self._note,
        }

    def _set(self, attribute: str, value: str) -> None:
        """Repaint only when a part really changed (the "updated" part is set every second)."""
        if getattr(self, attribute) != value:
            setattr(self, attribute, value)
            self._repaint()

    def _repaint(self) -> None:
        line = self.fitted(self.content_region.width if self.is_mounted else 0)
        if line != self._line:
            self._line = line
            self.update(line, layout=False)  # one line high whatever it says: no layout pass

    def on_resize(self) -> None:
        self._repaint()


def _joined(parts: dict[str, str]) -> str:
    return " · ".join(part for part in parts.values() if part)
