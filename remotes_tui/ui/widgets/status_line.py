"""The line under the table: how many remotes, how many match the filter, and the sort order."""

from __future__ import annotations

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


class StatusLine(Static):
    """Counts on the left, the sort order after them; `note` adds a transient word such as Refreshing…"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._counts = ""
        self._sort = ""
        self._note = ""

    def show_counts(self, visible: int, total: int, filter_text: str) -> None:
        self._counts = count_text(visible, total, filter_text)
        self._render_line()

    def clear_counts(self) -> None:
        """No counts while nothing is loaded (loading or error)."""
        self._counts = ""
        self._render_line()

    def show_sort(self, key: str, reverse: bool) -> None:
        arrow = "▼" if reverse else "▲"
        self._sort = f"sorted by {SORT_LABELS.get(key, key)} {arrow}"
        self._render_line()

    def show_note(self, note: str) -> None:
        self._note = note
        self._render_line()

    def _render_line(self) -> None:
        self.update(" · ".join(part for part in (self._counts, self._sort, self._note) if part))
