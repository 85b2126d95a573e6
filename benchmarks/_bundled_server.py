"""The bundled server in its own process, for the benchmarks: start it, read its address, stop it.

A subprocess, so the server does not share the measuring process's GIL. Its request log stays off
(REMOTES_TUI_SERVE_LOG is dropped from its environment) so that logging never weighs on a figure, and the
start line is awaited for at most 15 s. Imported by the scripts beside it (`python benchmarks/bench_x.py`
puts this folder first on `sys.path`).
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
START_LINE = re.compile(r"listening on (\S+) .*\(orgID (\w+)\)")
START_SECONDS = 15


@dataclass(frozen=True)
class BundledServer:
    """A running `remotes_tui serve` process and where it listens."""

    process: subprocess.Popen[str]
    url: str
    org_id: str

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None, self.url
        return port


def start_bundled_server(
    *args: str,
    token: str,
    env: Mapping[str, str] | None = None,
    cwd: Path = ROOT,
    quiet: bool = False,
) -> BundledServer:
    """`python -m remotes_tui serve --port 0 ARGS` with `token` as its operator token, once it listens.

    `env` adds variables; `cwd` is the checkout whose code runs; `quiet` drops the server's stderr.
    """
    environ = {**os.environ, "REMOTES_TUI_SERVE_TOKEN": token, **(env or {})}
    environ.pop("REMOTES_TUI_SERVE_LOG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "remotes_tui", "serve", "--port", "0", *args],
        cwd=cwd,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else None,
        text=True,
    )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(START_SECONDS):
            process.kill()
            raise SystemExit(f"the bundled server did not start within {START_SECONDS} s")
    line = process.stdout.readline()
    match = START_LINE.search(line)
    if not match:
        process.kill()
        raise SystemExit(f"the bundled server did not start: {line!r}")
    return BundledServer(process, match.group(1), match.group(2))


def stop_bundled_server(server: BundledServer, timeout: float = 10.0) -> None:
    """Ask the server to stop (SIGTERM); kill it if it has not within `timeout` seconds."""
    server.process.terminate()
    try:
        server.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.process.kill()


@contextmanager
def bundled_server(
    *args: str, token: str, env: Mapping[str, str] | None = None, cwd: Path = ROOT, quiet: bool = False
) -> Iterator[BundledServer]:
    """`start_bundled_server` for the length of a `with` block."""
    server = start_bundled_server(*args, token=token, env=env, cwd=cwd, quiet=quiet)
    try:
        yield server
    finally:
        stop_bundled_server(server)
