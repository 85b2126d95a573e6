"""Loading a fleet over real HTTP: every server at once, a bounded number at a time; each server's state in
words; a slow one never holds up the others; one that fails is one line and never hides the rest."""

from __future__ import annotations

import asyncio

from remotes_tui.fleet import FleetServer, ServerReport, ServerStatus, load_fleet, load_server
from remotes_tui.profiles import Profile
from remotes_tui.tokens import MemoryTokenStore, profile_key
from tests.support.fleet_servers import add_remotes, down_server, fleet_server, free_port, running
from tests.support.servers import TEST_TOKEN, make_server, settings_for


async def test_each_server_says_how_it_stands_and_none_hides_the_others() -> None:
    tokens = MemoryTokenStore()
    servers_up = (make_server(), make_server(), make_server(), make_server(org="another-org"))
    with running(*servers_up) as (ok, read_only, refusing, orgless):
        await add_remotes(ok, ["central-eu", "backup"], url="https://central-eu.example.com:8086")
        await add_remotes(read_only, ["central-eu"], url="https://central-eu.example.com:8086")
        servers = [
            fleet_server("edge-ok", ok, tokens),
            fleet_server("edge-ro", read_only, tokens, read_only=True),
            fleet_server("edge-401", refusing, tokens, token="not-the-token-of-this-server"),
            FleetServer.of_settings("edge-noorg", settings_for(orgless, org_id=None, org="demo-org"), tokens),
            down_server("edge-down", free_port(), tokens),
        ]
        reports = await load_fleet(servers)
    by_name = {report.name: report for report in reports}
    assert [report.name for report in reports] == [server.name for server in servers]
    assert by_name["edge-ok"].status is ServerStatus.OK
    assert sorted(r.name for r in by_name["edge-ok"].remotes) == ["backup", "central-eu"]
    assert by_name["edge-ok"].version == "2.7.12"
    assert by_name["edge-ok"].round_trip is not None and by_name["edge-ok"].round_trip > 0
    assert by_name["edge-ok"].detail.startswith("2.7.12 · ") and by_name["edge-ok"].detail.endswith(" ms")
    assert by_name["edge-ro"].status is ServerStatus.READ_ONLY and len(by_name["edge-ro"].remotes) == 1
    assert by_name["edge-401"].status is ServerStatus.TOKEN_REFUSED
    assert by_name["edge-noorg"].status is ServerStatus.ORG_MISSING
    assert "demo-org" in (by_name["edge-noorg"].error or "")
    assert by_name["edge-down"].status is ServerStatus.UNREACHABLE
    for report in reports:
        if report.status.failed:
            assert report.error and "\n" not in report.error and report.remotes == ()
        assert TEST_TOKEN not in repr(report) and TEST_TOKEN not in (report.error or "")
    await asyncio.gather(*(server.aclose() for server in servers))


async def test_a_slow_server_does_not_hold_up_the_others() -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server(), make_server()) as (first, slow, last):
        for server in (first, slow, last):
            await add_remotes(server, ["central-eu"], url="https://central-eu.example.com:8086")
        servers = [
            fleet_server(name, server, tokens) for name, server in (("a", first), ("slow", slow), ("c", last))
        ]
        arrived: list[ServerReport] = []
        two_arrived = asyncio.Event()

        def heard(report: ServerReport) -> None:
            arrived.append(report)
            if len(arrived) == 2:
                two_arrived.set()

        with slow.hold("/api/v2/remotes") as held:
            task = asyncio.create_task(load_fleet(servers, on_report=heard))
            assert await held.wait_held_async()
            await asyncio.wait_for(two_arrived.wait(), 10)
            assert sorted(report.name for report in arrived) == ["a", "c"]
            assert not task.done()
        reports = await asyncio.wait_for(task, 10)
    assert [report.name for report in arrived][2:] == ["slow"]
    assert all(report.status is ServerStatus.OK for report in reports)
    await asyncio.gather(*(server.aclose() for server in servers))


async def test_no_more_servers_load_at_once_than_the_bound() -> None:
    tokens = MemoryTokenStore()
    with running(make_server(), make_server(), make_server(), make_server()) as devs:
        servers = [fleet_server(f"s{index}", server, tokens) for index, server in enumerate(devs)]
        holds = [server.hold("/api/v2/") for server in devs]
        try:
            task = asyncio.create_task(load_fleet(servers, concurrency=2))
            assert await holds[0].wait_held_async() and await holds[1].wait_held_async()
            holds[0].release()
            assert await holds[2].wait_held_async()
            # s3 has not started: the two slots are taken by s1 (still held) and s2.
            assert holds[3].total == 0
            for hold in holds:
                hold.release()
            reports = await asyncio.wait_for(task, 10)
        finally:
            for hold in holds:
                hold.release()
    assert [report.status for report in reports] == [ServerStatus.OK] * 4
    await asyncio.gather(*(server.aclose() for server in servers))


async def test_a_profile_without_a_saved_token_says_so_and_loads_once_one_is_saved() -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (server,):
        profile = Profile(name="edge-1", url=server.url, org="demo-org")
        member = FleetServer.of_profile(profile, tokens)
        report = await load_server(member)
        assert report.status is ServerStatus.NO_TOKEN
        assert report.error == (
            "No token is saved for profile 'edge-1': save one with `remotes-tui profile add edge-1 --force ...`."
        )
        tokens.set(profile_key("edge-1"), TEST_TOKEN)
        report = await load_server(member)
        assert report.status is ServerStatus.OK and report.remotes == ()
        assert member.session is not None and member.session.profile_name == "edge-1"
        await member.aclose()
