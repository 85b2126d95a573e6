"""`remotes-tui --demo`: an edge server replicating for real to three central servers, nothing saved."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from remotes_tui.api import ApiError, InfluxClient
from remotes_tui.cli.demo import CENTRALS, Demo, start_demo
from tests.support.waiting import wait_until


@pytest.fixture
def demo() -> Iterator[Demo]:
    running = start_demo()
    try:
        yield running
    finally:
        running.stop()


async def test_the_remotes_point_at_three_central_servers(demo: Demo) -> None:
    edge, *_ = (server for server in demo.servers if server.org_name == "edge-site-01")
    centrals = {server.org_name: server for server in demo.servers if server.org_name in CENTRALS}
    assert set(centrals) == set(CENTRALS)
    async with InfluxClient(demo.settings) as client:
        remotes = {remote.name: remote for remote in await client.remotes.list(edge.org_id)}
    assert len({remote.remote_url for remote in remotes.values()}) == 3
    assert remotes["central-eu"].remote_url == centrals["central-eu"].url
    assert remotes["central-us"].remote_url == centrals["central-us"].url
    assert remotes["backup-dc2"].remote_url == centrals["backup-dc2"].url
    assert remotes["central-us"].remote_org_id == centrals["central-us"].org_id


async def test_healthy_replications_deliver_and_the_rotated_token_is_refused(demo: Demo) -> None:
    edge, *_ = (server for server in demo.servers if server.org_name == "edge-site-01")
    centrals = {server.org_name: server for server in demo.servers if server.org_name in CENTRALS}
    async with InfluxClient(demo.settings) as client:
        replications = {r.name: r for r in await client.replications.list(edge.org_id)}
        await client.replications.validate(replications["telemetry-to-eu"].id)
        await client.replications.validate(replications["telemetry-to-us"].id)
        with pytest.raises(ApiError, match="401"):
            await client.replications.validate(replications["nightly-backup"].id)
    # The trickle's points reach both healthy centrals; the standby refuses the rotated token.
    await wait_until(lambda: centrals["central-eu"].points_received() > 0, seconds=30)
    await wait_until(lambda: centrals["central-us"].points_received() > 0, seconds=30)
    assert centrals["backup-dc2"].points_received() == 0


def test_stop_ends_every_server(demo: Demo) -> None:
    demo.stop()
    assert not any(server.running for server in demo.servers)


async def test_the_demo_knows_each_remotes_token_so_t_tests_it_at_once(demo: Demo) -> None:
    """The remotes' API tokens are in the demo's memory store: the right one for each, the rotated one for backup."""
    from remotes_tui.api.remote_check import RemoteCheck, RemoteTarget
    from remotes_tui.tokens import remote_key

    edge, *_ = (server for server in demo.servers if server.org_name == "edge-site-01")
    async with InfluxClient(demo.settings) as client:
        remotes = {remote.name: remote for remote in await client.remotes.list(edge.org_id)}
    results = {}
    for name in ("central-eu", "backup-dc2"):
        token = demo.token_store.get(remote_key(edge.url, remotes[name].id))
        assert token
        report = await RemoteCheck(RemoteTarget.of_remote(remotes[name], token)).run()
        results[name] = [step.key for step in report.failed]
    assert results["central-eu"] == []
    assert results["backup-dc2"] == ["token"]
