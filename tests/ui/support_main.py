"""The app on a real server with its main screen loaded: the opening of most main-screen tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import TokenStore
from remotes_tui.ui.screens.main import MainScreen
from tests.support.toasts import record_messages
from tests.support.waiting import main_loaded
from tests.ui.conftest import build_app

SIZE = (120, 36)


@asynccontextmanager
async def running(
    server: DevServer, store: TokenStore | None = None, *, size: tuple[int, int] = SIZE, **kwargs: Any
) -> AsyncIterator[tuple[RemotesApp, Pilot[Any], MainScreen, list[str]]]:
    """The app on `server` (`build_app` with `store` and `kwargs`) at `size`, its main screen loaded, and the
    toasts it shows (recorded)."""
    app = build_app(server, token_store=store, **kwargs)
    notes = record_messages(app)
    async with app.run_test(size=size) as pilot:
        yield app, pilot, await main_loaded(pilot), notes
