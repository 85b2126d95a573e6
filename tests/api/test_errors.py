"""Every failure becomes one typed ApiError with a sentence a user can act on."""

from __future__ import annotations

import socket
from typing import TypeVar

import httpx
import pytest

from remotes_tui.api import (
    ApiError,
    ConnectionFailedError,
    ConnectionSettings,
    InfluxClient,
    InvalidInputError,
    InvalidResponseError,
    NotFoundError,
    PlainHTTPServerError,
    RequestTimeoutError,
    ServerError,
    TLSError,
    UnauthorizedError,
)
from remotes_tui.devserver import DevServer
from tests.support.servers import settings_for

E = TypeVar("E", bound=Exception)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_wrong_token_is_unauthorized(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver, token="wrong-token")) as client:
        with pytest.raises(UnauthorizedError) as info:
            await client.remotes.list(devserver.org_id)
    assert info.value.status == 401
    assert info.value.server_message == "unauthorized access"
    assert "rejected the token" in str(info.value)
    assert "wrong-token" not in str(info.value)


async def test_connection_refused_names_the_url() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    async with InfluxClient(ConnectionSettings(url=url, token="t", org_id="0123456789abcdef")) as client:
        with pytest.raises(ConnectionFailedError) as info:
            await client.remotes.list("0123456789abcdef")
    assert "Connection refused" in str(info.value)
    assert url in str(info.value)
    assert "InfluxDB is running" in str(info.value)


async def test_unknown_host_names_the_url() -> None:
    settings = ConnectionSettings(url="http://no-such-host.invalid:8086", token="t", connect_timeout=3)
    async with InfluxClient(settings) as client:
        with pytest.raises((ConnectionFailedError, RequestTimeoutError)) as info:
            await client.system.ping()
    assert "no-such-host.invalid" in str(info.value)


async def listing_fails(server: DevServer, expected: type[E]) -> E:
    """What listing the remotes through a fresh client raises; the test fails unless it is an `expected`."""
    async with InfluxClient(settings_for(server)) as client:
        with pytest.raises(expected) as info:
            await client.remotes.list(server.org_id)
    return info.value


async def test_read_timeout(devserver: DevServer) -> None:
    async with InfluxClient(settings_for(devserver, read_timeout=0.2)) as client:
        with devserver.hold("/api/v2/remotes"), pytest.raises(RequestTimeoutError) as info:
            await client.remotes.list(devserver.org_id)
    assert "did not answer within 0.2 s" in str(info.value)


async def test_injected_server_error(devserver: DevServer) -> None:
    devserver.faults.error_status = 503
    devserver.faults.error_rate = 1.0
    error = await listing_fails(devserver, ServerError)
    assert error.status == 503
    assert "unavailable right now" in str(error)

    devserver.faults.error_status = 500
    assert "internal error (500" in str(await listing_fails(devserver, ServerError))


async def test_dropped_connection(devserver: DevServer) -> None:
    devserver.faults.drop_rate = 1.0
    assert devserver.url in str(await listing_fails(devserver, ConnectionFailedError))


async def test_malformed_body(devserver: DevServer) -> None:
    devserver.faults.malformed_rate = 1.0
    assert "not JSON" in str(await listing_fails(devserver, InvalidResponseError))


async def test_plain_text_404_for_unknown_sub_path(client: InfluxClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await client._sender.request("POST", "/api/v2/remotes/0123456789abcdef/validate")
    assert info.value.server_message == "404 page not found"
    assert "no such endpoint" in str(info.value)


async def test_not_influxdb_at_all() -> None:
    """A fault the bundled server cannot produce: some other web server answering HTML."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>router login</html>")

    settings = ConnectionSettings(url="http://router.local", token="t")
    async with InfluxClient(settings, transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(InvalidResponseError) as info:
            await client.remotes.list("0123456789abcdef")
    assert "InfluxDB 2.x" in str(info.value)


async def test_plain_http_server_spoken_to_over_tls_says_use_http(devserver: DevServer) -> None:
    url = devserver.url.replace("http://", "https://")
    async with InfluxClient(ConnectionSettings(url=url, token="t", connect_timeout=3)) as client:
        with pytest.raises(TLSError) as info:
            await client.system.ping()
    assert isinstance(info.value, PlainHTTPServerError)
    assert str(info.value) == f"{url} speaks plain HTTP, not HTTPS: use {devserver.url} instead."
    assert "--skip-verify" not in str(info.value)


@pytest.mark.parametrize("token", ["good-token\n", "sécret-token", "two words"])
async def test_a_token_that_cannot_be_a_header_is_refused_without_echoing_it(token: str) -> None:
    """Refused when the settings are made, before any client exists."""
    with pytest.raises(InvalidInputError) as info:
        ConnectionSettings(url="http://127.0.0.1:9", token=token)
    assert "cannot be sent in an HTTP header" in info.value.field_errors["token"]
    assert token.strip() not in str(info.value)


@pytest.mark.parametrize("url", ["http://localhost:99999", "localhost:8086", "ftp://host"])
async def test_a_bad_server_url_is_one_typed_error(url: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        ConnectionSettings(url=url, token="t")
    assert url in info.value.field_errors["url"]


async def test_a_missing_ca_bundle_is_refused_when_the_settings_are_made(tmp_path) -> None:
    missing = tmp_path / "nope.pem"
    with pytest.raises(InvalidInputError) as info:
        ConnectionSettings(url="https://127.0.0.1:9", token="t", ca_file=str(missing))
    assert str(missing) in info.value.field_errors["ca_file"]
    assert str(missing) in str(info.value)


async def test_a_delete_answered_200_by_something_else_is_not_success() -> None:
    """A fault the bundled server cannot produce: a proxy that answers 200 to everything."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={})

    settings = ConnectionSettings(url="http://proxy.local", token="t")
    async with InfluxClient(settings, transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(ApiError) as info:
            await client.remotes.delete("0123456789abcdef")
    assert info.value.status == 200


async def test_server_messages_never_carry_our_token(devserver: DevServer) -> None:
    """If a server ever echoed the token, the user would still not see it."""

    def handler(request: httpx.Request) -> httpx.Response:
        echoed = request.headers["Authorization"]
        return httpx.Response(400, json={"code": "invalid", "message": f"bad header {echoed}"})

    settings = ConnectionSettings(url="http://echo.local", token="my-secret-token-123")
    async with InfluxClient(settings, transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(ApiError) as info:
            await client.system.me()
    assert "my-secret-token-123" not in str(info.value)
    assert "my-secret-token-123" not in (info.value.server_message or "")
