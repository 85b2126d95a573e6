"""Issue 10 (fleet fill): a fleet's replications lists (the health) wait for every server's remotes list, so the
rows of the whole fleet come first; `health_wait` bounds that wait, so a server that never answers does not
keep the other servers' health away. Slow servers are held by the bundled server, not latency windows."""

from __future__ import annotations

import asyncio

from remotes_tui.fleet import ServerReport, load_fleet
from remotes_tui.tokens import MemoryTokenStore
from tests.support.fleet_servers import add_remotes, fleet_server, running
from tests.support.servers import make_server

CENTRAL = "https://central-eu.example.com:8086"


async def test_no_replications_list_is_asked_for_before_every_remotes_list_answered() -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (fast, slow):
        for server in (fast, slow):
            await add_remotes(server, ["central-eu"], url=CENTRAL)
        servers = [fleet_server("fast", fast, tokens), fleet_server("slow", slow, tokens)]
        heard: list[tuple[str, bool]] = []
        fast_rows, slow_rows = asyncio.Event(), asyncio.Event()
        asked_before_slow_rows: list[int] = []

        with slow.hold("/api/v2/remotes") as slow_remotes, fast.hold("/api/v2/replications") as fast_health:

            def on_report(report: ServerReport) -> None:
                heard.append((report.name, report.health is not None))
                if report.health is None and report.name == "fast":
                    fast_rows.set()
                if report.health is None and report.name == "slow":
                    asked_before_slow_rows.append(fast_health.total)
                    slow_rows.set()

            task = asyncio.create_task(load_fleet(servers, on_report=on_report, health=True, health_wait=60))
            assert await slow_remotes.wait_held_async()
            await asyncio.wait_for(fast_rows.wait(), 10)
            slow_remotes.release()
            await asyncio.wait_for(slow_rows.wait(), 10)
            assert await fast_health.wait_held_async()  # asked for now that every server's rows are in
            fast_health.release()
            reports = await asyncio.wait_for(task, 10)
    assert asked_before_slow_rows == [
        0
    ]  # the fast server's replications were not asked for while rows were due
    assert heard[:2] == [("fast", False), ("slow", False)]
    assert sorted(heard[2:]) == [("fast", True), ("slow", True)]
    assert all(report.health is not None for report in reports)
    await asyncio.gather(*(server.aclose() for server in servers))


async def test_a_server_that_does_not_answer_keeps_the_health_away_only_for_health_wait() -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server()) as (fast, stuck):
        await add_remotes(fast, ["central-eu"], url=CENTRAL)
        servers = [fleet_server("fast", fast, tokens), fleet_server("stuck", stuck, tokens)]
        health_heard = asyncio.Event()

        def on_report(report: ServerReport) -> None:
            if report.name == "fast" and report.health is not None:
                health_heard.set()

        with stuck.hold("/api/v2/remotes") as stuck_remotes:
            task = asyncio.create_task(load_fleet(servers, on_report=on_report, health=True, health_wait=0))
            assert await stuck_remotes.wait_held_async()
            await asyncio.wait_for(health_heard.wait(), 10)  # while the stuck server's remotes are still held
            assert stuck_remotes.held == 1 and not task.done()
        await asyncio.wait_for(task, 10)
    await asyncio.gather(*(server.aclose() for server in servers))
