"""Real faults over loopback HTTP: retries for what is safe to retry, a deadline per call, typed statuses.

The bundled server injects drops, error statuses and malformed bodies; a tiny socket server sends one byte at a
time. Only what no server here can do goes through a custom transport (an answer lost after the server acted,
a Retry-After header).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from remotes_tui.api import (
    ConnectionDroppedError,
    DeadlineExceededError,
    InfluxClient,
    InvalidResponseError,
    PayloadTooLargeError,
    TooManyRequestsError,
    UnavailableError,
    creation_request,
)
from remotes_tui.api.models import RemoteConnection
from remotes_tui.devserver import DevServer, FaultConfig
from tests.support.raw_server import raw_server
from tests.support.servers import settings_for

QUICK = {"backoff": 0.001}


def count_requests(client: InfluxClient) -> list[str]:
    """Every request the client sends, as 'METHOD path', in order."""
    sent: list[str] = []

    async def record(request: httpx.Request) -> None:
        sent.append(f"{request.method} {request.url.path}")

    client.http.event_hooks["request"].append(record)
    return sent


def new_remote(server: DevServer, name: str = "central"):
    return creation_request(
        org_id=server.org_id, name=name, remote_url="https://central:8086", remote_api_token="remote-token"
    )


# -- retries ------------------------------------------------------------------------------------------------


async def test_lists_survive_a_lossy_connection(devserver: DevServer) -> None:
    """At a 30% drop rate every list still succeeds (18 of 100 failed before retries)."""
    devserver.faults = FaultConfig(drop_rate=0.3, paths=("/api/v2/remotes",))
    async with InfluxClient(settings_for(devserver, attempts=6, **QUICK)) as client:
        sent = count_requests(client)
        for _ in range(60):
            assert await client.remotes.list(devserver.org_id) == []
    assert len(sent) > 60  # some were retried


async def test_a_busy_server_is_tried_a_few_times_and_the_error_says_so(devserver: DevServer) -> None:
    devserver.faults = FaultConfig(error_status=503, error_rate=1.0, paths=("/api/v2/remotes",))
    async with InfluxClient(settings_for(devserver, **QUICK)) as client:
        sent = count_requests(client)
        with pytest.raises(UnavailableError) as raised:
            await client.remotes.list(devserver.org_id)
    assert sent == ["GET /api/v2/remotes"] * 3
    assert raised.value.attempts == 3
    assert str(raised.value).endswith("Wait a moment and try again. Tried 3 times.")


@pytest.mark.parametrize("status", [502, 504, 429])
async def test_every_transient_status_is_retried(devserver: DevServer, status: int) -> None:
    devserver.faults = FaultConfig(error_status=status, error_rate=1.0, paths=("/api/v2/orgs",))
    async with InfluxClient(settings_for(devserver, attempts=2, **QUICK)) as client:
        sent = count_requests(client)
        with pytest.raises((UnavailableError, TooManyRequestsError)):
            await client.orgs.list()
    assert len(sent) == 2


async def test_a_create_is_sent_once_even_when_the_connection_drops(devserver: DevServer) -> None:
    devserver.faults = FaultConfig(drop_rate=1.0, paths=("/api/v2/remotes",))
    async with InfluxClient(settings_for(devserver, **QUICK)) as client:
        sent = count_requests(client)
        with pytest.raises(ConnectionDroppedError) as raised:
            await client.remotes.create(new_remote(devserver))
    assert sent == ["POST /api/v2/remotes"]
    assert "may or may not have been done" in str(raised.value)


class LoseOneAnswer(httpx.AsyncBaseTransport):
    """Forwards every request to the real server; the first answer to `method` is read, then lost."""

    def __init__(self, method: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.method = method
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == self.method and not self.lost:
            self.lost += 1
            await response.aread()
            await response.aclose()
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_create_whose_answer_was_lost_is_not_sent_again(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver, **QUICK), transport=LoseOneAnswer("POST")) as client:
        sent = count_requests(client)
        with pytest.raises(ConnectionDroppedError) as raised:
            await client.remotes.create(new_remote(devserver))
        assert sent == ["POST /api/v2/remotes"]
        assert "load the list again to see, before trying again" in str(raised.value)
        assert [remote.name for remote in await client.remotes.list(devserver.org_id)] == ["central"]


async def test_a_delete_whose_answer_was_lost_is_checked_with_a_get(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver)) as setup:
        remote = await setup.remotes.create(new_remote(devserver))
    async with InfluxClient(settings_for(devserver, **QUICK), transport=LoseOneAnswer("DELETE")) as client:
        sent = count_requests(client)
        await client.remotes.delete(remote.id)
        assert sent == [f"DELETE /api/v2/remotes/{remote.id}", f"GET /api/v2/remotes/{remote.id}"]
        assert await client.remotes.list(devserver.org_id) == []


async def test_a_delete_refused_by_a_busy_server_is_sent_again(devserver: DevServer) -> None:
    """503 to the DELETE, the GET shows the remote is still there, the second DELETE goes through."""
    async with InfluxClient(settings_for(devserver)) as setup:
        remote = await setup.remotes.create(new_remote(devserver))
    path = f"/api/v2/remotes/{remote.id}"
    answers = iter([503, None, None])  # None: forward to the real server

    class BusyOnce(httpx.AsyncBaseTransport):
        inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            status = next(answers, None)
            if status is not None:
                return httpx.Response(
                    status, json={"code": "unavailable", "message": "busy"}, request=request
                )
            return await self.inner.handle_async_request(request)

    async with InfluxClient(settings_for(devserver, **QUICK), transport=BusyOnce()) as client:
        sent = count_requests(client)
        await client.remotes.delete(remote.id)
        assert sent == [f"DELETE {path}", f"GET {path}", f"DELETE {path}"]
        assert await client.remotes.list(devserver.org_id) == []


async def test_a_delete_that_keeps_failing_deletes_nothing_and_names_the_tries(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver)) as setup:
        remote = await setup.remotes.create(new_remote(devserver))
        devserver.faults = FaultConfig(
            error_status=503, error_rate=1.0, paths=(f"/api/v2/remotes/{remote.id}",)
        )
        async with InfluxClient(settings_for(devserver, **QUICK)) as client:
            with pytest.raises(UnavailableError) as raised:
                await client.remotes.delete(remote.id)
        assert "Tried 3 times." in str(raised.value)
        devserver.faults = FaultConfig()
        assert await setup.remotes.get(remote.id) == remote


async def test_retry_after_is_honoured() -> None:
    """A fault the bundled server cannot produce: a 429 with Retry-After, then the answer."""
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "too many requests"})])

    def answer(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or httpx.Response(200, json={"orgs": []})

    settings = settings_for_mock(backoff=0.001)
    async with InfluxClient(settings, transport=httpx.MockTransport(answer)) as client:
        loop = __import__("asyncio").get_running_loop()
        started = loop.time()
        assert await client.orgs.list() == []
        assert loop.time() - started >= 1.0  # waited at least what the server asked


async def test_a_long_retry_after_ends_the_call_with_the_servers_advice() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429, headers={"Retry-After": "3600"}, json={"code": "too many requests", "message": "slow down"}
        )

    async with InfluxClient(settings_for_mock(), transport=httpx.MockTransport(answer)) as client:
        with pytest.raises(TooManyRequestsError) as raised:
            await client.orgs.list()
    assert raised.value.retry_after == 3600
    assert raised.value.attempts == 1
    assert "The server asks to wait 3600 s before trying again." in str(raised.value)


def settings_for_mock(**overrides: object):
    from remotes_tui.api import ConnectionSettings

    return ConnectionSettings(url="http://mock.local:8086", token="mock-token-123", **overrides)  # type: ignore[arg-type]


# -- a deadline per call ------------------------------------------------------------------------------------


@pytest.fixture
def slow_drip_server() -> Iterator[str]:
    """An HTTP server that answers 200 and then sends its body one byte every 50 ms, for minutes."""

    def drip(connection: socket.socket, stop: threading.Event) -> None:
        connection.recv(65536)
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Influxdb-Version: v2.7.12\r\n"
            b"Content-Length: 100000\r\n\r\n"
        )
        while not stop.wait(0.05):
            connection.sendall(b" ")

    with raw_server(drip) as url:
        yield url


async def test_a_server_that_drips_its_answer_fails_at_the_deadline(slow_drip_server: str) -> None:
    """Each byte comes well within the read timeout, so only the deadline ends the call (issue 8, item 9)."""
    from remotes_tui.api import ConnectionSettings

    settings = ConnectionSettings(url=slow_drip_server, token="t", read_timeout=5, deadline=0.5, attempts=1)
    async with InfluxClient(settings) as client:
        with pytest.raises(DeadlineExceededError) as raised:
            await client.orgs.list()
    message = str(raised.value)
    assert (
        f"{slow_drip_server} did not finish answering within 0.5 s, the limit for one whole call" in message
    )
    assert "each read may take up to 5 s" in message


# -- typed statuses and clean sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(("status", "error_type"), [(413, PayloadTooLargeError), (429, TooManyRequestsError)])
async def test_413_and_429_have_their_own_types(devserver: DevServer, status: int, error_type: type) -> None:
    devserver.faults = FaultConfig(error_status=status, error_rate=1.0, paths=("/api/v2/remotes",))
    async with InfluxClient(settings_for(devserver, attempts=1)) as client:
        with pytest.raises(error_type) as raised:
            await client.remotes.create(new_remote(devserver))
    assert raised.value.status == status
    assert f"({status}: injected fault)" in str(raised.value)


async def test_a_malformed_200_to_a_create_is_one_clean_sentence(devserver: DevServer) -> None:
    devserver.faults = FaultConfig(malformed_rate=1.0, paths=("/api/v2/remotes",))
    async with InfluxClient(settings_for(devserver)) as client:
        with pytest.raises(InvalidResponseError) as raised:
            await client.remotes.create(new_remote(devserver))
    message = str(raised.value)
    assert message == (
        f"Could not create remote connection 'central': {devserver.url} gave an unexpected answer (200), not "
        "what InfluxDB 2.x sends. It may or may not have been done: load the list again to see, before trying again."
    )


async def test_a_malformed_201_to_a_create_says_it_may_be_saved() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, content=b'{\n\t"id": "', headers={"X-Influxdb-Version": "v2.7.12"})

    async with InfluxClient(settings_for_mock(), transport=httpx.MockTransport(answer)) as client:
        with pytest.raises(InvalidResponseError) as raised:
            await client.remotes.create(
                creation_request(
                    org_id="0" * 15 + "1", name="n", remote_url="https://h", remote_api_token="t"
                )
            )
    assert "not JSON" in str(raised.value) and "may have been saved anyway" in str(raised.value)
    assert "\t" not in str(raised.value) and "\n" not in str(raised.value)


async def test_a_deeply_nested_answer_is_an_invalid_response() -> None:
    deep = b"[" * 200_000 + b"]" * 200_000

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=deep, headers={"X-Influxdb-Version": "v2.7.12"})

    async with InfluxClient(settings_for_mock(), transport=httpx.MockTransport(answer)) as client:
        with pytest.raises(InvalidResponseError) as raised:
            await client.remotes.list("0" * 15 + "1")
    assert "not JSON" in str(raised.value)


async def test_credentials_in_a_servers_text_never_reach_a_message() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"code": "invalid", "message": "bad remoteURL https://user:leaktest-userinfo@central"}
        )

    async with InfluxClient(settings_for_mock(), transport=httpx.MockTransport(answer)) as client:
        with pytest.raises(Exception) as raised:
            await client.remotes.list("0" * 15 + "1")
    assert "leaktest-userinfo" not in str(raised.value)
    assert "leaktest-userinfo" not in (raised.value.server_message or "")  # type: ignore[attr-defined]
    assert "https://central" in str(raised.value)


async def test_a_long_name_is_shortened_in_messages(client: InfluxClient, devserver: DevServer) -> None:
    long_name = "n" * 308
    await client.remotes.create(new_remote(devserver, long_name))
    with pytest.raises(Exception) as raised:
        await client.remotes.create(new_remote(devserver, long_name))
    message = str(raised.value)
    assert long_name not in message
    assert "(308 characters)" in message and len(message) < 300


def test_created_remote_is_a_remote() -> None:
    """The models the fault tests build on: a server ID must be an ID (a stranger's answer is not a remote)."""
    good = {"id": "0123456789abcdef", "name": "n", "orgID": "0123456789abcdef", "remoteURL": "https://h"}
    assert RemoteConnection.model_validate(good).id == "0123456789abcdef"
    with pytest.raises(ValueError):
        RemoteConnection.model_validate({**good, "id": "x"})
