"""Authentication before routing, the InfluxDB headers, body formats, routing defaults and keep-alive."""

from __future__ import annotations

import json
import re
import socket

import pytest

from remotes_tui.devserver import DevServer

from .httpclient import Client

UNAUTHORIZED = b'{"code":"unauthorized","message":"unauthorized access"}'
WRONG_METHODS = [
    ("PUT", "/api/v2/remotes"),
    ("PUT", "/api/v2/remotes/0123456789abcdef"),
    ("DELETE", "/api/v2/remotes"),
    ("PUT", "/api/v2/replications"),
    ("GET", "/api/v2/replications/0123456789abcdef/validate"),
]
"""Known paths asked with a method they do not serve: 405 with a token, 401 without one (auth comes first)."""


def test_every_answer_has_the_influxdb_headers(client: Client, anonymous: Client) -> None:
    for reply in (
        anonymous.get("/health"),
        anonymous.get("/ping"),
        anonymous.get("/api/v2/remotes"),
        client.get(f"/api/v2/remotes?orgID={client.server.org_id}"),
        client.get("/api/v2/remotes/0123456789abcdef/validate"),
    ):
        assert reply.header("X-Influxdb-Build") == "OSS"
        assert reply.header("X-Influxdb-Version") == "2.7.12"


def test_version_header_follows_the_configured_version() -> None:
    with DevServer(port=0, version="2.9.1") as server:
        reply = Client(server, token=None).get("/ping")
        assert reply.header("X-Influxdb-Version") == "2.9.1"


@pytest.mark.parametrize(
    "authorization",
    [None, "Token wrong-token", "Basic dXNlcjpwYXNz", "Token", "Token ", "wrong-token"],
)
def test_missing_or_bad_token_is_401_compact_json(server: DevServer, authorization: str | None) -> None:
    client = Client(server, token=None)
    headers = {"Authorization": authorization} if authorization is not None else {}
    reply = client.get(f"/api/v2/remotes?orgID={server.org_id}", headers=headers)
    assert reply.status == 401
    assert reply.body == UNAUTHORIZED
    assert reply.header("X-Platform-Error-Code") == "unauthorized"
    assert reply.header("Content-Type") == "application/json; charset=utf-8"


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token", "BEARER", "tOkEn"])
def test_token_and_bearer_schemes_are_case_insensitive(server: DevServer, scheme: str) -> None:
    reply = Client(server, scheme=scheme).get(f"/api/v2/remotes?orgID={server.org_id}")
    assert reply.status == 200


def test_a_space_after_the_scheme_is_part_of_the_token(server: DevServer) -> None:
    reply = Client(server, token=" " + server.token).get(f"/api/v2/remotes?orgID={server.org_id}")
    assert reply.status == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v2/remotes/not-an-id"),
        ("POST", "/api/v2/remotes/0123456789abcdef/validate"),
        ("GET", "/api/v2/no-such-thing"),
        ("POST", "/api/v2/write?org=x&bucket=y"),
        *WRONG_METHODS,
    ],
)
def test_auth_comes_before_routing(anonymous: Client, method: str, path: str) -> None:
    reply = anonymous.request(method, path)
    assert (reply.status, reply.body) == (401, UNAUTHORIZED)


def test_public_endpoints_need_no_token(anonymous: Client, server: DevServer) -> None:
    health = anonymous.get("/health")
    assert health.status == 200
    assert health.text == (
        '{"name":"influxdb", "message":"ready for queries and writes", "status":"pass", "checks":[], '
        '"version": "2.7.12", "commit": "ec9dcde5d6"}\n'
    )
    assert anonymous.post("/health").status == 200  # any method

    for method in ("GET", "HEAD"):
        ping = anonymous.request(method, "/ping")
        assert ping.status == 204
        assert ping.body == b""
        assert ping.header("Content-Length") is None

    ready = anonymous.get("/ready")
    assert ready.status == 200
    data = ready.json()
    assert data["status"] == "ready"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", data["started"])
    assert re.fullmatch(r"[\d.hmsµn]+", data["up"])
    assert ready.text.startswith('{\n    "status": "ready"')

    routes = anonymous.get("/api/v2")
    assert routes.status == 200
    assert routes.json()["remotes"] == "/api/v2/remotes"

    setup = anonymous.get("/api/v2/setup")
    assert (setup.status, setup.json()) == (200, {"allowed": False})
    again = anonymous.post("/api/v2/setup", {"username": "x"})
    assert again.status == 422
    assert again.json() == {"code": "conflict", "message": "onboarding has already been completed"}


def test_json_is_tab_indented_without_trailing_newline(client: Client) -> None:
    remote = client.create_remote(description="a <b> & c")
    reply = client.get(f"/api/v2/remotes/{remote['id']}")
    assert reply.text.startswith('{\n\t"id": "')
    assert not reply.text.endswith("\n")
    assert '\n\t"description": "a \\u003cb\\u003e \\u0026 c",\n' in reply.text  # Go escapes <, >, &
    assert reply.json()["description"] == "a <b> & c"
    assert reply.header("Content-Type") == "application/json; charset=utf-8"
    assert int(reply.header("Content-Length") or -1) == len(reply.body)


def test_unknown_sub_path_is_plain_text_404(client: Client) -> None:
    remote = client.create_remote()
    for method, path in [
        ("POST", f"/api/v2/remotes/{remote['id']}/validate"),
        ("GET", "/api/v2/remotes/0123456789abcdef/anything/else"),
        ("GET", "/api/v2/replications/0123456789abcdef/other"),
    ]:
        reply = client.request(method, path)
        assert reply.status == 404
        assert reply.text == "404 page not found\n"
        assert reply.header("Content-Type") == "text/plain; charset=utf-8"
        assert reply.header("X-Platform-Error-Code") is None


@pytest.mark.parametrize(("method", "path"), WRONG_METHODS)
def test_wrong_method_on_a_known_path_is_an_empty_405(client: Client, method: str, path: str) -> None:
    reply = client.request(method, path)
    assert (reply.status, reply.body) == (405, b"")
    assert reply.header("Content-Length") == "0"


def test_unknown_api_path_is_json_404(client: Client) -> None:
    reply = client.get("/api/v2/nothing-here")
    assert reply.status == 404
    assert reply.json() == {"code": "not found", "message": "path not found"}


def test_trailing_slash_is_stripped(client: Client) -> None:
    remote = client.create_remote()
    listed = client.get(f"/api/v2/remotes/?orgID={client.server.org_id}")
    assert listed.status == 200
    assert [r["id"] for r in listed.json()["remotes"]] == [remote["id"]]
    assert client.get(f"/api/v2/remotes/{remote['id']}/").json() == remote


def test_keep_alive_serves_many_requests_on_one_connection(client: Client) -> None:
    path = f"/api/v2/remotes?orgID={client.server.org_id}"
    client.get(path)
    sock = client.conn.sock
    for _ in range(20):
        assert client.get(path).status == 200
    assert client.conn.sock is sock  # never reconnected


def test_server_disables_nagle_on_accepted_sockets(server: DevServer) -> None:
    client = Client(server)
    client.get("/ping")
    httpd = server._httpd
    assert httpd is not None
    connections = list(httpd._connections)
    assert connections
    assert all(c.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for c in connections)
    client.close()


def test_chunked_request_bodies_are_read(server: DevServer) -> None:
    body = json.dumps({"orgID": server.org_id, "name": "chunked"}).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        half = len(body) // 2
        chunks = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
        sock.sendall(
            b"POST /api/v2/remotes HTTP/1.1\r\nHost: x\r\nAuthorization: Token "
            + server.token.encode()
            + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunks
        )
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 201 Created\r\n")
    assert b'"name": "chunked"' in answer


def test_garbage_request_line_gets_400_and_close(server: DevServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"this is not http\r\n\r\n")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"Connection: close" in answer


def test_request_log_is_off_by_default_and_never_shows_tokens(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    with DevServer(port=0) as quiet:
        Client(quiet).get(f"/api/v2/remotes?orgID={quiet.org_id}")
    assert capfd.readouterr().err == ""
    monkeypatch.setenv("REMOTES_TUI_SERVE_LOG", "1")
    with DevServer(port=0) as loud:
        Client(loud).get(f"/api/v2/remotes?orgID={loud.org_id}")
        token = loud.token
    err = capfd.readouterr().err
    assert '"GET /api/v2/remotes" 200' in err
    assert token not in err


def test_logged_values_cannot_forge_lines_or_write_escapes(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REMOTES_TUI_SERVE_LOG", "1")
    with DevServer(port=0) as loud:
        client = Client(loud, token=None)
        client.get('/nothing%0a127.0.0.1%20"GET%20/api/v2/me"%20200%200.1ms%1b[31m%e2%80%aeend')
        client.close()
        with socket.create_connection(("127.0.0.1", loud.port), timeout=5) as sock:
            sock.sendall(b"G\x01T /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            while sock.recv(65536):
                pass
    err = capfd.readouterr().err
    # One line per request (the %0a did not start a forged one). The two handler threads may log in either
    # order: each line is written after its answer is sent.
    lines = sorted(err.splitlines(), key=lambda line: "/ping" in line)
    assert len(lines) == 2, err
    assert "\x1b" not in err and "\u202e" not in err and "\x01" not in err
    assert '"GET /nothing\\x0a127.0.0.1 \\"GET /api/v2/me\\" 200 0.1ms\\x1b[31m\\u202eend" 404' in lines[0]
    assert '"G\\x01T /ping"' in lines[1]
