"""Encoded list bodies, reused until the database changes.

A TUI polls the same list again and again, and most of a list request's time is spent turning rows into
tab-indented JSON. A body is keyed by its query and stamped with SQLite's `total_changes` counter read *before*
the query, so any insert, update or delete since makes the entry stale and it is rebuilt.
`REMOTES_TUI_SERVE_LIST_CACHE=0` turns it off (to measure the uncached cost).
"""

from __future__ import annotations

from collections.abc import Hashable

MAX_ENTRIES = 256


class ResponseCache:
    """Query key -> (database generation, encoded body)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._entries: dict[Hashable, tuple[int, bytes]] = {}

    def get(self, key: Hashable, generation: int) -> bytes | None:
        if not self.enabled:
            return None
        entry = self._entries.get(key)
        if entry is not None and entry[0] == generation:
            return entry[1]
        return None

    def put(self, key: Hashable, generation: int, body: bytes) -> None:
        if not self.enabled:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (generation, body)
