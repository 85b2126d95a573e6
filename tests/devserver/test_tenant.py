"""Orgs, buckets, me and the write endpoint: what a client uses to connect, check a token and find IDs."""

from __future__ import annotations

from remotes_tui.devserver import DevServer

from .httpclient import Client


def test_orgs_list_and_filters(server: DevServer, client: Client) -> None:
    listed = client.get("/api/v2/orgs").json()
    assert listed["links"]["self"].startswith("/api/v2/orgs")
    [org] = listed["orgs"]
    assert org["id"] == server.org_id
    assert org["name"] == "demo-org"
    assert {"id", "name", "description", "createdAt", "updatedAt", "links"} <= set(org)
    assert client.get("/api/v2/orgs?org=demo-org").json()["orgs"] == [org]
    assert client.get(f"/api/v2/orgs?orgID={server.org_id}").json()["orgs"] == [org]
    assert client.get(f"/api/v2/orgs/{server.org_id}").json() == org
    by_name = client.get("/api/v2/orgs?org=nope")
    assert (by_name.status, by_name.json()["message"]) == (404, 'organization name "nope" not found')
    by_id = client.get("/api/v2/orgs?orgID=0123456789abcdef")
    assert (by_id.status, by_id.json()["message"]) == (404, "organization not found")
    assert client.get("/api/v2/orgs/0123456789abcdef").status == 404
    assert client.get("/api/v2/orgs?orgID=xyz").status == 400


def test_buckets_list_and_filters(server: DevServer, client: Client) -> None:
    listed = client.get(f"/api/v2/buckets?orgID={server.org_id}").json()
    assert "links" in listed
    names = [b["name"] for b in listed["buckets"]]
    assert names == ["_monitoring", "_tasks", "demo-bucket"]  # influxd's system buckets come too
    [mine] = client.get(f"/api/v2/buckets?org={server.org_name}&name=demo-bucket").json()["buckets"]
    assert mine["id"] == server.bucket_id
    assert mine["orgID"] == server.org_id
    assert mine["type"] == "user"
    assert mine["retentionRules"] == [
        {"type": "expire", "everySeconds": 0, "shardGroupDurationSeconds": 604800}
    ]
    assert client.get(f"/api/v2/buckets/{server.bucket_id}").json() == mine
    assert client.get("/api/v2/buckets?name=nope").json()["buckets"] == []
    assert client.get("/api/v2/buckets?org=nope").status == 404


def test_me(server: DevServer, client: Client, anonymous: Client) -> None:
    me = client.get("/api/v2/me")
    assert me.status == 200
    assert me.json() == {
        "links": {"self": f"/api/v2/users/{server.user_id}"},
        "id": server.user_id,
        "name": "admin",
        "status": "active",
    }
    assert anonymous.get("/api/v2/me").status == 401


def test_write_accepts_line_protocol_by_name_or_id(server: DevServer, client: Client) -> None:
    for org, bucket in [
        (server.org_name, server.bucket_name),
        (server.org_id, server.bucket_id),
        (server.org_id, server.bucket_name),
    ]:
        reply = client.post(f"/api/v2/write?org={org}&bucket={bucket}&precision=s", b"cpu,host=a usage=1 1\n")
        assert (reply.status, reply.body) == (204, b"")
    assert client.post(f"/api/v2/write?orgID={server.org_id}&bucket={server.bucket_name}").status == 204


def test_write_errors(server: DevServer, client: Client, anonymous: Client) -> None:
    bucket = client.post(f"/api/v2/write?org={server.org_name}&bucket=nope", b"m v=1")
    assert bucket.status == 404
    assert bucket.body == b'{"code":"not found","message":"bucket \\"nope\\" not found"}'
    org = client.post("/api/v2/write?org=nope&bucket=x")
    assert (org.status, org.json()["message"]) == (404, 'organization name "nope" not found')
    no_org = client.post("/api/v2/write?bucket=x")
    assert (no_org.status, no_org.json()["message"]) == (400, "Please provide either orgID or org")
    assert anonymous.post(f"/api/v2/write?org={server.org_name}&bucket={server.bucket_name}").status == 401
    assert client.get("/api/v2/write").status == 405


def test_write_with_another_servers_token_is_401(server: DevServer, client: Client) -> None:
    with DevServer(port=0) as other:
        reply = client.post(f"/api/v2/write?org={server.org_id}&bucket={server.bucket_id}", token=other.token)
        assert reply.status == 401
