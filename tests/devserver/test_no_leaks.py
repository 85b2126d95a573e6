"""Secrets stay secret on failure: a bad stored token or an unexpected exception never reaches a reply or stderr."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from remotes_tui.devserver import DevServer, routes_misc
from remotes_tui.devserver.validate import valid_header_value

from .httpclient import Client

SECRET = "SUPERSECRET"


@pytest.fixture
def target() -> Iterator[DevServer]:
    """A second server standing for the remote InfluxDB."""
    with DevServer(port=0, org="central-org", bucket="central-bucket") as s:
        yield s


def _replication_with_token(client: Client, target: DevServer, token: str) -> tuple[str, str]:
    remote = client.create_remote(remoteURL=target.url, remoteAPIToken=token, remoteOrgID=target.org_id)
    replication = client.create_replication(remote["id"], remoteBucketName=target.bucket_name)
    return remote["id"], replication["id"]


@pytest.mark.parametrize("token", [f"{SECRET}\n", f"{SECRET}\n more", f"{SECRET}\x7f", f"a\x00{SECRET}"])
def test_a_token_go_would_not_send_fails_validation_without_showing_it(
    client: Client, target: DevServer, capfd: pytest.CaptureFixture[str], token: str
) -> None:
    remote_id, replication_id = _replication_with_token(client, target, token)
    cause = (
        f'Post "{target.url}/api/v2/write?bucket=central-bucket&org={target.org_id}": '
        'net/http: invalid header field value for "Authorization"'
    )
    replies = {
        "replication failed validation": client.post(f"/api/v2/replications/{replication_id}/validate"),
        "validation fails after applying update": client.patch(
            f"/api/v2/replications/{replication_id}?validate=true", {"remoteID": remote_id}
        ),
    }
    for prefix, reply in replies.items():
        assert reply.status == 400
        assert reply.json() == {"code": "invalid", "message": f"{prefix}: {cause}"}
        assert SECRET not in reply.text
    body = {
        "orgID": client.server.org_id,
        "name": "checked",
        "remoteID": remote_id,
        "localBucketID": client.server.bucket_id,
        "remoteBucketID": target.bucket_id,
    }
    created = client.post("/api/v2/replications?validate=true", body)
    assert created.status == 400
    assert created.json()["message"].endswith('invalid header field value for "Authorization"')
    err = capfd.readouterr().err
    assert SECRET not in err
    assert "Traceback" not in err


def test_a_non_latin1_token_is_sent_as_utf8_like_go(client: Client, target: DevServer) -> None:
    _remote_id, replication_id = _replication_with_token(client, target, "t\u00f6k\u20acn")
    reply = client.post(f"/api/v2/replications/{replication_id}/validate")
    assert reply.json()["message"] == (
        "replication failed validation: invalid response code 401, must be 204: unauthorized access"
    )


def test_go_header_value_rules() -> None:
    assert valid_header_value("plain token\twith tab and \u00e9")
    for bad in ("a\nb", "a\n b", "a\rb", "a\x00b", "a\x1fb", "a\x7fb"):
        assert not valid_header_value(bad)


def _boom(_app: object) -> None:
    raise RuntimeError(f"stored token {SECRET} in a message")


def test_an_unexpected_error_is_a_fixed_500_logged_by_type_only(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(routes_misc, "health", _boom)
    with DevServer(port=0) as server:
        reply = Client(server).get("/health")
    assert reply.status == 500
    assert reply.json() == {"code": "internal error", "message": "internal error"}
    assert reply.header("X-Platform-Error-Code") == "internal error"
    err = capfd.readouterr().err
    assert err == "devserver: internal error (RuntimeError)\n"


def test_with_request_logging_the_stack_is_shown_but_not_the_message(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(routes_misc, "health", _boom)
    monkeypatch.setenv("REMOTES_TUI_SERVE_LOG", "1")
    with DevServer(port=0) as server:
        reply = Client(server).get("/health")
    assert SECRET not in reply.text
    err = capfd.readouterr().err
    assert "devserver: internal error (RuntimeError)" in err
    assert "_boom" in err  # the frames, to find the bug
    assert SECRET not in err
