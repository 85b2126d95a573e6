"""A read-only token: lists and gets work; API writes get influxd's permission 401, point writes its 403."""

from __future__ import annotations

from remotes_tui.devserver import DevServer

from .httpclient import READ_ONLY_TOKEN, Client


def test_read_only_token_can_list_and_get(client: Client, reader: Client) -> None:
    remote = client.create_remote()
    replication = client.create_replication(remote["id"])
    org = client.server.org_id
    assert reader.get(f"/api/v2/remotes?orgID={org}").json()["remotes"] == [remote]
    assert reader.get(f"/api/v2/remotes/{remote['id']}").json() == remote
    assert reader.get(f"/api/v2/replications?orgID={org}").json()["replications"] == [replication]
    assert reader.get(f"/api/v2/replications/{replication['id']}").json() == replication
    assert reader.get("/api/v2/orgs").status == 200
    assert reader.get("/api/v2/buckets").status == 200
    assert reader.get("/api/v2/me").status == 200


def test_read_only_token_cannot_write_remotes(client: Client, reader: Client) -> None:
    org = client.server.org_id
    remote = client.create_remote()
    created = reader.post("/api/v2/remotes", {"orgID": org, "name": "nope"})
    assert created.status == 401
    assert created.json() == {"code": "unauthorized", "message": f"write:orgs/{org}/remotes is unauthorized"}
    assert created.header("X-Platform-Error-Code") == "unauthorized"
    expected = f"write:orgs/{org}/remotes/{remote['id']} is unauthorized"
    patched = reader.patch(f"/api/v2/remotes/{remote['id']}", {"name": "x"})
    assert (patched.status, patched.json()["message"]) == (401, expected)
    deleted = reader.delete(f"/api/v2/remotes/{remote['id']}")
    assert (deleted.status, deleted.json()["message"]) == (401, expected)
    assert client.get(f"/api/v2/remotes/{remote['id']}").json() == remote
    # The lookup comes first: an unknown id is still 404, and body/permission checks keep influxd's order.
    assert reader.delete("/api/v2/remotes/0123456789abcdef").status == 404
    assert reader.patch(f"/api/v2/remotes/{remote['id']}", b"").status == 400
    assert reader.post("/api/v2/remotes", {"name": "no-org"}).json()["message"] == (
        "invalid org id for permission: invalid ID"
    )


def test_read_only_token_cannot_write_replications(client: Client, reader: Client) -> None:
    org = client.server.org_id
    remote = client.create_remote()
    replication = client.create_replication(remote["id"])
    body = {
        "orgID": org,
        "name": "x",
        "remoteID": remote["id"],
        "localBucketID": client.server.bucket_id,
        "remoteBucketName": "b",
    }
    created = reader.post("/api/v2/replications", body)
    assert (created.status, created.json()["message"]) == (
        401,
        f"write:orgs/{org}/replications is unauthorized",
    )
    expected = f"write:orgs/{org}/replications/{replication['id']} is unauthorized"
    assert (
        reader.patch(f"/api/v2/replications/{replication['id']}", {"name": "y"}).json()["message"] == expected
    )
    assert reader.delete(f"/api/v2/replications/{replication['id']}").json()["message"] == expected
    assert client.get(f"/api/v2/replications/{replication['id']}").json() == replication


def test_read_only_token_cannot_write_points(server: DevServer, client: Client, reader: Client) -> None:
    # influxd's write handler checks the permission itself (checkBucketWritePermissions): 403, compact JSON.
    reply = reader.post(f"/api/v2/write?org={server.org_name}&bucket={server.bucket_name}", b"m v=1")
    assert reply.status == 403
    assert reply.body == b'{"code":"forbidden","message":"insufficient permissions for write"}'
    assert reply.header("X-Platform-Error-Code") == "forbidden"
    # The org and bucket are looked up first: an unknown bucket is still a 404.
    missing = reader.post(f"/api/v2/write?org={server.org_name}&bucket=nope", b"m v=1")
    assert missing.status == 404


def test_validation_with_a_read_only_remote_token_reports_the_403(server: DevServer, client: Client) -> None:
    remote = client.create_remote(
        remoteURL=server.url, remoteAPIToken=READ_ONLY_TOKEN, remoteOrgID=server.org_id
    )
    replication = client.create_replication(remote["id"], remoteBucketName=server.bucket_name)
    reply = client.post(f"/api/v2/replications/{replication['id']}/validate")
    assert reply.json()["message"] == (
        "replication failed validation: invalid response code 403, must be 204: insufficient permissions for write"
    )


def test_read_only_token_cannot_change_faults(reader: Client) -> None:
    assert reader.get("/_devserver/faults").status == 401
    assert reader.request("PUT", "/_devserver/faults", {"latency": 1}).status == 401
