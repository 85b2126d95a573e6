"""The official `influxdb_client` package, unchanged, against the bundled server.

If InfluxData's own generated client can create, list, get, update and delete remotes on the DevServer and read
its replications, the DevServer speaks the same wire format as a real InfluxDB OSS 2.x.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from influxdb_client import (
    InfluxDBClient,
    RemoteConnection,
    RemoteConnectionCreationRequest,
    RemoteConnectionsService,
    RemoteConnectionUpdateRequest,
    ReplicationCreationRequest,
    ReplicationsService,
)
from influxdb_client.rest import ApiException

from remotes_tui.devserver import DevServer
from tests.support.servers import replication_fields

HEX16 = re.compile(r"^[0-9a-f]{16}$")
REMOTE_ORG_ID = "0123456789abcdef"
REMOTE_TOKEN = "remote-side-secret-token"


@pytest.fixture
def influx(devserver: DevServer) -> Iterator[InfluxDBClient]:
    with InfluxDBClient(url=devserver.url, token=devserver.token, org=devserver.org_id, timeout=10_000) as c:
        yield c


def _raw_json(response: object) -> object:
    """The body of a `_preload_content=False` call (a urllib3 response)."""
    return json.loads(response.data.decode("utf-8"))  # type: ignore[attr-defined]


def _create(svc: RemoteConnectionsService, devserver: DevServer, **fields: object) -> RemoteConnection:
    values: dict[str, object] = {
        "name": "edge-1",
        "org_id": devserver.org_id,
        "remote_url": "https://central.example.com:8086",
        "remote_api_token": REMOTE_TOKEN,
        "allow_insecure_tls": False,
    }
    values.update(fields)
    return svc.post_remote_connection(RemoteConnectionCreationRequest(**values))


def test_remote_connection_crud(devserver: DevServer, influx: InfluxDBClient) -> None:
    svc = RemoteConnectionsService(influx.api_client)

    created = _create(
        svc, devserver, description="first edge", remote_org_id=REMOTE_ORG_ID, allow_insecure_tls=False
    )
    assert isinstance(created, RemoteConnection)
    assert HEX16.match(created.id), created.id
    assert created.name == "edge-1"
    assert created.org_id == devserver.org_id
    assert created.description == "first edge"
    assert created.remote_url == "https://central.example.com:8086"
    assert created.remote_org_id == REMOTE_ORG_ID
    assert created.allow_insecure_tls is False

    listed = svc.get_remote_connections(org_id=devserver.org_id)
    assert [r.id for r in listed.remotes] == [created.id]
    assert listed.remotes[0].to_dict() == created.to_dict()

    by_name = svc.get_remote_connections(org_id=devserver.org_id, name="edge-1")
    assert [r.id for r in by_name.remotes] == [created.id]
    by_url = svc.get_remote_connections(
        org_id=devserver.org_id, remote_url="https://central.example.com:8086"
    )
    assert [r.id for r in by_url.remotes] == [created.id]
    # No match: the server answers {"remotes": null}; the official client keeps it as None.
    nothing = svc.get_remote_connections(org_id=devserver.org_id, name="no-such-remote")
    assert nothing.remotes is None

    got = svc.get_remote_connection_by_id(created.id)
    assert got.to_dict() == created.to_dict()

    # The token is write-only: no response carries it.
    raw = _raw_json(svc.get_remote_connection_by_id(created.id, _preload_content=False))
    assert isinstance(raw, dict)
    assert "remoteAPIToken" not in raw
    assert REMOTE_TOKEN not in json.dumps(raw)

    patched = svc.patch_remote_connection_by_id(
        created.id,
        RemoteConnectionUpdateRequest(
            name="edge-1b",
            description="",
            remote_url="http://10.0.0.5:8086",
            remote_api_token="rotated-token",
            allow_insecure_tls=True,
        ),
    )
    assert patched.id == created.id
    assert patched.name == "edge-1b"
    assert patched.description == ""  # blanked, not removed
    assert patched.remote_url == "http://10.0.0.5:8086"
    assert patched.remote_org_id == REMOTE_ORG_ID  # not sent, so unchanged
    assert patched.allow_insecure_tls is True
    assert patched.org_id == devserver.org_id
    assert svc.get_remote_connection_by_id(created.id).to_dict() == patched.to_dict()

    assert svc.delete_remote_connection_by_id(created.id) is None
    with pytest.raises(ApiException) as excinfo:
        svc.get_remote_connection_by_id(created.id)
    assert excinfo.value.status == 404
    assert json.loads(excinfo.value.body)["code"] == "not found"
    assert svc.get_remote_connections(org_id=devserver.org_id).remotes is None


def test_remote_without_remote_org_id_reads_back_as_none(
    devserver: DevServer, influx: InfluxDBClient
) -> None:
    svc = RemoteConnectionsService(influx.api_client)
    created = _create(svc, devserver, name="v1-target")
    raw = _raw_json(svc.get_remote_connection_by_id(created.id, _preload_content=False))
    assert isinstance(raw, dict)
    assert raw["remoteOrgID"] is None  # always present, null when unset (like influxd)
    assert "description" not in raw  # omitted when never set
    assert created.remote_org_id is None
    assert created.description is None


def test_official_client_reports_errors_with_influx_bodies(
    devserver: DevServer, influx: InfluxDBClient
) -> None:
    svc = RemoteConnectionsService(influx.api_client)
    _create(svc, devserver, name="dup")
    with pytest.raises(ApiException) as excinfo:
        _create(svc, devserver, name="dup")
    assert excinfo.value.status == 500
    body = json.loads(excinfo.value.body)
    assert body == {
        "code": "internal error",
        "message": "UNIQUE constraint failed: remotes.org_id, remotes.name",
    }


def test_replications_list_and_remote_bucket_name(devserver: DevServer, influx: InfluxDBClient) -> None:
    remotes = RemoteConnectionsService(influx.api_client)
    replications = ReplicationsService(influx.api_client)
    remote = _create(remotes, devserver, remote_org_id=REMOTE_ORG_ID)

    created = replications.post_replication(
        ReplicationCreationRequest(
            **replication_fields(devserver, remote.id, "to-central", "central-bucket"),
            max_queue_size_bytes=67108860,
            max_age_seconds=604800,
        )
    )
    assert HEX16.match(created.id), created.id
    assert created.remote_id == remote.id
    assert created.local_bucket_id == devserver.bucket_id
    assert created.max_queue_size_bytes == 67108860

    listed = replications.get_replications(org_id=devserver.org_id)
    assert [r.id for r in listed.replications] == [created.id]
    mine = listed.replications[0]
    assert mine.name == "to-central"
    assert mine.org_id == devserver.org_id
    assert mine.remote_bucket_id is None  # targeted by name, so the id is null

    # Like influxd, the server spells the key "RemoteBucketName" (capital R) while the OpenAPI says
    # "remoteBucketName". The official client's generated deserializer matches JSON keys exactly, so it cannot
    # read the name: it comes out as None. Our own service layer accepts both spellings.
    raw = _raw_json(replications.get_replications(org_id=devserver.org_id, _preload_content=False))
    assert isinstance(raw, dict)
    raw_item = raw["replications"][0]
    assert raw_item["RemoteBucketName"] == "central-bucket"
    assert "remoteBucketName" not in raw_item
    assert mine.remote_bucket_name is None

    got = replications.get_replication_by_id(created.id)
    assert got.id == created.id
    assert got.remote_bucket_name is None  # same reason

    # Filters the official client sends.
    by_remote = replications.get_replications(org_id=devserver.org_id, remote_id=remote.id)
    assert [r.id for r in by_remote.replications] == [created.id]

    # A remote in use cannot be deleted; once its replication is gone it can.
    with pytest.raises(ApiException) as excinfo:
        remotes.delete_remote_connection_by_id(remote.id)
    assert excinfo.value.status == 500
    assert "replication references it" in json.loads(excinfo.value.body)["message"]
    replications.delete_replication_by_id(created.id)
    assert replications.get_replications(org_id=devserver.org_id).replications is None
    remotes.delete_remote_connection_by_id(remote.id)


def test_official_client_reads_the_demo_data() -> None:
    with (
        DevServer(port=0, seed_demo=True) as server,
        InfluxDBClient(url=server.url, token=server.token, org=server.org_id, timeout=10_000) as influx,
    ):
        remotes = RemoteConnectionsService(influx.api_client).get_remote_connections(org_id=server.org_id)
        assert remotes.remotes, "the demo seeds remote connections"
        for remote in remotes.remotes:
            assert HEX16.match(remote.id)
            assert remote.org_id == server.org_id
        replications = ReplicationsService(influx.api_client).get_replications(org_id=server.org_id)
        remote_ids = {r.id for r in remotes.remotes}
        for replication in replications.replications or []:
            assert replication.remote_id in remote_ids
            assert replication.org_id == server.org_id
