"""`remotes_tui.transfer` below the UI, against the bundled server: the plan, its apply with bounded concurrency,
a connection dropped half-way and the re-run, and the transport a bulk import picks."""

from __future__ import annotations

import json

import pytest

from remotes_tui.api import ConnectionDroppedError, InfluxClient, RemoteConnection, creation_request
from remotes_tui.devserver import DevServer
from remotes_tui.devserver.faults import FaultConfig
from remotes_tui.transfer import (
    Action,
    Outcome,
    RemoteSpec,
    apply_plan,
    bulk_client,
    document_from_remotes,
    dumps,
    loads,
    make_plan,
)
from remotes_tui.transfer.apply import FAST_TRANSPORT_FROM
from tests.support.servers import settings_for

URL = "https://central.example.com:8086"


def specs(count: int) -> list[RemoteSpec]:
    return [
        RemoteSpec(name=f"r{index:02d}", remote_url=URL, description=f"d{index}") for index in range(count)
    ]


async def existing_remote(client: InfluxClient, org_id: str, name: str, **fields: object) -> RemoteConnection:
    values: dict[str, object] = {"remote_url": URL, "remote_api_token": "t", **fields}
    return await client.remotes.create(creation_request(org_id=org_id, name=name, **values))  # type: ignore[arg-type]


async def test_the_plan_matches_by_name_and_names_the_changed_fields(
    client: InfluxClient, devserver: DevServer
) -> None:
    org_id = devserver.org_id
    same = await existing_remote(client, org_id, "same", description="d", remote_org_id="0a1b2c3d4e5f6789")
    moved = await existing_remote(client, org_id, "moved")
    await existing_remote(client, org_id, "not-in-file")
    wanted = [
        RemoteSpec(name="same", remote_url=URL + "/", description="d"),  # no remote org ID: no say on it
        RemoteSpec(name="moved", remote_url="https://elsewhere:8086", allow_insecure_tls=True),
        RemoteSpec(name="new", remote_url=URL),
    ]
    existing = await client.remotes.list(org_id)
    plan = make_plan(wanted, existing, update=False)
    assert [(item.spec.name, item.action) for item in plan.items] == [
        ("same", Action.UNCHANGED),
        ("moved", Action.CONFLICT),
        ("new", Action.CREATE),
    ]
    assert plan.items[0].existing == same and plan.items[1].existing == moved
    assert plan.items[1].describe_changes() == "allow insecure TLS, remote URL"
    assert [remote.name for remote in plan.untouched] == ["not-in-file"]
    assert plan.token_urls() == [URL]  # a conflict sends nothing
    updating = make_plan(wanted, existing, update=True)
    assert updating.items[1].action is Action.UPDATE
    assert updating.token_urls() == ["https://elsewhere:8086", URL]  # a new URL needs its token


async def test_apply_creates_with_bounded_concurrency_and_a_second_plan_is_all_unchanged(
    client: InfluxClient, devserver: DevServer
) -> None:
    org_id = devserver.org_id
    plan = make_plan(specs(40), [], update=False)
    in_flight = 0
    most = 0
    seen: list[Outcome] = []

    def on_done(outcome: Outcome) -> None:
        seen.append(outcome)

    original = client.remotes.create

    async def counting(request):  # type: ignore[no-untyped-def]
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            return await original(request)
        finally:
            in_flight -= 1

    client.remotes.create = counting  # type: ignore[method-assign]
    report = await apply_plan(client, org_id, plan, {URL: "tok"}, concurrency=5, on_done=on_done)
    assert report.complete and len(report.done) == 40 and len(seen) == 40
    assert 1 < most <= 5
    again = make_plan(specs(40), await client.remotes.list(org_id), update=False)
    assert again.counts() == {"create": 0, "update": 0, "unchanged": 40, "conflict": 0}
    assert again.writes == []


async def test_a_dropped_connection_half_way_stops_new_writes_and_the_rerun_finishes(
    client: InfluxClient, devserver: DevServer
) -> None:
    """After the 5th create the server starts dropping connections: what was sent finishes, nothing new starts,
    the report says what is done; once the server is well, the same plan made again creates only the rest."""
    org_id = devserver.org_id
    wanted = specs(20)
    plan = make_plan(wanted, [], update=False)

    def on_done(outcome: Outcome) -> None:
        if outcome.ok and len([o for o in seen if o.ok]) == 4:
            devserver.faults = FaultConfig(drop_rate=1.0, paths=("/api/v2/remotes",))
        seen.append(outcome)

    seen: list[Outcome] = []
    report = await apply_plan(client, org_id, plan, {URL: "tok"}, concurrency=1, on_done=on_done)
    assert not report.complete
    assert len(report.done) == 5 and len(report.failed) == 1 and len(report.not_tried) == 14
    error = report.failed[0].error
    assert isinstance(error, ConnectionDroppedError) and "may or may not have been done" in str(error)

    devserver.faults = FaultConfig()
    rerun = make_plan(wanted, await client.remotes.list(org_id), update=False)
    assert rerun.counts()["unchanged"] == 5 + (1 if rerun.counts()["create"] == 14 else 0)
    report = await apply_plan(client, org_id, rerun, {URL: "tok"})
    assert report.complete
    assert sorted(r.name for r in await client.remotes.list(org_id)) == [spec.name for spec in wanted]


async def test_the_file_round_trips_in_json_and_toml(client: InfluxClient, devserver: DevServer) -> None:
    await existing_remote(client, devserver.org_id, "b", description="quote ' and \" and ünïcode")
    await existing_remote(
        client, devserver.org_id, "a", remote_org_id="0A1B2C3D4E5F6789", allow_insecure_tls=True
    )
    document = document_from_remotes(
        await client.remotes.list(devserver.org_id), server=devserver.url + "/", org_id=devserver.org_id
    )
    assert [spec.name for spec in document.remotes] == ["a", "b"]
    for file_format in ("json", "toml"):
        assert loads(dumps(document, file_format), name=f"x.{file_format}") == document
    assert json.loads(dumps(document))["server"] == devserver.url


@pytest.mark.picks_transport
@pytest.mark.parametrize(
    ("remotes", "aiohttp"), [(FAST_TRANSPORT_FROM - 1, False), (FAST_TRANSPORT_FROM, True)]
)
async def test_a_bulk_import_sends_with_aiohttp_and_a_small_one_with_httpx(
    remotes: int, aiohttp: bool, devserver: DevServer
) -> None:
    from remotes_tui.api.aiohttp_transport import AiohttpTransport

    async with bulk_client(settings_for(devserver), remotes) as client:
        assert isinstance(client.http._transport, AiohttpTransport) is aiohttp
        assert await client.remotes.list(devserver.org_id) == []
