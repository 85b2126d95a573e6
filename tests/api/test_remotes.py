"""The remotes service against the bundled server over real loopback HTTP."""

from __future__ import annotations

import json

import httpx
import pytest

from remotes_tui.api import (
    DuplicateNameError,
    InfluxClient,
    InvalidInputError,
    NotFoundError,
    RemoteInUseError,
    ReplicationCreationRequest,
    creation_request,
    update_request,
)
from remotes_tui.devserver import DevServer
from tests.support.servers import replication_fields, settings_for

TARGET = "https://central.example.com:8086"


def _create(org_id: str, name: str = "central-eu", **extra: object):
    values: dict[str, object] = {
        "org_id": org_id,
        "name": name,
        "remote_url": TARGET,
        "remote_api_token": "remote-token-xyz",
    }
    values.update(extra)
    return creation_request(**values)  # type: ignore[arg-type]


async def test_create_get_list_update_delete_round_trip(client: InfluxClient, devserver: DevServer) -> None:
    org_id = devserver.org_id
    created = await client.remotes.create(
        _create(org_id, description="EU central", remote_org_id="0123456789ABCDEF", allow_insecure_tls=True)
    )
    assert created.name == "central-eu"
    assert created.org_id == org_id
    assert created.remote_url == TARGET
    assert created.description == "EU central"
    assert created.remote_org_id == "0123456789abcdef"
    assert created.allow_insecure_tls is True
    assert len(created.id) == 16

    assert await client.remotes.get(created.id) == created
    assert [r.id for r in await client.remotes.list(org_id)] == [created.id]

    updated = await client.remotes.update(created.id, update_request(created, name="central-eu-2"))
    assert updated.name == "central-eu-2"
    assert updated.description == "EU central"

    await client.remotes.delete(created.id)
    with pytest.raises(NotFoundError) as info:
        await client.remotes.get(created.id)
    assert info.value.status == 404
    assert info.value.server_message == "remote connection not found"


async def test_token_is_sent_but_never_returned(client: InfluxClient, devserver: DevServer) -> None:
    sent: list[bytes] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request.content)

    client.http.event_hooks["request"].append(record)
    created = await client.remotes.create(_create(devserver.org_id))
    assert json.loads(sent[-1])["remoteAPIToken"] == "remote-token-xyz"
    assert "remote-token-xyz" not in repr(created)
    raw = await client.http.get(f"/api/v2/remotes/{created.id}")
    assert "remoteAPIToken" not in raw.json()


async def test_empty_list_is_null_on_the_wire_and_empty_in_python(
    client: InfluxClient, devserver: DevServer
) -> None:
    raw = await client.http.get("/api/v2/remotes", params={"orgID": devserver.org_id})
    assert raw.json() == {"remotes": None}
    assert await client.remotes.list(devserver.org_id) == []


async def test_list_filters_are_exact(client: InfluxClient, devserver: DevServer) -> None:
    org_id = devserver.org_id
    a = await client.remotes.create(_create(org_id, "alpha"))
    await client.remotes.create(_create(org_id, "alphabet", remote_url="https://other.example.com"))
    assert [r.id for r in await client.remotes.list(org_id, name="alpha")] == [a.id]
    assert await client.remotes.list(org_id, name="ALPHA") == []
    by_url = await client.remotes.list(org_id, remote_url=TARGET)
    assert [r.name for r in by_url] == ["alpha"]
    assert await client.remotes.list(org_id, remote_url=TARGET + "/") == []


async def test_duplicate_name_is_a_clear_error(client: InfluxClient, devserver: DevServer) -> None:
    await client.remotes.create(_create(devserver.org_id, "dup"))
    with pytest.raises(DuplicateNameError) as info:
        await client.remotes.create(_create(devserver.org_id, "dup"))
    err = info.value
    assert err.status == 500
    assert err.code == "internal error"
    assert err.server_message == "UNIQUE constraint failed: remotes.org_id, remotes.name"
    assert "a remote named 'dup' already exists in this organization" in str(err)
    assert len(await client.remotes.list(devserver.org_id)) == 1


async def test_rename_onto_existing_name_is_a_duplicate(client: InfluxClient, devserver: DevServer) -> None:
    await client.remotes.create(_create(devserver.org_id, "one"))
    two = await client.remotes.create(_create(devserver.org_id, "two"))
    with pytest.raises(DuplicateNameError):
        await client.remotes.update(two.id, update_request(two, name="one"))
    assert (await client.remotes.get(two.id)).name == "two"


async def test_update_sends_only_changed_fields_and_can_blank_description(
    client: InfluxClient, devserver: DevServer
) -> None:
    created = await client.remotes.create(_create(devserver.org_id, description="to be blanked"))
    bodies: list[tuple[str, bytes]] = []

    async def record(request: httpx.Request) -> None:
        bodies.append((request.method, request.content))

    client.http.event_hooks["request"].append(record)
    request = update_request(
        created,
        name=created.name,
        description="",
        remote_url=created.remote_url,
        remote_api_token="",
        remote_org_id="",
        allow_insecure_tls=created.allow_insecure_tls,
    )
    updated = await client.remotes.update(created.id, request)
    assert bodies[-1][0] == "PATCH"
    assert json.loads(bodies[-1][1]) == {"description": ""}
    assert updated.description == ""

    bodies.clear()
    same = await client.remotes.update(created.id, update_request(updated, name=updated.name))
    assert [method for method, _ in bodies] == ["GET"]
    assert same == updated


async def test_new_token_is_sent_on_update(client: InfluxClient, devserver: DevServer) -> None:
    created = await client.remotes.create(_create(devserver.org_id))
    request = update_request(created, remote_api_token="new-token")
    assert request.to_wire() == {"remoteAPIToken": "new-token"}
    assert "new-token" not in repr(request)
    await client.remotes.update(created.id, request)


@pytest.mark.parametrize(
    ("field", "overrides", "words"),
    [
        ("name", {"name": "   "}, "Name must not be blank"),
        ("remote_url", {"remote_url": "not a url"}, "http:// or https://"),
        ("remote_url", {"remote_url": "ftp://files.example.com"}, "http:// or https://"),
        ("remote_url", {"remote_url": "https://"}, "host name"),
        ("remote_url", {"remote_url": "http://host:99999"}, "port"),
        ("remote_api_token", {"remote_api_token": ""}, "token is required"),
        ("remote_org_id", {"remote_org_id": "xyz"}, "16 hexadecimal characters"),
        ("remote_org_id", {"remote_org_id": "0000000000000000"}, "all zeros"),
        ("org_id", {"org_id": "nope"}, "16 hexadecimal characters"),
    ],
)
async def test_create_is_validated_before_anything_is_sent(
    client: InfluxClient, devserver: DevServer, field: str, overrides: dict[str, object], words: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        extra = dict(overrides)
        await client.remotes.create(_create(str(extra.pop("org_id", devserver.org_id)), **extra))
    assert field in info.value.field_errors
    assert words in info.value.field_errors[field]
    assert await client.remotes.list(devserver.org_id) == []


def test_every_violation_is_reported_per_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        creation_request(org_id="0123456789abcdef", name="", remote_url="x", remote_api_token=" ")
    assert set(info.value.field_errors) == {"name", "remote_url", "remote_api_token"}
    assert "Please fix" in str(info.value)


def test_validation_messages_never_echo_a_token() -> None:
    with pytest.raises(InvalidInputError) as info:
        creation_request(
            org_id="bad", name="x", remote_url="https://h", remote_api_token="s3cr3t-value", remote_org_id="q"
        )
    assert "s3cr3t-value" not in str(info.value)
    assert "s3cr3t-value" not in repr(info.value.field_errors)


def test_remote_org_id_cannot_be_cleared_once_set() -> None:
    from remotes_tui.api import RemoteConnection

    remote = RemoteConnection.model_validate(
        {"id": "1" * 16, "name": "n", "orgID": "2" * 16, "remoteURL": "https://h", "remoteOrgID": "3" * 16}
    )
    with pytest.raises(InvalidInputError) as info:
        update_request(remote, remote_org_id="")
    assert "cannot be cleared" in info.value.field_errors["remote_org_id"]


async def test_delete_refused_while_a_replication_uses_the_remote(
    client: InfluxClient, devserver: DevServer
) -> None:
    remote = await client.remotes.create(_create(devserver.org_id))
    replication = await client.replications.create(
        ReplicationCreationRequest(**replication_fields(devserver, remote.id, "to-central", "central-bucket"))
    )
    with pytest.raises(RemoteInUseError) as info:
        await client.remotes.delete(remote.id)
    assert info.value.status == 500
    assert "replications still use this remote" in str(info.value)
    assert await client.remotes.get(remote.id) == remote
    assert [r.id for r in await client.replications.list(devserver.org_id, remote_id=remote.id)] == [
        replication.id
    ]

    await client.replications.delete(replication.id)
    await client.remotes.delete(remote.id)
    assert await client.remotes.list(devserver.org_id) == []


async def test_malformed_ids_are_rejected_locally_and_by_the_server(client: InfluxClient) -> None:
    with pytest.raises(InvalidInputError) as info:
        await client.remotes.get("not-an-id")
    assert "16 hexadecimal characters" in str(info.value)
    from remotes_tui.api import BadRequestError

    with pytest.raises(BadRequestError) as server_side:
        await client._sender.request("GET", "/api/v2/remotes/xyz")
    assert server_side.value.server_message == "remote-connection ID is invalid"


async def test_read_only_token_can_list_but_not_create() -> None:
    from remotes_tui.api import UnauthorizedError

    with DevServer(port=0, read_only_token="read-only-token-1234") as server:
        async with InfluxClient(settings_for(server)) as admin:
            await admin.remotes.create(_create(server.org_id))
        async with InfluxClient(settings_for(server, token="read-only-token-1234")) as reader:
            assert len(await reader.remotes.list(server.org_id)) == 1
            with pytest.raises(UnauthorizedError) as info:
                await reader.remotes.create(_create(server.org_id, "second"))
    assert info.value.server_message == f"write:orgs/{server.org_id}/remotes is unauthorized"
    assert "not allowed" in str(info.value)
