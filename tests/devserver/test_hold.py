"""The hold fault: an answer waits until the test releases it (no latency windows in tests)."""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field

import pytest

from remotes_tui.devserver import DevServer

from .httpclient import Client


@dataclass
class Pending:
    """A request made on a background thread; `done` is set once its answer (or error) is in."""

    done: threading.Event = field(default_factory=threading.Event)
    status: int | None = None
    error: BaseException | None = None
    thread: threading.Thread | None = None


def request_in_background(server: DevServer, method: str, path: str) -> Pending:
    pending = Pending()

    def call() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.request(method, path, headers={"Authorization": f"Token {server.token}"})
            response = conn.getresponse()
            response.read()
            pending.status = response.status
        except (OSError, http.client.HTTPException) as exc:
            pending.error = exc
        finally:
            conn.close()
            pending.done.set()

    pending.thread = threading.Thread(target=call, daemon=True)
    pending.thread.start()
    return pending


@pytest.fixture
def remotes_path(server: DevServer) -> str:
    return f"/api/v2/remotes?orgID={server.org_id}"


def test_a_held_request_answers_only_when_released(
    server: DevServer, client: Client, remotes_path: str
) -> None:
    held = server.hold("/api/v2/remotes")
    pending = request_in_background(server, "GET", remotes_path)
    assert held.wait_held()
    assert (held.held, held.total) == (1, 1)
    assert not pending.done.is_set()  # held: no answer yet, however long we look
    assert client.get("/ping").status == 204  # other paths are not held
    assert client.get(f"/api/v2/replications?orgID={server.org_id}").status == 200
    held.release()
    assert pending.done.wait(10)
    assert pending.status == 200
    assert held.held == 0
    assert client.get(remotes_path).status == 200  # released: no longer held


def test_leaving_the_block_releases(server: DevServer, remotes_path: str) -> None:
    with server.hold("/api/v2/remotes", "/api/v2/me") as held:
        first = request_in_background(server, "GET", remotes_path)
        second = request_in_background(server, "GET", "/api/v2/me")
        assert held.wait_held(2)
        assert not first.done.is_set() and not second.done.is_set()
    assert first.done.wait(10) and second.done.wait(10)
    assert (first.status, second.status) == (200, 200)
    assert held.released


def test_two_holds_on_one_path_both_must_release(server: DevServer, remotes_path: str) -> None:
    outer = server.hold("/api/v2")
    inner = server.hold("/api/v2/remotes")
    pending = request_in_background(server, "GET", remotes_path)
    assert inner.wait_held() and outer.wait_held()
    inner.release()
    assert not pending.done.wait(0.05)  # still held by the outer one
    assert outer.held == 1
    outer.release()
    assert pending.done.wait(10) and pending.status == 200


def test_a_forgotten_hold_ends_at_max_hold(
    server: DevServer, remotes_path: str, capfd: pytest.CaptureFixture[str]
) -> None:
    held = server.hold("/api/v2/remotes", max_hold=0.2)
    pending = request_in_background(server, "GET", remotes_path)
    assert pending.done.wait(10)
    assert pending.status == 200
    assert held.total == 1 and not held.released
    assert "was held 0.2 s (max_hold) and goes on" in capfd.readouterr().err


def test_stop_lets_held_requests_go() -> None:
    before = set(threading.enumerate())
    server = DevServer(port=0)
    server.start()
    held = server.hold("/api/v2/remotes", max_hold=300)
    pending = request_in_background(server, "GET", f"/api/v2/remotes?orgID={server.org_id}")
    assert held.wait_held()
    started = time.monotonic()
    server.stop()
    assert pending.done.wait(10)
    assert time.monotonic() - started < 5
    assert pending.thread is not None
    pending.thread.join(5)
    deadline = time.monotonic() + 5
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not set(threading.enumerate()) - before


def test_hold_over_http(server: DevServer, client: Client) -> None:
    reply = client.request("PUT", "/_devserver/faults", {"hold": ["/ping"], "max_hold": 60})
    assert reply.status == 200
    assert reply.json()["hold"] == ["/ping"]
    pending = request_in_background(server, "GET", "/ping")
    deadline = time.monotonic() + 10
    while client.get("/_devserver/held").json() != {"held": 1} and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.get("/_devserver/held").json() == {"held": 1}  # the control endpoint is never held
    assert not pending.done.is_set()
    assert client.request("PUT", "/_devserver/faults", {"hold": []}).status == 200
    assert pending.done.wait(10)
    assert pending.status == 204
    assert client.get("/_devserver/held").json() == {"held": 0}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"hold": "/ping"}, "hold must be a list of at most 64 path prefixes"),
        ({"hold": [""]}, "of 1 to 1024 characters"),
        ({"max_hold": 0}, "max_hold must be a number of seconds above 0 and at most 300"),
        ({"max_hold": 1e10}, "max_hold must be a number of seconds above 0 and at most 300"),
    ],
)
def test_hold_settings_are_checked(client: Client, body: object, message: str) -> None:
    reply = client.request("PUT", "/_devserver/faults", body)
    assert reply.status == 400
    assert message in reply.json()["message"]


def test_hold_in_python_is_checked(server: DevServer) -> None:
    with pytest.raises(ValueError, match="at least one path prefix"):
        server.hold()
    with pytest.raises(ValueError, match="at most 300"):
        server.hold("/ping", max_hold=301)


async def test_wait_held_async_does_not_block_the_event_loop(server: DevServer) -> None:
    with server.hold("/ping") as held:
        pending = request_in_background(server, "GET", "/ping")
        assert await held.wait_held_async()
        assert not pending.done.is_set()
    assert pending.done.wait(10)
    assert pending.status == 204


async def test_wait_held_async_says_false_when_nothing_comes(server: DevServer) -> None:
    with server.hold("/ping") as held:
        assert not await held.wait_held_async(limit=0.05)
