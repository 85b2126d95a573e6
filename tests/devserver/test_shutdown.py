"""`stop()`: no connection outlives it, handler threads get a short grace period, and it never hangs."""

from __future__ import annotations

import http.client
import socket
import threading
import time

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


@pytest.mark.parametrize("latency", [0.4, 3.0])
def test_stop_waits_briefly_for_busy_handlers(monkeypatch: pytest.MonkeyPatch, latency: float) -> None:
    threads = _handler_threads(monkeypatch)
    server = DevServer(port=0)
    server.start()
    server.faults.latency = latency
    caller = _request_in_background(server)
    deadline = time.monotonic() + 5
    while not threads and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # the handler is now inside the injected latency
    started = time.monotonic()
    server.stop()
    took = time.monotonic() - started
    assert took <= JOIN_TIMEOUT + 0.5  # never waits long for a stuck handler
    if latency < JOIN_TIMEOUT:
        assert not threads[0].is_alive()  # a short request was waited for
    caller.join(10)
