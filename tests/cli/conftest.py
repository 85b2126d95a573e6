"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from tests.cli.helpers import RemoteCli


@pytest.fixture
def remote_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> RemoteCli:
    """`remotes-tui remote ...` in this process, and what it printed."""
    return RemoteCli(monkeypatch, capsys)
