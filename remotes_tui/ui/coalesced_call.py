"""One call for a burst of requests: the first request schedules the callback, the others are absorbed until it
has run (a focus change and a state change in the same tick give one redraw, not two)."""

from __future__ import annotations

from collections.abc import Callable


class CoalescedCall:
    """`request()` schedules `callback` through `schedule` (a widget's `call_later` or `call_after_refresh`)
    unless it is scheduled already."""

    def __init__(
        self, schedule: Callable[[Callable[[], None]], object], callback: Callable[[], None]
    ) -> None:
        self._schedule = schedule
        self._callback = callback
        self.pending = False
        """True from a request until the callback runs."""

    def request(self) -> None:
        if not self.pending:
            self.pending = True
            self._schedule(self._run)

    def _run(self) -> None:
        self.pending = False
        self._callback()
