"""The line under the table: how many remotes, how many match the filter, whether the list is stale, the sort."""

from __future__ import annotations

import time

from textual.widgets import Static

SORT_LABELS = {
    "name": "name",
    "remote_url": "remote URL",
    "remote_org_id": "remote org ID",
    "allow_insecure_tls": "insecure TLS",
    "id": "ID",
}


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
    """Counts on the left, then the stale mark, the sort order, and a transient note such as Refreshing…"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._counts = ""
        self._stale = ""
        self._sort = ""
        self._note = ""

    def show_counts(self, visible: int, total: int, filter_text: str) -> None:
        self._counts = count_text(visible, total, filter_text)
        self._render_line()

    def clear_counts(self) -> None:
        """No counts while nothing is loaded (loading or error)."""
        self._counts = ""
        self._render_line()

    def show_stale(self, loaded_at: float | None) -> None:
        """Mark the rows as stale (with when they were loaded), or not (None)."""
        self._stale = stale_text(loaded_at) if loaded_at is not None else ""
        self._render_line()

    def show_sort(self, key: str, reverse: bool) -> None:
        arrow = "▼" if reverse else "▲"
        self._sort = f"sorted by {SORT_LABELS.get(key, key)} {arrow}"
        self._render_line()

    def show_note(self, note: str) -> None:
        self._note = note
        self._render_line()

    def _render_line(self) -> None:
        parts = (self._counts, self._stale, self._sort, self._note)
        self.update(" · ".join(part for part in parts if part))
