"""Every form in a real terminal takes keys typed in one burst: the installed `remotes-tui` in tmux.

The remote form gets `send-keys -l $'name\\tdesc\\thttp://h:8086\\ttoken'` (the keys of the report that found
the bug, 7 of 7 tries wrong). The profile form, the first-run screen and the session-token screen are typed
through a tmux buffer (`load-buffer` from stdin, then `paste-buffer`), which types the buffer as keys in one
burst, or with `-p` as one bracketed paste; that way the server's token is never on a command line, not even
tmux's. The profile form is also read back as text at 80x24 and 120x36: each value shows beside its label.

The app never touches a keyring here (the `fail` backend): tokens are kept for the session only.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from remotes_tui.api import ConnectionSettings, InfluxClient, RemoteConnection
from remotes_tui.profiles import Profile, ProfileStore
from tests.support.ci import require_command
from tests.ui.test_e2e_tmux import Tmux, serve_process  # noqa: F401 - a fixture, used by `server`

pytestmark = pytest.mark.slow

Server = tuple[str, str, str]
"""(URL, org ID, operator token) of a `remotes-tui serve` process."""


class FormTerminal(Tmux):
    """A tmux session of a given size that can type a secret without putting it on a command line."""

    def start_sized(self, command: str, env: dict[str, str], size: tuple[int, int]) -> None:
        width, height = size
        self.run(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command, env=env
        )

    def type_burst(self, text: str, *, bracketed: bool = False) -> None:
        """Type `text` in one go from a tmux buffer filled through stdin; `bracketed` makes it one paste."""
        subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, "load-buffer", "-b", "burst", "-"],
            input=text,
            text=True,
            capture_output=True,
            check=True,
            timeout=20,
        )
        self.run("paste-buffer", "-d", "-b", "burst", *(["-p"] if bracketed else []), "-t", self.session)

    def row(self, label: str) -> str:
        """The screen line of the field `label` (its label, then what the field shows)."""
        lines = self.screen().splitlines()
        found = [line for line in lines if f"{label} " in line]
        assert found, f"no {label!r} on screen:\n" + "\n".join(lines)
        return found[0]


@pytest.fixture
def server(serve_process: Server) -> Server:  # noqa: F811 - the e2e test's fixture, imported above
    """A `remotes-tui serve` process: (URL, org ID, operator token)."""
    return serve_process


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[FormTerminal]:
    tmux = FormTerminal(require_command("tmux"), tmp_path)
    try:
        yield tmux
    finally:
        tmux.kill()


def app_command(*args: str) -> str:
    executable = Path(sys.executable).parent / "remotes-tui"
    assert executable.is_file(), f"{executable} is missing: run `pip install -e .` in the virtualenv"
    return " ".join([f"'{executable}'", *args, "; echo EXITED rc=$?; sleep 60"])


def app_env(token: str | None = None) -> dict[str, str]:
    """The test's isolated environment (config folders), no keyring, and the operator token if given."""
    env = {**os.environ, "TERM": "xterm-256color", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("TMUX", None)
    if token is not None:
        env["INFLUX_TOKEN"] = token
    return env


def open_on_server(terminal: FormTerminal, server: Server, size: tuple[int, int]) -> None:
    url, org_id, token = server
    terminal.start_sized(app_command("--host", url, "--org-id", org_id), app_env(token), size)
    terminal.wait_for("No remote connections")


async def remotes_on(server: Server) -> list[RemoteConnection]:
    url, org_id, token = server
    async with InfluxClient(ConnectionSettings(url=url, token=token, org_id=org_id)) as client:
        return await client.remotes.list(org_id)


def saved_profile(store: ProfileStore, name: str) -> tuple[str, str | None]:
    """The server URL and org ID saved for the profile called `name`."""
    saved = store.get(name)
    return saved.url, saved.org_id


def test_the_remote_form_takes_a_burst_typed_with_send_keys(server: Server, terminal: FormTerminal) -> None:
    remote_token = "burst-remote-token-" + secrets.token_hex(4)
    open_on_server(terminal, server, (80, 24))
    terminal.keys("n")
    terminal.wait_for("New remote connection")
    terminal.keys(f"central-eu\tEU aggregation\thttp://h:8086\t{remote_token}", literal=True)
    screen = terminal.wait_for("•" * len(remote_token))
    assert remote_token not in screen
    terminal.keys("C-s")
    terminal.wait_for(lambda s: "central-eu" in s and "New remote connection" not in s)
    remotes = asyncio.run(remotes_on(server))
    assert [(r.name, r.description, r.remote_url) for r in remotes] == [
        ("central-eu", "EU aggregation", "http://h:8086")
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_the_profile_form_shows_each_value_and_takes_a_burst(
    server: Server, terminal: FormTerminal, profile_store: ProfileStore, size: tuple[int, int]
) -> None:
    url, org_id, token = server
    open_on_server(terminal, server, size)
    terminal.keys("p")
    terminal.wait_for("No profiles yet")
    terminal.keys("a")
    terminal.wait_for("Profile name: a short name")  # the hint of the focused field: the focus is on the name
    terminal.type_burst(f"edge-9\t{url}\t{org_id}\t{token}")
    terminal.wait_for("•" * 8)
    assert "edge-9" in terminal.row("Profile name")
    assert url in terminal.row("Server URL")
    assert org_id in terminal.row("Organization")
    assert "•" * 8 in terminal.row("Token")
    assert token not in terminal.screen()

    terminal.keys("C-s")
    terminal.wait_for(lambda s: "New profile" not in s and "edge-9" in s)
    assert saved_profile(profile_store, "edge-9") == (url, org_id)


def test_the_first_run_screen_takes_a_bracketed_paste(
    server: Server, terminal: FormTerminal, profile_store: ProfileStore
) -> None:
    url, org_id, token = server
    terminal.start_sized(app_command(), app_env(), (80, 24))
    terminal.wait_for("Profile name  default")
    # "default" is selected when the name field gets the focus, so the paste replaces it. (A ctrl+u sent just
    # before would not do: Textual runs an input's own key bindings only once the key has bubbled up to the
    # app, after the paste queued behind it, when the focus is already on Token.)
    terminal.type_burst(f"edge-9\t{url}\t{org_id}\t{token}", bracketed=True)
    terminal.wait_for("•" * 8)
    assert "edge-9" in terminal.row("Profile name") and url in terminal.row("Server URL")
    assert token not in terminal.screen()
    terminal.keys("C-s")
    terminal.wait_for("No remote connections")  # checked, saved, and the main screen opened on it
    assert saved_profile(profile_store, "edge-9") == (url, org_id)


def test_the_session_token_screen_takes_password_tab_enter(
    server: Server, terminal: FormTerminal, profile_store: ProfileStore
) -> None:
    """A password manager's `{PASSWORD}{TAB}{ENTER}`: Tab reaches "Use this token", Enter presses it."""
    url, org_id, token = server
    profile_store.add(Profile(name="central", url=url, org_id=org_id))
    open_on_server(terminal, server, (80, 24))
    terminal.keys("p")
    terminal.wait_for("central")
    terminal.keys("Enter")
    terminal.wait_for("Token for central")
    terminal.type_burst(f"{token}\t\r")
    terminal.wait_for(lambda s: "profile central" in s and "No remote connections" in s)
    assert token not in terminal.screen()


def test_an_emoji_in_the_description_keeps_the_right_border_in_place(
    server: Server, terminal: FormTerminal
) -> None:
    """tmux 3.3 counts `⚠️` as 1 cell and `👍🏽` as 4; the input's right border must stay in its column."""
    description = "edge ⚠️ site 👍🏽 north"
    open_on_server(terminal, server, (80, 24))
    terminal.keys("n")
    terminal.wait_for("New remote connection")
    terminal.type_burst(f"edge-1\t{description}")
    terminal.wait_for("north")
    rows = terminal.screen().splitlines()
    index = next(i for i, row in enumerate(rows) if "north" in row)
    typed, border = rows[index], rows[index - 1]  # the input's text row and its top border
    right_of_input = border.split("▎")[-1]
    assert typed.count("▎") == 1 and typed.split("▎")[-1] == right_of_input, f"{border}\n{typed}"

    terminal.keys("Tab")
    terminal.type_burst("http://h:8086\ttok")
    terminal.keys("C-s")
    terminal.wait_for(lambda s: "New remote connection" not in s and "edge-1" in s)
    (saved,) = asyncio.run(remotes_on(server))
    assert saved.description == description
