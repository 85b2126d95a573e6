"""End to end in a real terminal: the installed `remotes-tui` in tmux against a `remotes-tui serve` process.

The operator token reaches the app only through INFLUX_TOKEN in the environment: the tmux server of a private
socket inherits it from the environment of the `tmux new-session` that starts it, so the token is on no
command line (not even tmux's own, which `new-session -e NAME=VALUE` would put it on).
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from remotes_tui.api import ConnectionSettings, InfluxClient, RemoteConnection
from tests.support.ci import require_command

pytestmark = pytest.mark.slow

LISTENING = re.compile(r"listening on (?P<url>http://\S+) org \S+ \(orgID (?P<org_id>[0-9a-f]{16})\)")


class Tmux:
    """One tmux session on a private socket, so the user's own tmux server is never touched."""

    def __init__(self, tmux: str, tmp_path: Path) -> None:
        self.tmux = tmux
        self.socket = f"remotes-tui-e2e-{os.getpid()}-{secrets.token_hex(4)}"
        self.session = "app"
        self.tmp_path = tmp_path

    def run(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
            env=env,
        )
        return done.stdout

    def start(self, command: str, env: dict[str, str]) -> None:
        self.run("new-session", "-d", "-s", self.session, "-x", "120", "-y", "36", command, env=env)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def input_border(self, label: str) -> str:
        """The top border row (with its colour codes) of the input under the field `label`.

        A focused input draws its border in another colour, so this row changes exactly when the focus arrives.
        """
        rows = self.screen().splitlines()
        index = next(i for i, row in enumerate(rows) if label in row)
        return self.run("capture-pane", "-p", "-e", "-t", self.session).splitlines()[index + 1]

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for(self, what: str | Callable[[str], bool], seconds: float = 20.0) -> str:
        """Poll the pane until `what` appears (or the check passes); fail with the last screen."""
        check = what if callable(what) else (lambda screen: what in screen)
        deadline = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what!r}; the terminal shows:\n{screen}")

    def kill(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=20, check=False
        )


@pytest.fixture
def serve_process() -> Iterator[tuple[str, str, str]]:
    """`python -m remotes_tui serve` on a free port; yields (url, org ID, operator token)."""
    token = secrets.token_urlsafe(24)
    env = {**os.environ, "REMOTES_TUI_SERVE_TOKEN": token}
    process = subprocess.Popen(
        [sys.executable, "-m", "remotes_tui", "serve", "--port", "0", "--org", "e2e-org"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = LISTENING.search(line)
        if match is None:
            process.kill()
            _, err = process.communicate(timeout=10)
            raise AssertionError(f"the server did not start: {line!r} {err!r}")
        yield match["url"], match["org_id"], token
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def command_lines() -> list[str]:
    """The argv of every process we can see (Linux), to prove the token is on none of them."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return lines


async def remotes_on(url: str, token: str, org_id: str) -> list[RemoteConnection]:
    async with InfluxClient(ConnectionSettings(url=url, token=token, org_id=org_id)) as client:
        return await client.remotes.list(org_id)


def test_create_a_remote_in_a_real_terminal(serve_process: tuple[str, str, str], tmp_path: Path) -> None:
    tmux_path = require_command("tmux")
    executable = Path(sys.executable).parent / "remotes-tui"
    assert executable.is_file(), f"{executable} is missing: run `pip install -e .` in the virtualenv"
    url, org_id, token = serve_process
    remote_token = "e2e-remote-token-" + secrets.token_hex(6)

    env = {**os.environ, "INFLUX_TOKEN": token, "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    command = f"'{executable}' --host {url} --org-id {org_id}; echo EXITED rc=$?; sleep 60"
    assert token not in command

    tmux = Tmux(tmux_path, tmp_path)
    try:
        tmux.start(command, env)
        tmux.wait_for("No remote connections")
        if Path("/proc").is_dir():
            assert not any(token in line for line in command_lines()), "the token is on a command line"

        tmux.keys("n")
        tmux.wait_for("New remote connection")
        # Textual hands each key to the widget focused when the key arrives, and moving the focus takes a few
        # messages: keys sent in one burst after a Tab would still land in the old field. So wait until the
        # next field shows its focused border before typing into it.
        name_field, description_field = "Name  A short name", "Description  Optional"
        url_field, token_field = "Remote URL  The InfluxDB", "Remote API token  A token"
        tmux.wait_for(lambda _: tmux.input_border(name_field) != tmux.input_border(description_field))
        tmux.keys("e2e-central", literal=True)
        tmux.wait_for("e2e-central")
        blurred = tmux.input_border(url_field)
        tmux.keys("Tab", "Tab")  # past Description to Remote URL
        tmux.wait_for(lambda _: tmux.input_border(url_field) != blurred)
        tmux.keys("https://central.example.com:8086", literal=True)
        tmux.wait_for("https://central.example.com:8086")
        blurred = tmux.input_border(token_field)
        tmux.keys("Tab")  # to Remote API token
        tmux.wait_for(lambda _: tmux.input_border(token_field) != blurred)
        tmux.keys(remote_token, literal=True)
        screen = tmux.wait_for("•" * 10)
        assert remote_token not in screen, "the remote token is shown unmasked"
        tmux.keys("C-s")

        screen = tmux.wait_for(lambda s: "e2e-central" in s and "New remote connection" not in s)
        assert token not in screen and remote_token not in screen

        remotes = asyncio.run(remotes_on(url, token, org_id))
        assert [(r.name, r.remote_url, r.org_id) for r in remotes] == [
            ("e2e-central", "https://central.example.com:8086", org_id)
        ]

        tmux.keys("q")
        tmux.wait_for("EXITED rc=")
        assert "EXITED rc=0" in tmux.screen()
    finally:
        tmux.kill()


def test_host_and_org_without_a_token_ask_for_it_with_hidden_input(
    serve_process: tuple[str, str, str], tmp_path: Path
) -> None:
    """Issue 7, item 6: `remotes-tui --host URL --org ORG`, no INFLUX_TOKEN, no profile, in a real terminal:
    the window asks for the token, never shows it, and connects with it for this session."""
    tmux_path = require_command("tmux")
    executable = Path(sys.executable).parent / "remotes-tui"
    url, _, token = serve_process
    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("TMUX", "INFLUX_TOKEN", "INFLUX_HOST", "INFLUX_ORG", "INFLUX_ORG_ID", "REMOTES_TUI_PROFILE"):
        env.pop(name, None)
    command = f"'{executable}' --host {url} --org e2e-org; echo EXITED rc=$?; sleep 60"

    tmux = Tmux(tmux_path, tmp_path)
    try:
        tmux.start(command, env)
        tmux.wait_for(f"Token for {url}")
        tmux.keys(token, literal=True)
        screen = tmux.wait_for("•" * 10)
        assert token not in screen, "the token is shown while typed"
        tmux.keys("Enter")
        screen = tmux.wait_for("No remote connections in e2e-org yet.")
        assert token not in screen
        tmux.keys("q")
        tmux.wait_for("EXITED rc=")
        assert "EXITED rc=0" in tmux.screen()
    finally:
        tmux.kill()
