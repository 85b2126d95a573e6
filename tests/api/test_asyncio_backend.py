"""httpx's own transport on `AsyncioBackend`: what the anyio backend did, with fewer sends and no read pauses.

The rest of tests/api runs over it too (TLS, refused connections, drops, timeouts, deadlines): these tests pin
what is particular to it.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import httpcore
import pytest

from remotes_tui.api import ConnectionSettings, InfluxClient, asyncio_backend, creation_request
from remotes_tui.api.asyncio_backend import AsyncioBackend
from remotes_tui.api.http_client import build_http_client
from remotes_tui.devserver import DevServer
from tests.support.raw_server import raw_server
from tests.support.servers import settings_for


def test_every_client_without_a_transport_uses_it() -> None:
    http = build_http_client(ConnectionSettings(url="http://127.0.0.1:1", token="t"))
    assert isinstance(http._transport._pool._network_backend, AsyncioBackend)  # type: ignore[attr-defined]


async def test_a_request_leaves_in_one_write(devserver: DevServer) -> None:
    """Headers and body of a POST in one send: two woke the server twice for every create."""
    host, port = devserver.url.split("//")[1].rsplit(":", 1)
    stream = await AsyncioBackend().connect_tcp(host, int(port), timeout=5)
    writes: list[bytes] = []
    transport = stream._transport  # type: ignore[attr-defined]
    real_write = transport.write
    transport.write = lambda data: (writes.append(data), real_write(data))[1]
    body = b'{"name": "x"}'
    head = f"POST /api/v2/remotes HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    await stream.write(head, timeout=5)
    await stream.write(body, timeout=5)
    assert writes == []  # held until the answer is read
    answer = await stream.read(65536, timeout=5)
    await stream.aclose()
    assert writes == [head + body]
    assert answer.startswith(b"HTTP/1.1 401")  # no token: the server read the whole request and answered


async def test_an_answer_larger_than_the_read_ahead_arrives_whole(
    devserver: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket's reading pauses when httpcore falls behind and resumes as it catches up."""
    monkeypatch.setattr(asyncio_backend, "_READ_AHEAD", 2048)
    async with InfluxClient(settings_for(devserver)) as client:
        for index in range(60):
            await client.remotes.create(
                creation_request(
                    org_id=devserver.org_id,
                    name=f"read-ahead-{index:02d}",
                    remote_url="https://central.example.com:8086",
                    remote_api_token="remote-token",
                    description="x" * 200,
                )
            )
    async with build_http_client(
        settings_for(devserver)
    ) as http:  # httpx's own transport, whatever the run's
        answer = await http.get("/api/v2/remotes", params={"orgID": devserver.org_id})
    assert len(answer.content) > 10 * 2048
    names = [remote["name"] for remote in answer.json()["remotes"]]
    assert sorted(name for name in names if name.startswith("read-ahead-")) == [
        f"read-ahead-{index:02d}" for index in range(60)
    ]


@pytest.fixture
def closing_server() -> Iterator[tuple[str, list[threading.Event]]]:
    """Answers one request per connection, then closes it (as a server whose keep-alive ran out)."""
    connections: list[threading.Event] = []  # one per connection, set once the server closed it

    def answer_once(connection: socket.socket, stop: threading.Event) -> None:
        closed = threading.Event()
        connections.append(closed)
        try:
            connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Influxdb-Version: v2.7.12\r\n"
                b"Content-Length: 2\r\n\r\n{}"
            )
        finally:
            connection.close()  # before saying so (`raw_server` would close it only after this returns)
            closed.set()

    with raw_server(answer_once) as url:
        yield url, connections


async def test_a_connection_the_server_closed_is_not_used_again(
    closing_server: tuple[str, list[threading.Event]],
) -> None:
    """httpx itself (no retry of ours): the second request opens a new connection instead of failing."""
    url, connections = closing_server
    async with build_http_client(ConnectionSettings(url=url, token="t")) as http:
        first = await http.get("/api/v2/me")
        assert await asyncio.to_thread(connections[0].wait, 10)
        pool = http._transport._pool  # type: ignore[attr-defined]
        # Wait for the state itself: the close has reached the connection (or the pool already dropped it).
        async with asyncio.timeout(10):
            while pool.connections and not pool.connections[0]._connection._network_stream.get_extra_info(  # noqa: ASYNC110
                "is_readable"
            ):
                await asyncio.sleep(0)
        second = await http.get("/api/v2/me")
    assert (first.status_code, second.status_code) == (200, 200)
    assert len(connections) == 2


async def test_connect_failures_are_httpcores() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    with pytest.raises(httpcore.ConnectError) as info:
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    assert isinstance(info.value.__cause__, ConnectionRefusedError)
