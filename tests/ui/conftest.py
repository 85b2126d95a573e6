"""Fixtures for the app and main-screen tests: `RemotesApp` on a real `DevServer` over loopback HTTP.

Every server here uses `TEST_TOKEN`, a recognisable operator token, so a test can prove it never reaches a
snapshot. Snapshot servers get deterministic IDs (`DevServer(id_seed=...)`), seeded demo data without a
demo target (so remote URLs are fixed strings), and the app gets `server_label="demo"` so the random port
never appears on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from remotes_tui.api import ConnectionSettings
from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.secrets import MemoryTokenStore, TokenStore
from remotes_tui.ui.screens.main import MainScreen

TEST_TOKEN = "snapshot-token-DO-NOT-LEAK-0001"
"""The operator token of every UI test server; it must never appear on screen or in a snapshot."""

ID_SEED = 20260101
SNAPSHOTS_DIR = Path(__file__).parent / "__snapshots__"


def make_server(**kwargs: Any) -> DevServer:
    """A (not yet started) DevServer with the test token; pass `id_seed=` for repeatable IDs."""
    kwargs.setdefault("token", TEST_TOKEN)
    return DevServer(**kwargs)


def settings_of(server: DevServer, **overrides: Any) -> ConnectionSettings:
    values: dict[str, Any] = {"url": server.url, "token": server.token, "org_id": server.org_id}
    values.update(overrides)
    return ConnectionSettings(**values)


def build_app(
    server: DevServer,
    *,
    token_store: TokenStore | None = None,
    settings: ConnectionSettings | None = None,
    **kwargs: Any,
) -> RemotesApp:
    """A RemotesApp on `server` with an in-memory token store (nothing touches the real keyring)."""
    return RemotesApp(
        settings or settings_of(server),
        token_store=token_store if token_store is not None else MemoryTokenStore(),
        **kwargs,
    )


@pytest.fixture
def ui_server() -> Iterator[DevServer]:
    """An empty server (one org, one bucket, no remotes) with the test token."""
    with make_server() as server:
        yield server


@pytest.fixture
def ui_demo_server() -> Iterator[DevServer]:
    """A server seeded with the demo remotes and replications (fixed https URLs) and the test token."""
    with make_server(seed_demo=True) as server:
        yield server


@pytest.fixture
def snapshot_demo_server() -> Iterator[DevServer]:
    """The demo server with repeatable IDs, for snapshots."""
    with make_server(seed_demo=True, id_seed=ID_SEED) as server:
        yield server


@pytest.fixture
def snapshot_empty_server() -> Iterator[DevServer]:
    """An empty server with repeatable IDs, for snapshots."""
    with make_server(id_seed=ID_SEED) as server:
        yield server


def main_screen(app: RemotesApp) -> MainScreen:
    return app.main_screen


async def settle(pilot: Pilot[Any], rounds: int = 3, seconds: float = 10.0) -> None:
    """Wait until no worker runs and every message they posted has been handled.

    (`workers.wait_for_complete()` raises when an exclusive worker was cancelled by its successor, which
    is normal here, so this polls the workers' states instead.)
    """
    deadline = time.monotonic() + seconds
    for _ in range(rounds):
        while any(not worker.is_finished for worker in pilot.app.workers):
            if time.monotonic() > deadline:
                raise AssertionError(f"workers still running after {seconds} s: {list(pilot.app.workers)}")
            await pilot.pause(0.01)
        await pilot.pause()


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Poll `condition` between event-loop turns; fail with a clear message after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {seconds} s")
        await pilot.pause(0.02)


async def loaded(pilot: Pilot[Any]) -> MainScreen:
    """Wait until the main screen shows rows (or a final state) and the detail pane has settled."""
    screen = main_screen(pilot.app)  # type: ignore[arg-type]
    await wait_until(pilot, lambda: screen.state != "loading")
    await settle(pilot)
    return screen
