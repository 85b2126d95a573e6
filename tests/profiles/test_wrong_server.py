"""Errors that blame the right thing (issue 7, item 4): a web server that is not InfluxDB, https:// to plain HTTP,
an unknown org ID, a very long org name. Real servers over loopback: Python's http.server and the bundled one."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from remotes_tui.api import (
    ConnectionSettings,
    InfluxClient,
    NotFoundError,
    NotInfluxDBError,
    PlainHTTPServerError,
)
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile
from remotes_tui.profiles.check import ProfileCheckError, check_profile
from remotes_tui.profiles.session import Session, handshake
from remotes_tui.tokens import MemoryTokenStore


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[str]:
    """`python3 -m http.server` on a free port, serving an empty folder."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def test_the_profile_check_says_it_is_not_influxdb(web_server: str) -> None:
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(Profile(name="x", url=web_server, org="demo-org"), "some-token")
    assert raised.value.field == "url"
    assert isinstance(raised.value.cause, NotInfluxDBError)
    assert str(raised.value) == (
        f"{web_server} is not an InfluxDB 2.x server: it answered GET /ping with 404 and no X-Influxdb-Version "
        "header. Check the URL and port (InfluxDB listens on 8086 by default)."
    )


async def test_connecting_says_it_is_not_influxdb_not_that_the_org_is_missing(web_server: str) -> None:
    session = Session(ConnectionSettings(url=web_server, token="t", org="demo-org"), MemoryTokenStore())
    try:
        with pytest.raises(NotInfluxDBError) as raised:
            await handshake(session)
    finally:
        await session.aclose()
    assert "No organization" not in str(raised.value)
    assert f"{web_server} is not an InfluxDB 2.x server" in str(raised.value)


async def test_every_call_to_a_web_server_says_it_is_not_influxdb(web_server: str) -> None:
    async with InfluxClient(ConnectionSettings(url=web_server, token="t")) as client:
        for call in (
            lambda: client.remotes.list("0123456789abcdef"),
            lambda: client.orgs.find(org_id="0123456789abcdef"),
            lambda: client.remotes.delete("0123456789abcdef"),
        ):
            with pytest.raises(NotInfluxDBError) as raised:
                await call()
            assert "Check the URL and port (InfluxDB listens on 8086 by default)." in str(raised.value)


@pytest.mark.parametrize("skip_verify", [False, True])
async def test_https_to_a_plain_http_port_says_use_http(web_server: str, skip_verify: bool) -> None:
    url = web_server.replace("http://", "https://")
    settings = ConnectionSettings(url=url, token="t", skip_verify=skip_verify, connect_timeout=3)
    async with InfluxClient(settings) as client:
        with pytest.raises(PlainHTTPServerError) as raised:
            await client.system.ping()
    assert str(raised.value) == f"{url} speaks plain HTTP, not HTTPS: use {web_server} instead."
    assert "SSL" not in str(raised.value) and "--skip-verify" not in str(raised.value)


async def test_an_unknown_org_id_is_not_told_to_check_the_name(devserver: DevServer) -> None:
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(Profile(name="x", url=devserver.url, org_id="0123456789abcdef"), devserver.token)
    assert isinstance(raised.value.cause, NotFoundError)
    message = str(raised.value)
    assert message.startswith("No organization with ID 0123456789abcdef is visible to this token.")
    assert "Check the name" not in message


async def test_a_308_character_org_name_is_shortened(devserver: DevServer) -> None:
    name = "o" * 308
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(Profile(name="x", url=devserver.url, org=name), devserver.token)
    message = str(raised.value)
    assert name not in message and "(308 characters)" in message
    assert len(message) < 250
