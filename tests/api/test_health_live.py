"""Health over real HTTP: an edge server replicating to a central one that goes away, refuses, and comes back.

The states come from the replications list exactly as the app loads it (one list per refresh), through
`health_by_remote` and the status line's summary. Waits are for states (the edge retries fast and
`replicate_now()` skips its backoff), never time windows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from remotes_tui.api import InfluxClient, Replication
from remotes_tui.api.health import UNUSED, Health, health_by_remote, summarize_remotes
from remotes_tui.devserver import DevServer, RetrySettings
from tests.support.edge_central import REMOTE_TOKEN, add_remote, make_central, make_edge, write_points
from tests.support.servers import settings_for


@dataclass
class Snapshot:
    """One refresh: the replications list, each remote's health, and the status line's summary."""

    replications: list[Replication]
    health: dict[str, Health]
    summary: str

    def replication(self, replication_id: str) -> Replication:
        return next(r for r in self.replications if r.id == replication_id)


class Watcher:
    """Loads what a refresh loads (remotes and replications, one list each) until a state shows."""

    def __init__(self, edge: DevServer, client: InfluxClient) -> None:
        self.edge, self.client = edge, client

    async def load(self) -> Snapshot:
        remotes = await self.client.remotes.list(self.edge.org_id)
        replications = await self.client.replications.list(self.edge.org_id)
        verdicts = health_by_remote(replications)
        summary = summarize_remotes([remote.id for remote in remotes], verdicts).text()
        health = {remote.id: verdicts.get(remote.id, UNUSED) for remote in remotes}
        return Snapshot(replications, health, summary)

    async def until(self, condition: Callable[[Snapshot], bool], what: str, limit: float = 20.0) -> Snapshot:
        deadline = time.monotonic() + limit
        while True:
            self.edge.replicate_now()
            snapshot = await self.load()
            if condition(snapshot):
                return snapshot
            if time.monotonic() > deadline:
                labels = {rid: h.label for rid, h in snapshot.health.items()}
                raise AssertionError(
                    f"{what} never came within {limit} s (last: {labels}, {snapshot.summary})"
                )
            await asyncio.sleep(0.02)


@pytest.fixture
async def watcher(edge: DevServer) -> AsyncIterator[Watcher]:
    async with InfluxClient(settings_for(edge)) as client:
        yield Watcher(edge, client)


async def test_a_central_that_goes_away_turns_failing_its_queue_grows_and_it_recovers(
    edge: DevServer, central: DevServer, watcher: Watcher, tmp_path: Path
) -> None:
    remote_id, [replication] = await add_remote(
        edge, central, "central", buckets=(("to-central", "central-bucket"),)
    )
    spare_id, _ = await add_remote(edge, central, "spare")
    first = await watcher.load()
    assert first.health[remote_id].label == "no data yet"  # nothing was ever sent
    assert first.health[spare_id].label == "unused"

    write_points(edge, 3)
    ok = await watcher.until(lambda s: s.health[remote_id].label == "ok", "ok after the first points")
    assert ok.summary == "2 remotes"
    assert central.points_received() == 3

    port = central.port
    central.stop()
    write_points(edge, 20, start=100)
    failing = await watcher.until(lambda s: s.health[remote_id].label == "failing refused", "failing")
    assert failing.summary == "2 remotes · 1 failing"
    queued = failing.replication(replication.id).remaining_bytes_to_be_synced or 0
    assert queued > 0
    write_points(edge, 200, start=1000)
    grown = await watcher.until(
        lambda s: (s.replication(replication.id).remaining_bytes_to_be_synced or 0) > queued, "the queue grew"
    )
    assert grown.health[remote_id].label == "failing refused"
    assert (grown.replication(replication.id).current_queue_size_bytes or 0) > queued

    back = make_central(tmp_path / "central.db", port=port)
    try:
        recovered = await watcher.until(
            lambda s: (
                s.health[remote_id].label == "ok"
                and s.replication(replication.id).remaining_bytes_to_be_synced == 0
            ),
            "recovered and drained",
        )
        assert recovered.summary == "2 remotes"
        assert back.points_received() == 220  # every queued point arrived
    finally:
        back.stop()


async def test_a_central_that_stops_answering_times_out_then_recovers(tmp_path: Path) -> None:
    central = make_central()
    # A short replication timeout: a held write fails as influxd's does (code 0, "context deadline exceeded").
    edge = make_edge(replication_retry=RetrySettings(first_backoff=0.02, max_backoff=0.2, timeout=2.0))
    try:
        async with InfluxClient(settings_for(edge)) as client:
            watcher = Watcher(edge, client)
            remote_id, [replication] = await add_remote(
                edge, central, "central", buckets=(("to-central", "central-bucket"),)
            )
            with central.hold("/api/v2/write") as held:
                write_points(edge, 5)
                assert await held.wait_held_async()
                failing = await watcher.until(
                    lambda s: s.health[remote_id].label == "failing timeout", "failing on a timeout"
                )
                assert failing.replication(replication.id).latest_response_code == 0
                assert "1 failing" in failing.summary
            await watcher.until(lambda s: s.health[remote_id].label == "ok", "ok once central answers")
    finally:
        edge.stop()
        central.stop()


async def test_a_revoked_remote_token_reads_failing_401_until_it_is_accepted_again(
    edge: DevServer, central: DevServer, watcher: Watcher
) -> None:
    remote_id, _ = await add_remote(edge, central, "central", buckets=(("to-central", "central-bucket"),))
    write_points(edge, 2)
    await watcher.until(lambda s: s.health[remote_id].label == "ok", "ok")
    central.revoke_token(REMOTE_TOKEN)
    write_points(edge, 2, start=10)
    failing = await watcher.until(lambda s: s.health[remote_id].label == "failing 401", "failing 401")
    assert failing.summary == "1 remote · 1 failing"
    central.add_token(REMOTE_TOKEN)
    await watcher.until(lambda s: s.health[remote_id].label == "ok", "ok again")
