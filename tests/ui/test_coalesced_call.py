"""`CoalescedCall`: a burst of requests schedules one call; once it has run, the next request schedules again."""

from __future__ import annotations

from collections.abc import Callable

from remotes_tui.ui.coalesced_call import CoalescedCall


def test_a_burst_of_requests_gives_one_call_and_a_later_request_another() -> None:
    scheduled: list[Callable[[], None]] = []
    calls: list[str] = []
    coalesced = CoalescedCall(scheduled.append, lambda: calls.append("run"))

    for _ in range(3):
        coalesced.request()
    assert len(scheduled) == 1 and coalesced.pending
    scheduled.pop()()
    assert calls == ["run"] and not coalesced.pending

    coalesced.request()
    assert len(scheduled) == 1
    scheduled.pop()()
    assert calls == ["run", "run"]
