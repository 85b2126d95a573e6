"""A fleet's health over real HTTP: each server's replications give its remotes' health (after the remotes,
in a second report), the worst per server, and the fleet's summary. An edge replicates for real to a central
that refuses its token; the waits are for the edge's state, never a time window."""

from __future__ import annotations

from remotes_tui.fleet import ServerReport, fleet_summary, load_fleet, worst_health
from remotes_tui.tokens import MemoryTokenStore
from tests.support.edge_central import add_remote, healthy_and_failing_edges
from tests.support.fleet_servers import fleet_server


async def test_health_follows_the_remotes_and_the_worst_is_per_server() -> None:
    async with healthy_and_failing_edges() as (central, healthy, failing):
        await add_remote(failing, central, "unused-remote")
        tokens = MemoryTokenStore()
        servers = [fleet_server("healthy", healthy, tokens), fleet_server("failing", failing, tokens)]
        heard: list[ServerReport] = []
        reports = await load_fleet(servers, on_report=heard.append, health=True)
        first = {r.name: r for r in heard if r.health is None}
        assert set(first) == {"healthy", "failing"}  # the rows come first, without health
        assert all(heard.index(first[r.name]) < heard.index(r) for r in reports)
        by_name = {report.name: report for report in reports}
        worst = {name: worst_health(report) for name, report in by_name.items()}
        assert worst["failing"] is not None and worst["failing"].label == "failing 401"
        assert worst["healthy"] is not None and worst["healthy"].label == "no data yet"
        summary = fleet_summary(reports)
        assert summary.remotes == 3 and summary.failing == 1 and summary.no_data == 1
        assert summary.problem_parts() == ["1 failing"]
        assert servers[1].success_log.last_success(by_name["failing"].health.replications[0].id) is None  # type: ignore[union-attr]
        for server in servers:
            await server.aclose()
