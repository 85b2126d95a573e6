"""Running `remotes-tui remote ...` in this process against a bundled server, and reading what a server stored."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence

import pytest

from remotes_tui.devserver import DevServer
from tests.support.in_process_cli import InProcessCli


def use_server(monkeypatch: pytest.MonkeyPatch, server: DevServer) -> None:
    """Point the command line at `server` the way a script would: the influx CLI's variables."""
    monkeypatch.setenv("INFLUX_HOST", server.url)
    monkeypatch.setenv("INFLUX_TOKEN", server.token)
    monkeypatch.setenv("INFLUX_ORG", server.org_name)


def run_remote(argv: Sequence[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    """`remotes-tui remote ARGV` in this process, with `stdin` as its standard input (not a terminal)."""
    from remotes_tui.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["remote", *argv])


class RemoteCli(InProcessCli):
    """`remotes-tui remote ...` run in this process (`run_remote`), and what it printed (`read`)."""

    def __call__(self, argv: Sequence[str], stdin: str = "") -> int:
        return run_remote(argv, self.monkeypatch, stdin)

    def use(self, server: DevServer) -> None:
        """Point the commands at `server` (`use_server`)."""
        use_server(self.monkeypatch, server)


def stored_remote_token(server: DevServer, remote_id: str) -> str | None:
    """The API token the server stored for a remote (the API never returns it; the store behind it does)."""
    state = server._running_state()
    config = state.store.remote_http_config(remote_id)
    return None if config is None else config[1]
