"""Fixtures for the dev server tests: a running DevServer and keep-alive clients with each kind of token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from remotes_tui.devserver import DevServer

from .httpclient import READ_ONLY_TOKEN, Client


@pytest.fixture
def server() -> Iterator[DevServer]:
    """An empty server with an operator token and a read-only token."""
    with DevServer(port=0, read_only_token=READ_ONLY_TOKEN) as s:
        yield s


@pytest.fixture
def client(server: DevServer) -> Iterator[Client]:
    c = Client(server)
    yield c
    c.close()


@pytest.fixture
def reader(server: DevServer) -> Iterator[Client]:
    c = Client(server, token=READ_ONLY_TOKEN)
    yield c
    c.close()


@pytest.fixture
def anonymous(server: DevServer) -> Iterator[Client]:
    c = Client(server, token=None)
    yield c
    c.close()
