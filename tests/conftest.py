"""Shared fixtures: real loopback servers, real clients, and an isolated user environment."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from remotes_tui.api import InfluxClient
from remotes_tui.devserver import DevServer
from tests.support.edge_central import central, edge  # noqa: F401 - pytest finds fixtures by name in conftest
from tests.support.fixtures import (  # noqa: F401 - pytest finds fixtures by name in conftest
    _no_config_dir_override,
    config_dir,
    no_keyring,
    profile_cli,
    profile_store,
    real_keyring,
)
from tests.support.servers import settings_for


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--http-transport",
        choices=("httpx", "aiohttp"),
        default="httpx",
        help="the transport under every InfluxClient that is not given one: httpx's own (default) or the "
        "aiohttp one `remotes-tui remote import` uses (run tests/api with it to prove the same errors)",
    )


@pytest.fixture(autouse=True)
def _http_transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --http-transport=aiohttp, clients built without a transport get the one bulk work picks: aiohttp's,
    unless a proxy is configured for the server (then httpx's own, which follows it). A test marked
    `picks_transport` checks that choice itself, so it keeps the code's own."""
    if request.config.getoption("--http-transport") != "aiohttp":
        return
    if request.node.get_closest_marker("picks_transport") is not None:
        return
    from remotes_tui.api import client as client_module
    from remotes_tui.api.aiohttp_transport import available, bulk_transport

    if not available():
        pytest.fail("--http-transport=aiohttp needs aiohttp installed (pip install -e . --group dev)")
    original = client_module.build_http_client

    def build(settings: Any, transport: Any = None) -> Any:
        return original(settings, transport if transport is not None else bulk_transport(settings))

    monkeypatch.setattr(client_module, "build_http_client", build)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config/data/state/cache at a temp folder and clear the influx and proxy variables, so no test
    touches the user's files or depends on the machine's network settings."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    for var in (
        "INFLUX_HOST",
        "INFLUX_TOKEN",
        "INFLUX_ORG",
        "INFLUX_ORG_ID",
        "INFLUX_SKIP_VERIFY",
        "INFLUX_CONFIGS_PATH",
        "INFLUX_ACTIVE_CONFIG",
        "REMOTES_TUI_PROFILE",
    ):
        monkeypatch.delenv(var, raising=False)
    for scheme in ("http", "https", "all", "no"):  # loopback tests never go through the machine's proxy
        monkeypatch.delenv(f"{scheme}_proxy", raising=False)
        monkeypatch.delenv(f"{scheme.upper()}_PROXY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Times on screen (e.g. "stale: loaded at 14:03:27") are local time: the same zone on every machine.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("REMOTES_TUI_TEST_HOME", str(home))
    return home


@pytest.fixture
def target_server() -> Iterator[DevServer]:
    """An empty server that stands for the central InfluxDB the demo remotes point at."""
    with DevServer(port=0, org="central-org", bucket="central-bucket") as server:
        yield server


@pytest.fixture
def devserver() -> Iterator[DevServer]:
    """An empty local server (one org, one bucket, no remotes)."""
    with DevServer(port=0) as server:
        yield server


@pytest.fixture
def demo_server(target_server: DevServer) -> Iterator[DevServer]:
    """A local server seeded with demo remotes and replications pointing at `target_server`."""
    with DevServer(port=0, seed_demo=True, demo_target=target_server.as_demo_target()) as server:
        yield server


@pytest.fixture
async def client(devserver: DevServer) -> AsyncIterator[InfluxClient]:
    async with InfluxClient(settings_for(devserver)) as c:
        yield c


@pytest.fixture
async def demo_client(demo_server: DevServer) -> AsyncIterator[InfluxClient]:
    async with InfluxClient(settings_for(demo_server)) as c:
        yield c
