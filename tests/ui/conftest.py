"""Fixtures for the app and main-screen tests: `RemotesApp` on a real `DevServer` over loopback HTTP.

Every server here uses `TEST_TOKEN`, a recognisable operator token, so a test can prove it never reaches a
snapshot. Snapshot servers get deterministic IDs (`DevServer(id_seed=...)`), seeded demo data without a
demo target (so remote URLs are fixed strings), and the app gets `server_label="demo"` so the random port
never appears on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from remotes_tui.api import ConnectionSettings
from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, TokenStore
from tests.support.servers import ID_SEED, make_server, settings_for
from tests.support.snapshots import snap_check  # noqa: F401 - pytest finds fixtures by name in conftest

SNAPSHOTS_DIR = Path(__file__).parent / "__snapshots__"

FIXED_NOW = 1_790_000_000.0
"""The wall clock of the apps built here: "updated just now" on every run, whatever the machine's speed."""


def build_app(
    server: DevServer,
    *,
    token_store: TokenStore | None = None,
    settings: ConnectionSettings | None = None,
    clock: Callable[[], float] | None = lambda: FIXED_NOW,
    **kwargs: Any,
) -> RemotesApp:
    """A RemotesApp on `server` with an in-memory token store (nothing touches the real keyring).

    `clock` is the main screen's wall clock (fixed by default; None keeps the real one).
    """
    app = RemotesApp(
        settings or settings_for(server),
        token_store=token_store if token_store is not None else MemoryTokenStore(),
        **kwargs,
    )
    if clock is not None:
        app.main_screen.clock = clock
    return app


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
