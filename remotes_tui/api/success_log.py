"""When this app last saw each replication succeed: the server keeps no such time, so the app notes it.

A replication whose latest attempt succeeded at a refresh was working then; when it later fails, the details
pane can say "last success seen 4 min ago". Only what this process saw is known: nothing before it started.
"""

from __future__ import annotations

from collections.abc import Iterable

from remotes_tui.api.health import ReplicationLike, is_failing


class SuccessLog:
    """The last time (a `time.time()` value) each replication was seen with a successful latest attempt."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}

    def observe(self, replications: Iterable[ReplicationLike], now: float) -> None:
        """Note a complete replications list loaded at `now`; replications no longer listed are forgotten."""
        seen: dict[str, float] = {}
        for replication in replications:
            code = replication.latest_response_code
            if code is not None and not is_failing(replication):
                seen[replication.id] = now
            elif replication.id in self._seen:
                seen[replication.id] = self._seen[replication.id]
        self._seen = seen

    def last_success(self, replication_id: str) -> float | None:
        """When it was last seen succeeding, or None when this app never saw it succeed."""
        return self._seen.get(replication_id)
