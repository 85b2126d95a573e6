"""`/api/v2/replications`: defaults, checks, messages, the RemoteBucketName quirk and real validation."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from remotes_tui.devserver import DevServer

from .httpclient import Client

UNKNOWN = "0123456789abcdef"


@pytest.fixture
def target() -> Iterator[DevServer]:
    """A second server standing for the remote InfluxDB."""
    with DevServer(port=0, org="central-org", bucket="central-bucket") as s:
        yield s


def _list(client: Client, query: str = "") -> Any:
    reply = client.get(f"/api/v2/replications?orgID={client.server.org_id}{query}")
    assert reply.status == 200, reply.text
    return reply.json()["replications"]


def test_empty_list_is_null_and_org_is_required(client: Client) -> None:
    reply = client.get(f"/api/v2/replications?orgID={client.server.org_id}")
    assert reply.body == b'{\n\t"replications": null\n}'
    bad = client.get("/api/v2/replications")
    assert (bad.status, bad.json()["message"]) == (400, "invalid or missing org ID")


def test_create_applies_defaults_and_uses_influxd_keys(client: Client) -> None:
    remote = client.create_remote()
    created = client.create_replication(remote["id"])
    assert list(created) == [
        "id",
        "orgID",
        "name",
        "remoteID",
        "localBucketID",
        "remoteBucketID",
        "RemoteBucketName",
        "maxQueueSizeBytes",
        "currentQueueSizeBytes",
        "remainingBytesToBeSynced",
        "dropNonRetryableData",
        "maxAgeSeconds",
    ]
    assert created["remoteBucketID"] is None
    assert created["RemoteBucketName"] == "central-bucket"
    assert created["maxQueueSizeBytes"] == 67108860
    assert created["maxAgeSeconds"] == 604800
    assert created["dropNonRetryableData"] is False
    assert created["currentQueueSizeBytes"] == 0
    by_id = client.create_replication(
        remote["id"], name="by-id", remoteBucketName=None, remoteBucketID="00000000000000aa", description="d"
    )
    assert by_id["remoteBucketID"] == "00000000000000aa"
    assert by_id["RemoteBucketName"] == ""
    assert by_id["description"] == "d"
    both = client.create_replication(remote["id"], name="both", remoteBucketID="00000000000000bb")
    assert (both["remoteBucketID"], both["RemoteBucketName"]) == ("00000000000000bb", "")  # the ID wins
    zero_age = client.create_replication(remote["id"], name="zero-age", maxAgeSeconds=0)
    assert zero_age["maxAgeSeconds"] == 0


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"maxQueueSizeBytes": 33554429}, 400, "maxQueueSize too small, must be at least 33554430"),
        ({"remoteBucketName": ""}, 422, "one of remote_bucket_id, remote_bucket_name should be provided"),
        ({"remoteBucketName": None}, 422, "one of remote_bucket_id, remote_bucket_name should be provided"),
        ({"orgID": None}, 400, "invalid org id for permission: invalid ID"),
        ({"remoteID": None}, 400, "invalid id for permission: invalid ID"),
        ({"remoteID": UNKNOWN}, 400, f'remote "{UNKNOWN}" not found: FOREIGN KEY constraint failed'),
        ({"localBucketID": UNKNOWN}, 400, f'local bucket "{UNKNOWN}" not found: bucket not found'),
        (
            {"maxQueueSizeBytes": 1.5},
            400,
            "failed to unmarshal json: json: cannot unmarshal number 1.5 into Go struct field "
            "CreateReplicationRequest.maxQueueSizeBytes of type int64",
        ),
    ],
)
def test_create_errors(client: Client, fields: dict[str, Any], status: int, message: str) -> None:
    remote = client.create_remote()
    body = {
        "orgID": client.server.org_id,
        "name": "r",
        "remoteID": remote["id"],
        "localBucketID": client.server.bucket_id,
        "remoteBucketName": "b",
        **fields,
    }
    reply = client.post("/api/v2/replications", {k: v for k, v in body.items() if v is not None})
    assert reply.status == status, reply.text
    assert reply.json()["message"] == message
    assert _list(client) is None


def test_duplicate_name_is_500(client: Client) -> None:
    remote = client.create_remote()
    client.create_replication(remote["id"], name="dup")
    body = {
        "orgID": client.server.org_id,
        "name": "dup",
        "remoteID": remote["id"],
        "localBucketID": client.server.bucket_id,
        "remoteBucketName": "b",
    }
    reply = client.post("/api/v2/replications", body)
    assert reply.status == 500
    assert reply.json() == {
        "code": "internal error",
        "message": "UNIQUE constraint failed: replications.org_id, replications.name",
    }


def test_list_filters(client: Client) -> None:
    first = client.create_remote(name="first")
    second = client.create_remote(name="second")
    a = client.create_replication(first["id"], name="a")
    b = client.create_replication(second["id"], name="b")
    assert [r["id"] for r in _list(client, f"&remoteID={second['id']}")] == [b["id"]]
    assert [r["id"] for r in _list(client, "&name=a")] == [a["id"]]
    assert len(_list(client, f"&localBucketID={client.server.bucket_id}")) == 2
    assert _list(client, f"&localBucketID={UNKNOWN}") is None
    assert len(_list(client, "&remoteID=&name=")) == 2
    bad_remote = client.get(f"/api/v2/replications?orgID={client.server.org_id}&remoteID=xyz")
    assert (bad_remote.status, bad_remote.json()["message"]) == (400, "invalid remote ID")
    bad_bucket = client.get(f"/api/v2/replications?orgID={client.server.org_id}&localBucketID=xyz")
    assert (bad_bucket.status, bad_bucket.json()["message"]) == (400, "invalid local bucket ID")


def test_get_patch_delete(client: Client) -> None:
    remote = client.create_remote()
    other = client.create_remote(name="other")
    created = client.create_replication(remote["id"])
    path = f"/api/v2/replications/{created['id']}"
    assert client.get(path).json() == created
    assert client.patch(path, {}).json() == created
    patched = client.patch(
        path,
        {
            "name": "renamed",
            "remoteID": other["id"],
            "maxQueueSizeBytes": 40000000,
            "dropNonRetryableData": True,
        },
    ).json()
    assert patched == {
        **created,
        "name": "renamed",
        "remoteID": other["id"],
        "maxQueueSizeBytes": 40000000,
        "dropNonRetryableData": True,
    }
    too_small = client.patch(path, {"maxQueueSizeBytes": 1})
    assert (too_small.status, too_small.json()["message"]) == (
        400,
        "maxQueueSize too small, must be at least 33554430",
    )
    unknown_remote = client.patch(path, {"remoteID": UNKNOWN})
    assert unknown_remote.status == 400
    assert unknown_remote.json()["message"] == f'remote "{UNKNOWN}" not found: FOREIGN KEY constraint failed'
    assert client.patch(path, b"").json()["message"] == "failed to unmarshal json: EOF"
    assert client.delete(path).status == 204
    for method in ("GET", "PATCH", "DELETE"):
        reply = client.request(method, path, {} if method == "PATCH" else None)
        assert (reply.status, reply.json()["message"]) == (404, "replication not found")
    malformed = client.get("/api/v2/replications/nope")
    assert (malformed.status, malformed.json()["message"]) == (400, "replication ID is invalid")


def _remote_for(client: Client, target: DevServer, token: str, **fields: Any) -> dict[str, Any]:
    return client.create_remote(
        name=fields.pop("name", "central"),
        remoteURL=target.url,
        remoteAPIToken=token,
        remoteOrgID=target.org_id,
    )


def test_validate_against_a_second_server(client: Client, target: DevServer) -> None:
    good = _remote_for(client, target, target.token, name="good")
    bad = _remote_for(client, target, "wrong-token", name="bad")
    ok = client.create_replication(good["id"], name="ok", remoteBucketName=target.bucket_name)
    reply = client.post(f"/api/v2/replications/{ok['id']}/validate")
    assert (reply.status, reply.body) == (204, b"")

    failing = client.create_replication(bad["id"], name="failing", remoteBucketName=target.bucket_name)
    reply = client.post(f"/api/v2/replications/{failing['id']}/validate")
    assert reply.status == 400
    assert reply.json() == {
        "code": "invalid",
        "message": "replication failed validation: invalid response code 401, must be 204: unauthorized access",
    }
    # Patching the remote's token makes it pass: the remote config is read at validation time.
    assert client.patch(f"/api/v2/remotes/{bad['id']}", {"remoteAPIToken": target.token}).status == 200
    assert client.post(f"/api/v2/replications/{failing['id']}/validate").status == 204

    wrong_bucket = client.create_replication(good["id"], name="wrong-bucket", remoteBucketName="nope")
    reply = client.post(f"/api/v2/replications/{wrong_bucket['id']}/validate")
    assert reply.json()["message"] == (
        'replication failed validation: invalid response code 404, must be 204: bucket "nope" not found'
    )
    by_id = client.create_replication(
        good["id"], name="by-id", remoteBucketName=None, remoteBucketID=target.bucket_id
    )
    assert client.post(f"/api/v2/replications/{by_id['id']}/validate").status == 204
    missing = client.post(f"/api/v2/replications/{UNKNOWN}/validate")
    assert (missing.status, missing.json()["message"]) == (404, "replication not found")


def test_validate_reports_transport_errors(client: Client) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    remote = client.create_remote(remoteURL=f"http://127.0.0.1:{port}/some/path")
    replication = client.create_replication(remote["id"])
    reply = client.post(f"/api/v2/replications/{replication['id']}/validate")
    assert reply.status == 400
    assert reply.json()["message"] == (
        f'replication failed validation: Post "http://127.0.0.1:{port}/api/v2/write?bucket=central-bucket'
        f'&org=0123456789abcdef": dial tcp 127.0.0.1:{port}: connect: connection refused'
    )
    odd = client.create_remote(name="odd", remoteURL="ftp://x")
    odd_replication = client.create_replication(odd["id"], name="odd")
    reply = client.post(f"/api/v2/replications/{odd_replication['id']}/validate")
    assert reply.json()["message"].endswith('unsupported protocol scheme "ftp"')


def test_create_with_validate_true_stores_nothing(client: Client, target: DevServer) -> None:
    remote = _remote_for(client, target, target.token)
    body = {
        "orgID": client.server.org_id,
        "name": "checked",
        "remoteID": remote["id"],
        "localBucketID": client.server.bucket_id,
        "remoteBucketID": target.bucket_id,
    }
    reply = client.post("/api/v2/replications?validate=true", body)
    assert (reply.status, reply.body) == (204, b"")
    assert _list(client) is None
    # influxd validates a new replication with the remote bucket ID only: a name alone is sent as bucket="".
    by_name = {**body, "remoteBucketID": None, "remoteBucketName": target.bucket_name}
    reply = client.post(
        "/api/v2/replications?validate=true", {k: v for k, v in by_name.items() if v is not None}
    )
    assert reply.status == 400
    assert reply.json()["message"] == (
        'replication parameters fail validation: invalid response code 404, must be 204: bucket "" not found'
    )
    unknown = client.post("/api/v2/replications?validate=true", {**body, "remoteID": UNKNOWN})
    assert unknown.json()["message"] == f'remote "{UNKNOWN}" not found'
    assert client.post("/api/v2/replications?validate=yes", body).status == 201  # only the literal "true"


def test_patch_with_validate_true_stores_nothing(client: Client, target: DevServer) -> None:
    good = _remote_for(client, target, target.token, name="good")
    bad = _remote_for(client, target, "nope", name="bad")
    replication = client.create_replication(good["id"], remoteBucketName=target.bucket_name)
    path = f"/api/v2/replications/{replication['id']}"
    assert client.patch(path + "?validate=true", {"name": "x"}).status == 204
    reply = client.patch(path + "?validate=true", {"remoteID": bad["id"]})
    assert reply.status == 400
    assert reply.json()["message"] == (
        "validation fails after applying update: invalid response code 401, must be 204: unauthorized access"
    )
    assert client.get(path).json() == replication
