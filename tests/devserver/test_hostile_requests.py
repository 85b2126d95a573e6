"""Requests meant to hurt the server: bodies it should never read, smuggling, and clients that trickle bytes."""

from __future__ import annotations

import json

import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.devserver.limits import JSON_BODY_LIMIT, WRITE_BODY_LIMIT

from .httpclient import Client
from .rawhttp import UNAUTHORIZED, connect, read_answer, read_until_closed, split_answer, trickle_until_closed


def test_an_unauthenticated_body_is_never_read(server: DevServer) -> None:
    """401 from the headers alone, then the connection is closed: the 60 MB never has to arrive."""
    with connect(server.port) as sock:
        sock.sendall(
            b"POST /api/v2/remotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 60000000\r\n\r\n" + b"[" * 1000
        )
        head, body = split_answer(read_until_closed(sock))
    assert head.startswith(b"HTTP/1.1 401 Unauthorized\r\n")
    assert b"\r\nConnection: close" in head
    assert body == UNAUTHORIZED


@pytest.mark.parametrize("path", ["/api/v2/write?org=x&bucket=y", "/_devserver/faults", "/api/v2/nothing"])
def test_every_guarded_path_refuses_before_the_body(server: DevServer, path: str) -> None:
    with connect(server.port) as sock:
        sock.sendall(f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n".encode())
        head, body = split_answer(read_until_closed(sock))
    assert head.startswith(b"HTTP/1.1 401 ")
    assert body == UNAUTHORIZED


def test_a_small_unauthenticated_body_keeps_the_connection(server: DevServer) -> None:
    anonymous = Client(server, token=None)
    assert anonymous.post("/api/v2/remotes", {"orgID": server.org_id, "name": "x"}).status == 401
    sock = anonymous.conn.sock
    assert anonymous.get("/ping").status == 204
    assert anonymous.conn.sock is sock  # the body was skipped and the connection reused
    anonymous.close()


def test_a_bad_token_is_refused_like_a_missing_one(server: DevServer) -> None:
    with connect(server.port) as sock:
        sock.sendall(
            b"POST /api/v2/remotes HTTP/1.1\r\nHost: x\r\nAuthorization: Token nope\r\n"
            b"Content-Length: 60000000\r\n\r\n"
        )
        head, body = split_answer(read_until_closed(sock))
    assert head.startswith(b"HTTP/1.1 401 ")
    assert body == UNAUTHORIZED


def _announce(server: DevServer, path: str, length: int) -> tuple[bytes, bytes]:
    with connect(server.port) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Token {server.token}\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
        )
        return split_answer(read_until_closed(sock))


def test_an_oversized_json_body_is_413_before_it_is_read(server: DevServer) -> None:
    head, body = _announce(server, "/api/v2/remotes", JSON_BODY_LIMIT + 1)
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"\r\nX-Platform-Error-Code: request too large" in head
    assert json.loads(body) == {
        "code": "request too large",
        "message": f"request body too large: /api/v2/remotes accepts at most {JSON_BODY_LIMIT} bytes",
    }


def test_an_oversized_write_is_influxds_413(server: DevServer) -> None:
    head, body = _announce(server, f"/api/v2/write?org={server.org_id}&bucket=x", WRITE_BODY_LIMIT + 1)
    assert head.startswith(b"HTTP/1.1 413 ")
    assert body == b'{"code":"request too large","message":"unable to read data: points batch is too large"}'


def test_a_chunked_body_is_cut_off_at_the_limit(server: DevServer) -> None:
    chunk = b"x" * 65536
    with connect(server.port) as sock:
        sock.sendall(
            b"POST /api/v2/remotes HTTP/1.1\r\nHost: x\r\nAuthorization: Token "
            + server.token.encode()
            + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            for _ in range(JSON_BODY_LIMIT // len(chunk) + 2):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass  # the server answered and closed
        head, _body = split_answer(read_until_closed(sock))
    assert head.startswith(b"HTTP/1.1 413 ")


def test_a_body_just_under_the_limit_is_accepted(client: Client) -> None:
    description = "d" * (JSON_BODY_LIMIT - 1000)
    remote = client.create_remote(description=description)
    assert remote["description"] == description


def test_content_length_and_transfer_encoding_together_are_refused(server: DevServer) -> None:
    """The smuggled second request must never run: one 400, then the connection is closed."""
    smuggled = (
        b"GET /api/v2/me HTTP/1.1\r\nHost: x\r\nAuthorization: Token " + server.token.encode() + b"\r\n\r\n"
    )
    with connect(server.port) as sock:
        sock.sendall(
            b"POST /api/v2/remotes HTTP/1.1\r\nHost: x\r\nAuthorization: Token "
            + server.token.encode()
            + b"\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + smuggled
        )
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"\r\nConnection: close\r\n" in answer
    assert answer.count(b"HTTP/1.1 ") == 1, answer


def test_conflicting_content_lengths_are_refused(server: DevServer) -> None:
    with connect(server.port) as sock:
        sock.sendall(b"POST /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 30\r\n\r\nx")
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert answer.count(b"HTTP/1.1 ") == 1


def test_a_transfer_encoding_other_than_chunked_is_501(server: DevServer) -> None:
    with connect(server.port) as sock:
        sock.sendall(b"POST /ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 501 ")


def test_headers_larger_than_the_limit_are_431(server: DevServer) -> None:
    with connect(server.port) as sock:
        filler = b"".join(b"X-Filler-%d: %s\r\n" % (n, b"y" * 1000) for n in range(70))
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n" + filler + b"\r\n")
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_a_request_must_arrive_within_its_deadline() -> None:
    """One byte every 50 ms keeps a per-read timeout alive forever; the whole-request deadline ends it."""
    with DevServer(port=0, request_timeout=0.5) as server, connect(server.port) as sock:
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        assert trickle_until_closed(sock, b"a"), "the server still waits for a request that trickles in"


def test_a_slow_body_also_counts_against_the_deadline() -> None:
    with DevServer(port=0, request_timeout=0.5) as server, connect(server.port) as sock:
        sock.sendall(
            f"POST /api/v2/remotes HTTP/1.1\r\nHost: x\r\nAuthorization: Token {server.token}\r\n"
            "Content-Length: 100000\r\n\r\n".encode()
        )
        assert trickle_until_closed(sock, b"[")


def test_an_idle_keep_alive_connection_is_closed() -> None:
    with DevServer(port=0, idle_timeout=0.2) as server, connect(server.port) as sock:
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        head, _ = read_answer(sock)
        assert head.startswith(b"HTTP/1.1 204 ")
        assert read_until_closed(sock) == b""


def test_a_client_that_sends_nothing_is_closed_after_the_idle_timeout() -> None:
    with DevServer(port=0, idle_timeout=0.2) as server, connect(server.port) as sock:
        assert read_until_closed(sock) == b""
