"""Encoded list bodies, reused until the database changes.

A TUI polls the same list again and again, and most of a list request's time is spent turning rows into
tab-indented JSON. A body is keyed by its query and stamped with the store's generation (SQLite's `total_changes`
plus, for a database file, `PRAGMA data_version`) read *before* the query, so any insert, update or delete since,
by this server or by another connection to the same file, makes the entry stale and it is rebuilt.
`REMOTES_TUI_SERVE_LIST_CACHE=0` turns it off (to measure the uncached cost).
"""

from __future__ import annotations

from collections.abc import Hashable

from .store import Generation

MAX_ENTRIES = 256


class ResponseCache:
    """Query key -> (database generation, encoded body)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._entries: dict[Hashable, tuple[Generation, bytes]] = {}

    def get(self, key: Hashable, generation: Generation) -> bytes | None:
        if not self.enabled:
            return None
        entry = self._entries.get(key)
        if entry is not None and entry[0] == generation:
            return entry[1]
        return None

    def put(self, key: Hashable, generation: Generation, body: bytes) -> None:
        if not self.enabled:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (generation, body)
