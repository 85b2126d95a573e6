"""`stop()`: no connection outlives it, handler threads get a short grace period, and it never hangs."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from typing import Any

import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.devserver.handler import Handler
from remotes_tui.devserver.server import JOIN_TIMEOUT, DevHTTPServer


def test_a_connection_that_registers_after_stop_is_shut_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release = threading.Event(), threading.Event()
    original = Handler.setup

    def late_setup(self: Handler) -> None:  # accepted before stop(), registered after close_connections()
        entered.set()
        release.wait(5)
        original(self)

    monkeypatch.setattr(Handler, "setup", late_setup)
    server = DevServer(port=0)
    server.start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        assert entered.wait(5)
        server.stop()
        release.set()
        sock.settimeout(3)  # without the fix the handler would idle for IDLE_TIMEOUT (300 s)
        assert sock.recv(1) == b""


def _handler_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    threads: list[threading.Thread] = []
    original = DevHTTPServer.track

    def track(self: DevHTTPServer, connection: socket.socket) -> None:
        threads.append(threading.current_thread())
        original(self, connection)

    monkeypatch.setattr(DevHTTPServer, "track", track)
    return threads


def _request_in_background(server: DevServer) -> threading.Thread:
    def call() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request("GET", "/ping")
            conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            pass  # the server stopped under it
        finally:
            conn.close()

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    return thread


def _hold_answers(monkeypatch: pytest.MonkeyPatch, release: threading.Event) -> threading.Event:
    """Every request's handler blocks (ignoring stop) until `release` is set; the returned event says one is in."""
    entered = threading.Event()
    original = Handler._answer

    def held(self: Handler, *args: Any) -> Any:
        entered.set()
        release.wait(30)
        return original(self, *args)

    monkeypatch.setattr(Handler, "_answer", held)
    return entered


def test_stop_waits_for_a_handler_that_finishes_while_it_closes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The busy handler is let go the moment stop() starts closing connections: stop() waits for it to end."""
    threads = _handler_threads(monkeypatch)
    release = threading.Event()
    entered = _hold_answers(monkeypatch, release)
    original_close = DevHTTPServer.close_connections

    def close_then_release(self: DevHTTPServer, join_timeout: float = JOIN_TIMEOUT) -> None:
        release.set()
        original_close(self, join_timeout=30)  # generous: this test is about waiting, not about how long

    monkeypatch.setattr(DevHTTPServer, "close_connections", close_then_release)
    server = DevServer(port=0)
    server.start()
    caller = _request_in_background(server)
    assert entered.wait(10)
    server.stop()
    assert release.is_set()
    assert not threads[0].is_alive()  # stop() returned only once the handler had ended
    caller.join(10)


def test_stop_does_not_wait_long_for_a_stuck_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    """A handler that never ends (held until after stop) is given JOIN_TIMEOUT, then abandoned."""
    threads = _handler_threads(monkeypatch)
    release = threading.Event()
    entered = _hold_answers(monkeypatch, release)
    server = DevServer(port=0)
    server.start()
    caller = _request_in_background(server)
    try:
        assert entered.wait(10)
        started = time.monotonic()
        server.stop()
        took = time.monotonic() - started
        assert threads[0].is_alive()  # still stuck: stop() did not wait for it
        # Bounded by the join timeout (slack for a busy machine), not by the handler.
        assert took < JOIN_TIMEOUT + 10
    finally:
        release.set()
        caller.join(10)
