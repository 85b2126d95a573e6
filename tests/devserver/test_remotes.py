"""`/api/v2/remotes`: what influxd answers, message for message."""

from __future__ import annotations

import json

import pytest

from .httpclient import Client, error_body

OTHER_ORG = "0aaaaaaaaaaaaaaa"


def _list(client: Client, query: str = "") -> list[dict[str, object]] | None:
    reply = client.get(f"/api/v2/remotes?orgID={client.server.org_id}{query}")
    assert reply.status == 200, reply.text
    remotes: list[dict[str, object]] | None = reply.json()["remotes"]
    return remotes


def test_empty_list_is_null(client: Client) -> None:
    reply = client.get(f"/api/v2/remotes?orgID={client.server.org_id}")
    assert reply.status == 200
    assert reply.body == b'{\n\t"remotes": null\n}'
    assert client.get(f"/api/v2/remotes?orgID={OTHER_ORG}").json() == {"remotes": None}


@pytest.mark.parametrize(
    "query", ["", "?orgID=", "?orgID=abc", "?orgID=0000000000000000", "?orgID=0123456789abcdeg"]
)
def test_list_needs_a_valid_org_id(client: Client, query: str) -> None:
    reply = client.get(f"/api/v2/remotes{query}")
    assert reply.status == 400
    assert reply.body == error_body("invalid", "invalid or missing org ID")
    assert reply.header("X-Platform-Error-Code") == "invalid"


def test_create_returns_201_without_the_token(client: Client) -> None:
    created = client.create_remote(description="first", remoteAPIToken="super-secret")
    assert set(created) == {
        "id",
        "orgID",
        "name",
        "description",
        "remoteURL",
        "remoteOrgID",
        "allowInsecureTLS",
    }
    assert created["orgID"] == client.server.org_id
    assert created["remoteOrgID"] == "0123456789abcdef"
    reply = client.get(f"/api/v2/remotes/{created['id']}")
    assert reply.json() == created
    assert b"super-secret" not in reply.body
    assert b"super-secret" not in client.get(f"/api/v2/remotes?orgID={client.server.org_id}").body


def test_create_accepts_blanks_like_influxd(client: Client) -> None:
    reply = client.post("/api/v2/remotes", {"orgID": client.server.org_id})
    assert reply.status == 201
    created = reply.json()
    assert created["name"] == ""
    assert created["remoteURL"] == ""
    assert created["remoteOrgID"] is None
    assert created["allowInsecureTLS"] is False
    assert "description" not in created
    odd = client.create_remote(name="odd", remoteURL="not a url")
    assert odd["remoteURL"] == "not a url"
    elsewhere = client.post("/api/v2/remotes", {"orgID": OTHER_ORG, "name": "x"})
    assert elsewhere.status == 201  # nothing checks that the org exists


def test_create_without_remote_org_id_stores_null(client: Client) -> None:
    body = {
        "orgID": client.server.org_id,
        "name": "v1",
        "remoteURL": "http://old:8086",
        "remoteAPIToken": "u:p",
    }
    reply = client.post("/api/v2/remotes", body)
    assert reply.status == 201
    assert '\n\t"remoteOrgID": null,\n' in reply.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "x"}, "invalid org id for permission: invalid ID"),
        ({"orgID": None, "name": "x"}, "invalid org id for permission: invalid ID"),
        ({"orgID": ""}, "failed to unmarshal json: id must have a length of 16 bytes"),
        ({"orgID": "abc"}, "failed to unmarshal json: id must have a length of 16 bytes"),
        ({"orgID": "0000000000000000"}, "failed to unmarshal json: invalid ID"),
        ({"orgID": "zzzzzzzzzzzzzzzz"}, "failed to unmarshal json: invalid ID"),
        ({"orgID": "@ORG", "remoteOrgID": ""}, "failed to unmarshal json: id must have a length of 16 bytes"),
        (
            {"orgID": "@ORG", "allowInsecureTLS": "yes"},
            "failed to unmarshal json: json: cannot unmarshal string into Go struct field "
            "CreateRemoteConnectionRequest.allowInsecureTLS of type bool",
        ),
        (
            {"orgID": "@ORG", "name": 5},
            "failed to unmarshal json: json: cannot unmarshal number into Go struct field "
            "CreateRemoteConnectionRequest.name of type string",
        ),
        (
            ["not", "an", "object"],
            "failed to unmarshal json: json: cannot unmarshal array into Go value of type "
            "influxdb.CreateRemoteConnectionRequest",
        ),
        (
            "{not json",
            "failed to unmarshal json: invalid character 'n' looking for beginning of object key string",
        ),
        ('{"name": "x"', "failed to unmarshal json: unexpected EOF"),
        ("", "failed to unmarshal json: EOF"),
    ],
)
def test_create_errors(client: Client, body: object, message: str) -> None:
    if isinstance(body, dict):
        body = {k: client.server.org_id if v == "@ORG" else v for k, v in body.items()}
    reply = client.post("/api/v2/remotes", body)
    assert reply.status == 400, reply.text
    assert reply.json() == {"code": "invalid", "message": message}
    assert _list(client) is None  # nothing was stored


def test_keys_match_case_insensitively_and_unknown_keys_are_ignored(client: Client) -> None:
    reply = client.post(
        "/api/v2/remotes",
        {"ORGID": client.server.org_id, "Name": "folded", "extra": [1, 2], "remoteorgid": None},
    )
    assert reply.status == 201
    assert reply.json()["name"] == "folded"


def test_upper_case_ids_are_accepted_and_answered_in_lower_case(client: Client) -> None:
    created = client.create_remote(remoteOrgID="ABCDEF0123456789")
    assert created["remoteOrgID"] == "abcdef0123456789"
    assert client.get(f"/api/v2/remotes/{created['id'].upper()}").json() == created


def test_duplicate_name_is_a_500_with_the_sqlite_message(client: Client) -> None:
    client.create_remote(name="dup")
    reply = client.post("/api/v2/remotes", {"orgID": client.server.org_id, "name": "dup"})
    assert reply.status == 500
    assert reply.body == error_body(
        "internal error", "UNIQUE constraint failed: remotes.org_id, remotes.name"
    )
    assert reply.header("X-Platform-Error-Code") == "internal error"
    # The same name in another org and a duplicate URL are fine.
    assert client.post("/api/v2/remotes", {"orgID": OTHER_ORG, "name": "dup"}).status == 201
    assert client.create_remote(name="dup2")["remoteURL"] == "https://central.example.com:8086"


def test_list_filters_are_exact_and_empty_means_no_filter(client: Client) -> None:
    a = client.create_remote(name="a", remoteURL="https://a.example.com")
    b = client.create_remote(name="b", remoteURL="https://b.example.com/")
    assert [r["id"] for r in _list(client, "&name=a") or []] == [a["id"]]
    assert _list(client, "&name=A") is None
    assert _list(client, "&name=a&name=b") == [a]  # the first value counts
    assert [r["id"] for r in _list(client, "&remoteURL=https://b.example.com/") or []] == [b["id"]]
    assert _list(client, "&remoteURL=https://b.example.com") is None  # the trailing slash matters
    assert len(_list(client, "&name=&remoteURL=") or []) == 2
    assert _list(client, "&name=a&remoteURL=https://b.example.com/") is None


def test_list_is_sorted_by_remote_url_like_the_sqlite_index(client: Client) -> None:
    for name, url in [("z", "https://a.example"), ("m", "https://c.example"), ("a", "https://b.example")]:
        client.create_remote(name=name, remoteURL=url)
    client.create_remote(name="y", remoteURL="https://a.example")
    assert [r["name"] for r in _list(client) or []] == ["z", "y", "a", "m"]


@pytest.mark.parametrize("bad_id", ["abc", "0000000000000000", "0123456789abcdeX", "0123456789abcdef0"])
def test_malformed_id_is_400(client: Client, bad_id: str) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        reply = client.request(
            method, f"/api/v2/remotes/{bad_id}", {"name": "x"} if method == "PATCH" else None
        )
        assert reply.status == 400
        assert reply.json() == {"code": "invalid", "message": "remote-connection ID is invalid"}


def test_unknown_id_is_404(client: Client) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        reply = client.request(method, "/api/v2/remotes/0123456789abcdef", {} if method == "PATCH" else None)
        assert reply.status == 404
        assert reply.body == error_body("not found", "remote connection not found")


def test_patch_changes_only_the_given_keys(client: Client) -> None:
    created = client.create_remote(description="old")
    path = f"/api/v2/remotes/{created['id']}"
    same = client.patch(path, {})
    assert (same.status, same.json()) == (200, created)
    renamed = client.patch(path, {"name": "renamed", "remoteOrgID": None, "allowInsecureTLS": True}).json()
    assert renamed == {**created, "name": "renamed", "allowInsecureTLS": True}
    blanked = client.patch(path, {"description": ""}).json()
    assert blanked["description"] == ""  # blanked, never back to absent
    assert client.patch(path, {"description": None}).json()["description"] == ""
    moved = client.patch(path, {"remoteURL": "http://10.0.0.5:8086", "remoteAPIToken": "rotated"}).json()
    assert moved["remoteURL"] == "http://10.0.0.5:8086"
    assert "rotated" not in str(moved)
    assert client.patch(path, {"orgID": OTHER_ORG}).json()["orgID"] == client.server.org_id  # not updatable


def test_patch_with_an_empty_body_is_eof_even_for_an_unknown_id(client: Client) -> None:
    created = client.create_remote()
    for remote_id in (created["id"], "0123456789abcdef"):
        reply = client.patch(f"/api/v2/remotes/{remote_id}", b"")
        assert reply.status == 400
        assert reply.json() == {"code": "invalid", "message": "failed to unmarshal json: EOF"}


def test_patch_cannot_clear_remote_org_id_with_an_empty_string(client: Client) -> None:
    created = client.create_remote()
    reply = client.patch(f"/api/v2/remotes/{created['id']}", {"remoteOrgID": ""})
    assert reply.status == 400
    assert reply.json()["message"] == "failed to unmarshal json: id must have a length of 16 bytes"


def test_patch_rename_onto_an_existing_name_is_500(client: Client) -> None:
    client.create_remote(name="taken")
    other = client.create_remote(name="free")
    reply = client.patch(f"/api/v2/remotes/{other['id']}", {"name": "taken"})
    assert reply.status == 500
    assert reply.json() == {
        "code": "internal error",
        "message": "UNIQUE constraint failed: remotes.org_id, remotes.name",
    }
    assert client.get(f"/api/v2/remotes/{other['id']}").json()["name"] == "free"


def test_delete(client: Client) -> None:
    created = client.create_remote()
    reply = client.delete(f"/api/v2/remotes/{created['id']}")
    assert (reply.status, reply.body) == (204, b"")
    assert reply.header("Content-Type") is None
    assert client.get(f"/api/v2/remotes/{created['id']}").status == 404
    assert client.delete(f"/api/v2/remotes/{created['id']}").status == 404


def test_delete_of_a_remote_in_use_is_500_and_changes_nothing(client: Client) -> None:
    remote = client.create_remote()
    replication = client.create_replication(remote["id"])
    reply = client.delete(f"/api/v2/remotes/{remote['id']}")
    assert reply.status == 500
    assert reply.body == error_body(
        "internal error", "remote-connection cannot be deleted as a replication references it"
    )
    assert client.get(f"/api/v2/remotes/{remote['id']}").json() == remote
    assert client.get(f"/api/v2/replications/{replication['id']}").json() == replication
    assert client.delete(f"/api/v2/replications/{replication['id']}").status == 204
    assert client.delete(f"/api/v2/remotes/{remote['id']}").status == 204


def test_a_huge_number_in_an_unknown_field_is_ignored(client: Client) -> None:
    body = json.dumps({"orgID": client.server.org_id, "name": "big", "remoteURL": "http://x"})
    reply = client.post("/api/v2/remotes", body[:-1] + ', "extra": ' + "7" * 4400 + "}")
    assert reply.status == 201
    assert reply.json()["name"] == "big"
