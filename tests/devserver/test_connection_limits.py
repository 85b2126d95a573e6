"""How many connections the server keeps, and what it does when connections or file descriptors run out."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from remotes_tui.devserver import DevServer

from .rawhttp import connect, read_answer, read_until_closed

REPO = Path(__file__).resolve().parents[2]


def _idle_connection(port: int) -> socket.socket:
    """A keep-alive connection that has finished one request and now waits for the next."""
    sock = connect(port)
    sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _ = read_answer(sock)
    assert head.startswith(b"HTTP/1.1 204 ")
    return sock


def _wait_for(predicate: object, limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_the_longest_idle_connection_makes_room_for_a_new_one() -> None:
    with DevServer(port=0, max_connections=3) as server:
        httpd = server._httpd
        assert httpd is not None
        idle = [_idle_connection(server.port) for _ in range(3)]
        try:
            newcomer = connect(server.port)
            newcomer.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            head, _ = read_answer(newcomer)
            assert head.startswith(b"HTTP/1.1 204 ")
            assert read_until_closed(idle[0]) == b""  # the oldest idle one was closed
            idle[1].sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")  # the others still work
            assert read_answer(idle[1])[0].startswith(b"HTTP/1.1 204 ")
            newcomer.close()
        finally:
            for sock in idle:
                sock.close()


def test_with_every_connection_busy_a_newcomer_gets_503() -> None:
    with DevServer(port=0, max_connections=2) as server:
        busy = [connect(server.port) for _ in range(2)]
        try:
            for sock in busy:  # half a request: busy, not idle
                sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n")
            httpd = server._httpd
            assert httpd is not None
            # Both handlers have read their half request: busy, so neither may be closed to make room.
            assert _wait_for(lambda: httpd.open_connections() == 2 and httpd.idle_connections() == 0)
            with connect(server.port) as newcomer:
                answer = read_until_closed(newcomer)
            assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
            assert b"\r\nConnection: close\r\n" in answer
            assert b"\r\nRetry-After: 1\r\n" in answer
            busy[0].sendall(b"\r\n")  # the busy ones finish normally
            assert read_answer(busy[0])[0].startswith(b"HTTP/1.1 204 ")
        finally:
            for sock in busy:
                sock.close()


_LOW_LIMIT_SERVER = textwrap.dedent(
    """
    import resource, sys
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (48, hard))
    from remotes_tui.devserver import DevServer
    server = DevServer(port=0, token="t", max_connections=1000)  # a cap above the limit: EMFILE happens
    server.start()
    print(server.port, flush=True)
    sys.stdin.read()
    server.stop()
    """
)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_running_out_of_descriptors_backs_off_instead_of_spinning() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _LOW_LIMIT_SERVER],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    sockets: list[socket.socket] = []
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        sockets = [
            connect(port) for _ in range(80)
        ]  # more than the 48 descriptors; the rest wait in the backlog
        assert _wait_for(lambda: len(os.listdir(f"/proc/{proc.pid}/fd")) >= 46), "never reached the limit"
        before, started = _cpu_seconds(proc.pid), time.monotonic()
        time.sleep(1.0)
        used = _cpu_seconds(proc.pid) - before
        wall = time.monotonic() - started
        assert used < 0.3 * wall, (
            f"the server used {used:.2f} s of CPU in {wall:.2f} s while out of descriptors"
        )
        with connect(port, timeout=10) as health:  # idle connections are closed to make room: it answers
            health.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            head, _ = read_answer(health)
        assert head.startswith(b"HTTP/1.1 200 ")
    finally:
        for sock in sockets:
            sock.close()
        if proc.stdin is not None:
            proc.stdin.close()
        proc.wait(10)


def test_a_connection_whose_request_has_begun_is_not_idle() -> None:
    """Eviction skips a connection with bytes waiting: its handler marks itself idle just before it looks, and
    on a busy machine the newcomer's accept can fall in between (the 503 test above then lost a busy one)."""
    from remotes_tui.devserver.httpd import _request_pending

    server_side, client_side = socket.socketpair()
    with server_side, client_side:
        assert not _request_pending(server_side)
        client_side.sendall(b"GET /ping HTTP/1.1\r\n")
        assert _request_pending(server_side)
