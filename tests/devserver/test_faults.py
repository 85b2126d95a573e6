"""Injected faults: latency, error statuses, dropped connections, malformed bodies, and live changes."""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
import time

import pytest

from remotes_tui.devserver import DevServer, FaultConfig

from .httpclient import Client


def test_latency_is_added(server: DevServer, client: Client) -> None:
    path = f"/api/v2/remotes?orgID={server.org_id}"
    server.faults.latency = 0.2
    started = time.perf_counter()
    assert client.get(path).status == 200
    assert (
        time.perf_counter() - started >= 0.2
    )  # a lower bound only: a busy machine may be slower, never faster


@pytest.mark.parametrize(
    ("status", "code"), [(500, "internal error"), (503, "unavailable"), (429, "too many requests")]
)
def test_error_status(server: DevServer, client: Client, status: int, code: str) -> None:
    server.faults.error_status = status
    server.faults.error_rate = 1.0
    reply = client.get(f"/api/v2/remotes?orgID={server.org_id}")
    assert reply.status == status
    assert reply.json() == {"code": code, "message": "injected fault"}
    assert reply.header("X-Platform-Error-Code") == code
    assert reply.header("X-Influxdb-Build") == "OSS"
    server.faults.error_rate = 0.0
    assert client.get(f"/api/v2/remotes?orgID={server.org_id}").status == 200  # same connection still usable


def test_dropped_connection_is_a_connection_error(server: DevServer) -> None:
    server.faults.drop_rate = 1.0
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/ping")
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
        conn.getresponse()
    conn.close()


def test_malformed_body(server: DevServer, client: Client) -> None:
    server.faults.malformed_rate = 1.0
    reply = client.get(f"/api/v2/remotes?orgID={server.org_id}")
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    assert reply.text.startswith('{\n\t"remotes": [')
    with pytest.raises(ValueError):
        json.loads(reply.body)


def test_paths_limit_where_faults_apply(server: DevServer, client: Client) -> None:
    server.faults.error_rate = 1.0
    server.faults.paths = ("/api/v2/replications",)
    assert client.get(f"/api/v2/remotes?orgID={server.org_id}").status == 200
    assert client.get(f"/api/v2/replications?orgID={server.org_id}").status == 500


def test_partial_rates_are_seeded_and_roughly_right() -> None:
    with DevServer(port=0, faults=FaultConfig(error_rate=0.5, error_status=503)) as server:
        client = Client(server, token=None)
        statuses = [client.get("/ping").status for _ in range(200)]
    failures = statuses.count(503)
    assert 60 <= failures <= 140
    assert set(statuses) == {204, 503}


def test_faults_over_http_while_running(server: DevServer, client: Client) -> None:
    assert client.get("/_devserver/faults").json() == {
        "latency": 0.0,
        "error_status": None,
        "error_rate": 0.0,
        "drop_rate": 0.0,
        "malformed_rate": 0.0,
        "paths": [],
        "hold": [],
        "max_hold": 30.0,
    }
    reply = client.request("PUT", "/_devserver/faults", {"error_status": 502, "error_rate": 1.0})
    assert reply.status == 200
    assert reply.json()["error_status"] == 502
    assert server.faults.error_rate == 1.0  # the live object changed
    assert client.get("/ping").status == 502
    # The control endpoint itself is never faulted, so faults can always be turned off again.
    assert client.request("PUT", "/_devserver/faults", {"error_rate": 0, "drop_rate": 1.0}).status == 200
    assert client.request("PUT", "/_devserver/faults", {"drop_rate": 0}).status == 200
    assert client.get("/ping").status == 204


@pytest.mark.parametrize(
    "body",
    [
        {"error_rate": 2},
        {"latency": -1},
        {"error_status": 99},
        {"error_status": 200},
        {"error_status": 399},
        {"error_status": 600},
        {"error_status": True},
        {"paths": "x"},
        {"nope": 1},
        [1],
        "not json",
    ],
)
def test_invalid_fault_changes_are_rejected(server: DevServer, client: Client, body: object) -> None:
    reply = client.request("PUT", "/_devserver/faults", body)
    assert reply.status == 400
    assert reply.json()["code"] == "invalid"
    assert server.faults == FaultConfig()


def test_fault_control_needs_the_operator_token(anonymous: Client) -> None:
    assert anonymous.get("/_devserver/faults").status == 401
    assert anonymous.request("PUT", "/_devserver/faults", {"latency": 1}).status == 401


def test_replacing_the_fault_config_takes_effect(server: DevServer, client: Client) -> None:
    server.faults = FaultConfig(error_status=418, error_rate=1.0)
    reply = client.get("/ping")
    assert reply.status == 418
    assert reply.json()["code"] == "internal error"  # no influx code for 418
    server.faults = FaultConfig()
    assert client.get("/ping").status == 204


@pytest.mark.parametrize("status", [400, 599])
def test_error_status_bounds_are_accepted(server: DevServer, client: Client, status: int) -> None:
    reply = client.request("PUT", "/_devserver/faults", {"error_status": status, "error_rate": 1.0})
    assert reply.status == 200
    assert client.get("/ping").status == status


def test_an_error_status_that_is_not_an_error_is_explained(client: Client) -> None:
    reply = client.request("PUT", "/_devserver/faults", {"error_status": 204})
    assert reply.json()["message"] == "error_status must be an HTTP error status (400-599) or null"
    with pytest.raises(ValueError, match=r"400-599"):
        FaultConfig(error_status=302)
    with pytest.raises(ValueError, match=r"between 0 and 1"):
        FaultConfig(error_rate=1.5)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"latency": 1e10}, "latency must be a number of seconds from 0 to 60"),
        ({"latency": 61}, "latency must be a number of seconds from 0 to 60"),
        (b'{"latency": ' + b"9" * 5000 + b"}", "latency must be a number of seconds from 0 to 60"),
        (b'{"error_rate": ' + b"9" * 400 + b"}", "error_rate must be a number between 0 and 1"),
        ({"paths": ["/a"] * 65}, "paths must be a list of at most 64 path prefixes"),
        ({"paths": ["/" + "a" * 1024]}, "of at most 1024 characters"),
    ],
)
def test_every_fault_value_is_bounded(server: DevServer, client: Client, body: object, reason: str) -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    reply = client.request("PUT", "/_devserver/faults", data)
    assert reply.status == 400
    assert reason in reply.json()["message"]
    assert server.faults == FaultConfig()
    assert client.get("/ping").status == 204  # nothing changed, nothing broke


def test_a_deeply_nested_fault_body_is_400_not_500(server: DevServer, client: Client) -> None:
    reply = client.request("PUT", "/_devserver/faults", b"[" * 100000)
    assert reply.status == 400
    assert reply.json() == {
        "code": "invalid",
        "message": "the body is not JSON a fault setting can be: it nests too deeply",
    }


def test_assignments_in_python_are_checked_too(server: DevServer) -> None:
    with pytest.raises(ValueError, match="from 0 to 60"):
        server.faults.latency = 1e10
    with pytest.raises(ValueError, match="from 0 to 60"):
        FaultConfig(latency=1e10)
    with pytest.raises(ValueError, match="path prefixes"):
        server.faults.paths = "/api"  # type: ignore[assignment]
    assert server.faults == FaultConfig()


def test_stop_cuts_an_injected_latency_short() -> None:
    """No handler thread is left sleeping in a latency after stop()."""
    before = set(threading.enumerate())
    server = DevServer(port=0, faults=FaultConfig(latency=60.0))
    server.start()
    httpd = server._httpd
    assert httpd is not None
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/ping")
    deadline = time.monotonic() + 5
    while (
        not (httpd.open_connections() == 1 and httpd.idle_connections() == 0) and time.monotonic() < deadline
    ):
        time.sleep(0.01)  # until the request is inside the latency
    server.stop()
    with contextlib.suppress(OSError, http.client.HTTPException):  # answered at once, or cut off
        conn.getresponse().read()
    conn.close()
    deadline = time.monotonic() + 5
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not set(threading.enumerate()) - before
