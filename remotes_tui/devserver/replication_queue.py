"""One replication's queue, sized like influxd's durable queue, in memory.

influxd appends each local write (gzip line protocol) to a queue on disk made of 10 MiB segments, bounded by
`maxQueueSizeBytes`. `currentQueueSizeBytes` is the queue's size on disk: a segment is removed only once all of
it was sent and a newer segment exists, so sent data stays counted for a while (a drained queue still shows up
to one segment). `remainingBytesToBeSynced` is what is not sent yet. When a write does not fit, the oldest data
goes first (sent data still on disk, then the oldest unsent entries).

A queue can start from the sizes stored in the database (the demo's seeded values, or a restart with --db): that
backlog has no points behind it ("phantom" bytes). Its unsent part is synced by a successful empty write (it is
already somewhere, only its bytes are counted) and it is trimmed byte by byte when space is needed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

SEGMENT_BYTES = 10 * 1024 * 1024  # durablequeue.DefaultSegmentSize
_PHANTOM_SEGMENT = -1


@dataclass
class Entry:
    """One queued write: gzip line protocol (None for a phantom backlog) and its size in the queue."""

    data: bytes | None
    size: int
    points: int
    segment: int = 0


class ReplicationQueue:
    """Not thread-safe: the replicator guards every call with its lock."""

    def __init__(self, max_bytes: int, current: int = 0, remaining: int = 0) -> None:
        self.max_bytes = max_bytes
        self._entries: deque[Entry] = deque()
        self._sent: dict[int, int] = {}  # segment -> bytes already sent but still on disk
        self._segment = 0
        self._segment_fill = 0
        self.remaining = 0
        self.dropped_bytes = 0
        self.dropped_points = 0
        remaining = max(0, min(remaining, current))
        if remaining:
            self._entries.append(Entry(None, remaining, 0, _PHANTOM_SEGMENT))
            self.remaining = remaining
        if current > remaining:
            self._sent[_PHANTOM_SEGMENT] = current - remaining

    @property
    def current(self) -> int:
        """currentQueueSizeBytes: unsent bytes plus sent bytes whose segment is still on disk."""
        return self.remaining + sum(self._sent.values())

    def head(self) -> Entry | None:
        return self._entries[0] if self._entries else None

    def append(self, data: bytes, points: int) -> None:
        """Queue one write, dropping the oldest data first when it would not fit."""
        size = len(data)
        self._make_room(size)
        if self._segment_fill and self._segment_fill + size > SEGMENT_BYTES:
            self._segment += 1
            self._segment_fill = 0
        self._segment_fill += size
        self._entries.append(Entry(data, size, points, self._segment))
        self.remaining += size

    def sent(self, entry: Entry) -> None:
        """The remote accepted `entry` (or it was dropped as non-retryable): it leaves the unsent part."""
        if not self._entries or self._entries[0] is not entry:
            return  # dropped for space while it was in flight
        self._entries.popleft()
        self.remaining -= entry.size
        self._sent[entry.segment] = self._sent.get(entry.segment, 0) + entry.size
        head_segment = self._entries[0].segment if self._entries else self._segment
        for segment in [s for s in self._sent if s < head_segment]:
            del self._sent[segment]

    def resize(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._make_room(0)

    def _make_room(self, size: int) -> None:
        excess = self.current + size - self.max_bytes
        if excess <= 0:
            return
        self._sent.clear()  # sent data on disk goes first: nothing is lost
        excess = self.current + size - self.max_bytes
        while excess > 0 and self._entries:
            oldest = self._entries[0]
            if oldest.data is None and oldest.size > excess:  # a phantom backlog shrinks by what is needed
                oldest.size -= excess
                self.remaining -= excess
                self.dropped_bytes += excess
                return
            self._entries.popleft()
            self.remaining -= oldest.size
            self.dropped_bytes += oldest.size
            self.dropped_points += oldest.points
            excess -= oldest.size
