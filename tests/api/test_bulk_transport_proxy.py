"""Bulk work (a large import, a large fleet) goes where a single request goes: through the configured proxy.

The aiohttp transport saves CPU on bulk work but does not read the proxy variables; before `bulk_transport`, an
import of 50 remotes or a fleet of 20 servers went straight to the servers while smaller ones went through the
proxy. These tests run a real forward proxy on loopback and count what passes through it (tests/conftest.py
clears the machine's proxy variables first).
"""

from __future__ import annotations

import pytest

from remotes_tui.api import ConnectionSettings
from remotes_tui.api.aiohttp_transport import AiohttpTransport, bulk_transport
from remotes_tui.devserver import DevServer
from remotes_tui.fleet import FleetServer
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.transfer import RemoteSpec, apply_plan, bulk_client, make_plan
from remotes_tui.transfer.apply import FAST_TRANSPORT_FROM
from tests.support.forward_proxy import forward_proxy
from tests.support.servers import settings_for

PROXY = "http://proxy.example.net:3128"


@pytest.mark.parametrize(
    ("url", "env", "aiohttp"),
    [
        ("http://edge:8086", {}, True),
        ("http://edge:8086", {"HTTP_PROXY": PROXY}, False),
        ("http://edge:8086", {"http_proxy": PROXY}, False),
        ("http://edge:8086", {"ALL_PROXY": PROXY}, False),
        ("http://edge:8086", {"HTTPS_PROXY": PROXY}, True),  # a proxy for the other scheme only
        ("https://edge:8086", {"HTTPS_PROXY": PROXY}, False),
        ("https://edge:8086", {"all_proxy": PROXY}, False),
        # Exempt by NO_PROXY: httpx goes direct, and bulk work keeps httpx all the same (one copy of the rules).
        ("https://edge:8086", {"HTTPS_PROXY": PROXY, "NO_PROXY": "edge"}, False),
    ],
)
def test_bulk_work_keeps_httpx_when_a_proxy_is_configured_for_the_server(
    monkeypatch: pytest.MonkeyPatch, url: str, env: dict[str, str], aiohttp: bool
) -> None:
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    transport = bulk_transport(ConnectionSettings(url=url, token="t", org_id="0123456789abcdef"))
    assert isinstance(transport, AiohttpTransport) is aiohttp


async def test_a_large_import_goes_through_the_proxy(
    monkeypatch: pytest.MonkeyPatch, devserver: DevServer
) -> None:
    """The import's own path: its client for this many remotes, its plan and its apply (3 creates, concurrently)."""
    url = "https://central.example.com:8086"
    plan = make_plan(
        [RemoteSpec(name=f"via-proxy-{index}", remote_url=url) for index in range(3)], [], update=False
    )
    with forward_proxy() as (proxy_url, forwarded):
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        async with bulk_client(settings_for(devserver), FAST_TRANSPORT_FROM) as client:
            report = await apply_plan(client, devserver.org_id, plan, {url: "remote-token"})
            names = [remote.name for remote in await client.remotes.list(devserver.org_id)]
    assert [outcome.error for outcome in report.done] == [None] * 3
    assert sorted(names) == ["via-proxy-0", "via-proxy-1", "via-proxy-2"]
    assert forwarded == [
        *[("POST", f"{devserver.url}/api/v2/remotes")] * 3,
        ("GET", f"{devserver.url}/api/v2/remotes?orgID={devserver.org_id}"),
    ]


async def test_a_large_fleet_goes_through_the_proxy(
    monkeypatch: pytest.MonkeyPatch, devserver: DevServer
) -> None:
    server = FleetServer.of_settings("edge", settings_for(devserver), MemoryTokenStore())
    with forward_proxy() as (proxy_url, forwarded):
        monkeypatch.setenv("http_proxy", proxy_url)
        session = server.open_session(settings_for(devserver), fast=True)
        try:
            assert await session.client.remotes.list(devserver.org_id) == []
        finally:
            await server.aclose()
    assert forwarded == [("GET", f"{devserver.url}/api/v2/remotes?orgID={devserver.org_id}")]
