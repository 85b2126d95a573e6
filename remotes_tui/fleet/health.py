"""The health of a fleet: each server's replications give a `HealthIndex` (its remotes' verdicts), loaded after
the server's remotes so the rows appear first; the worst verdict per server and the fleet's summary."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

from remotes_tui.api import ApiError
from remotes_tui.api.health import (
    DEFAULT_QUEUE_THRESHOLD,
    UNKNOWN,
    Health,
    HealthIndex,
    HealthSummary,
    worst,
)
from remotes_tui.fleet.members import FleetServer
from remotes_tui.fleet.status import ServerReport

BUILD_IN_THREAD_FROM = 2_000
"""Replications from which the index is built in a thread (about 2 ms per 1,000), not on the event loop."""


async def load_health(server: FleetServer) -> HealthIndex:
    """The server's replications as a HealthIndex (`HealthIndex.unknown()` when they cannot be listed); the
    last success of each is noted in the server's `success_log`. Needs a loaded server (its session and org)."""
    session = server.session
    org_id = session.org_id if session is not None else None
    if session is None or session.closed or org_id is None:
        return HealthIndex.unknown()
    try:
        replications = await session.client.replications.list(org_id)
    except ApiError:
        return HealthIndex.unknown()
    now = time.time()

    def build() -> HealthIndex:
        server.success_log.observe(replications, now)
        return HealthIndex(replications)

    if len(replications) >= BUILD_IN_THREAD_FROM:
        return await asyncio.to_thread(build)
    return build()


def worst_health(report: ServerReport) -> Health | None:
    """The worst verdict among the server's remotes (None until its health is known; `unknown` when its
    replications could not be listed)."""
    index = report.health
    if index is None or not report.remotes:
        return None
    if not index.known:
        return UNKNOWN
    return worst(index.health(remote.id) for remote in report.remotes)


def fleet_summary(reports: Iterable[ServerReport]) -> HealthSummary:
    """The health counts over every loaded server's remotes whose health is known."""
    totals = {"remotes": 0, "failing": 0, "queue": 0, "no_data": 0, "unknown": 0}
    threshold = DEFAULT_QUEUE_THRESHOLD
    for report in reports:
        if report.health is None or not report.remotes:
            continue
        summary = report.health.summary(remote.id for remote in report.remotes)
        threshold = summary.threshold
        for field in totals:
            totals[field] += getattr(summary, field)
    return HealthSummary(threshold=threshold, **totals)
