"""End to end in a real terminal: the installed `remotes-tui --fleet` in tmux, its profiles' tokens in the real
keyring, against bundled servers over loopback HTTP: one down, one refusing the token, one held. The others
appear at once, the down one says so and appears after `r` once it is back."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import profile_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.support.ci import require_command
from tests.support.fleet_servers import add_remotes, free_port, running
from tests.support.servers import TEST_TOKEN, make_server
from tests.ui.test_e2e_tmux import Tmux, command_lines

pytestmark = pytest.mark.slow

CENTRAL = "https://central-eu.example.com:8086"


def test_the_fleet_in_a_real_terminal(
    tmp_path: Path, profile_store: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    tmux_path = require_command("tmux")
    executable = Path(sys.executable).parent / "remotes-tui"
    assert executable.is_file(), f"{executable} is missing: run `pip install -e .` in the virtualenv"
    down_port = free_port()
    with running(make_server(), make_server(), make_server()) as (edge, refusing, slow):
        asyncio.run(add_remotes(edge, ["e2e-one", "e2e-two"], url=CENTRAL))
        asyncio.run(add_remotes(slow, ["e2e-slow"], url=CENTRAL))
        for name, url, token in (
            ("fleet-edge", edge.url, TEST_TOKEN),
            ("fleet-401", refusing.url, "a-token-this-server-refuses-0005"),
            ("fleet-down", f"http://127.0.0.1:{down_port}", TEST_TOKEN),
            ("fleet-slow", slow.url, TEST_TOKEN),
        ):
            profile_store.add(Profile(name=name, url=url, org="demo-org"))
            real_keyring.set(profile_key(name), token)

        env = {**os.environ, "TERM": "xterm-256color"}
        for name in ("TMUX", "INFLUX_TOKEN", "INFLUX_HOST", "INFLUX_ORG", "REMOTES_TUI_PROFILE"):
            env.pop(name, None)
        command = f"'{executable}' --fleet; echo EXITED rc=$?; sleep 60"
        tmux = Tmux(tmux_path, tmp_path)
        with slow.hold("/api/v2/remotes") as held:
            try:
                tmux.start(command, env)
                screen = tmux.wait_for(
                    lambda s: "e2e-two" in s and "unreachable" in s and "token refused" in s
                )
                assert "loading…" in screen and "e2e-slow" not in screen
                assert held.held == 1
                assert TEST_TOKEN not in screen
                if Path("/proc").is_dir():
                    assert not any(TEST_TOKEN in line for line in command_lines())

                held.release()
                tmux.wait_for("e2e-slow")

                back = make_server(port=down_port)
                with running(back):
                    asyncio.run(add_remotes(back, ["e2e-back"], url=CENTRAL))
                    tmux.keys("r")
                    screen = tmux.wait_for("e2e-back")
                    assert "unreachable" not in screen and "token refused" in screen
                    tmux.keys("q")
                    tmux.wait_for("EXITED rc=")
                    assert "EXITED rc=0" in tmux.screen()
            finally:
                tmux.kill()
