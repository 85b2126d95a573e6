"""Orgs, buckets, me, health, ping and replications against the bundled server."""

from __future__ import annotations

import httpx
import pytest

from remotes_tui import __version__
from remotes_tui.api import (
    ApiError,
    InfluxClient,
    InvalidInputError,
    NotFoundError,
    ReplicationCreationRequest,
    creation_request,
)
from remotes_tui.devserver import DevServer
from tests.support.servers import settings_for


async def test_ping_reports_build_and_version(client: InfluxClient) -> None:
    info = await client.system.ping()
    assert info.build == "OSS"
    assert info.version
    assert not info.is_cloud


async def test_health_and_me(client: InfluxClient) -> None:
    health = await client.system.health()
    assert health.status == "pass"
    assert health.name == "influxdb"
    me = await client.system.me()
    assert me.status == "active"
    assert len(me.id) == 16


async def test_headers_sent(client: InfluxClient, devserver: DevServer) -> None:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    client.http.event_hooks["request"].append(record)
    await client.system.me()
    assert seen[0].headers["User-Agent"] == f"remotes-tui/{__version__}"
    assert seen[0].headers["Authorization"] == f"Token {devserver.token}"


async def test_find_org_by_name_and_id(client: InfluxClient, devserver: DevServer) -> None:
    by_name = await client.orgs.find(org=devserver.org_name)
    assert by_name.id == devserver.org_id
    by_id = await client.orgs.find(org_id=devserver.org_id.upper())
    assert by_id.name == devserver.org_name
    with pytest.raises(NotFoundError) as info:
        await client.orgs.find(org="no-such-org")
    assert "no-such-org" in str(info.value)
    with pytest.raises(InvalidInputError):
        await client.orgs.find(org="a", org_id=devserver.org_id)


async def test_resolve_org_id_from_settings(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver, org_id=None, org=devserver.org_name)) as client:
        assert await client.resolve_org_id() == devserver.org_id
    async with InfluxClient(settings_for(devserver, org_id=None)) as client:
        with pytest.raises(InvalidInputError) as info:
            await client.resolve_org_id()
    assert "INFLUX_ORG" in str(info.value)


async def test_buckets(client: InfluxClient, devserver: DevServer) -> None:
    buckets = await client.buckets.list(devserver.org_id)
    assert devserver.bucket_id in [b.id for b in buckets]


async def test_replications_list_get_validate_delete(
    demo_client: InfluxClient, demo_server: DevServer, target_server: DevServer
) -> None:
    org_id = demo_server.org_id
    remotes = await demo_client.remotes.list(org_id)
    replications = await demo_client.replications.list(org_id)
    assert replications, "the demo data has replications"
    used = {r.remote_id for r in replications}
    remote_id = sorted(used)[0]
    for_remote = await demo_client.replications.list(org_id, remote_id=remote_id)
    assert for_remote and all(r.remote_id == remote_id for r in for_remote)
    assert {r.id for r in remotes} >= used

    one = await demo_client.replications.get(for_remote[0].id)
    assert one == for_remote[0]
    assert one.remote_bucket


async def test_replication_validate_really_writes_to_the_remote(
    client: InfluxClient, devserver: DevServer, target_server: DevServer
) -> None:
    good = await client.remotes.create(
        creation_request(
            org_id=devserver.org_id,
            name="good",
            remote_url=target_server.url,
            remote_api_token=target_server.token,
            remote_org_id=target_server.org_id,
        )
    )
    bad = await client.remotes.create(
        creation_request(
            org_id=devserver.org_id,
            name="bad",
            remote_url=target_server.url,
            remote_api_token="not-the-token",
            remote_org_id=target_server.org_id,
        )
    )
    made = {}
    for remote in (good, bad):
        made[remote.name] = await client.replications.create(
            ReplicationCreationRequest(
                name=f"to-{remote.name}",
                org_id=devserver.org_id,
                remote_id=remote.id,
                local_bucket_id=devserver.bucket_id,
                remote_bucket_name=target_server.bucket_name,
            )
        )
    assert made["good"].remote_bucket_name == target_server.bucket_name
    await client.replications.validate(made["good"].id)
    with pytest.raises(ApiError) as info:
        await client.replications.validate(made["bad"].id)
    assert info.value.status == 400
    assert "401" in (info.value.server_message or "")

    await client.replications.delete(made["bad"].id)
    with pytest.raises(NotFoundError):
        await client.replications.get(made["bad"].id)
