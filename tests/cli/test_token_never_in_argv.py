"""While `remotes-tui remote create` waits for its token (on stdin, or at the hidden prompt of a terminal), no
process on the machine has the token in its command line (`/proc/*/cmdline`), and afterwards the token is in the
keyring and on the server."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.tokens import SERVICE, remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.cli.helpers import stored_remote_token
from tests.support.keyring import leak_token

REPO = Path(__file__).resolve().parents[2]


def command_lines_holding(secret: str) -> list[str]:
    """The /proc/PID/cmdline of every process whose command line contains `secret`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # the process ended, or is not ours to read
            continue
        if secret.encode() in cmdline:
            found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def environment(server: DevServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INFLUX_", "REMOTES_TUI_REMOTE_API"))}
    env.update(INFLUX_HOST=server.url, INFLUX_TOKEN=server.token, INFLUX_ORG=server.org_name)
    return env


def create_argv(name: str, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "remotes_tui", "remote", "create", "--name", name]
    return [*command, "--remote-url", "https://central.example.com:8086", "--json", *extra]


READ_SYSCALL = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)


def wait_until_reading_stdin(pid: int, limit: float = 30.0) -> None:
    """Until the process sleeps in read(0, ...): it is waiting for the rest of its token on stdin."""
    if READ_SYSCALL is None:
        pytest.skip(f"no read syscall number known for {os.uname().machine}")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
        if fields[:2] == [READ_SYSCALL, "0x0"]:
            return
        time.sleep(0.02)
    raise AssertionError("the command never waited for its token on stdin")


def check_saved(server: DevServer, output: str, token: str) -> None:
    remote = json.loads(output)
    assert stored_remote_token(server, remote["id"]) == token
    assert keyring.get_password(SERVICE, remote_key(server.url, remote["id"])) == token
    assert token not in output


def test_token_from_stdin_never_in_argv(real_keyring: KeyringTokenStore, devserver: DevServer) -> None:
    token = leak_token("stdin")
    process = subprocess.Popen(
        create_argv("from-stdin", "--remote-api-token-stdin"),
        cwd=REPO,
        env=environment(devserver),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdin is not None
        process.stdin.write(token)  # the token is on its way, stdin is still open: the command waits for EOF
        process.stdin.flush()
        wait_until_reading_stdin(process.pid)
        assert command_lines_holding(token) == []
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert token not in err
    check_saved(devserver, out, token)


def test_token_typed_at_the_hidden_prompt_never_in_argv(
    real_keyring: KeyringTokenStore, devserver: DevServer
) -> None:
    token = leak_token("typed")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        create_argv("typed"),
        cwd=REPO,
        env=environment(devserver),
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=terminal,
        start_new_session=True,
    )
    os.close(terminal)
    try:
        seen = b""
        deadline = time.monotonic() + 30
        while b"Remote API token (hidden): " not in seen:
            assert time.monotonic() < deadline, f"no prompt: {seen!r}"
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                seen += os.read(controller, 1024)
        assert command_lines_holding(token) == []
        os.write(controller, token.encode() + b"\n")
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        rest = b""
        while select.select([controller], [], [], 0.1)[0]:
            try:
                chunk = os.read(controller, 1024)
            except OSError:
                break
            if not chunk:
                break
            rest += chunk
        os.close(controller)
    assert process.returncode == 0, (seen + rest).decode(errors="replace")
    assert token.encode() not in seen + rest  # hidden: the terminal never echoed it
    check_saved(devserver, out.decode(), token)


@pytest.mark.parametrize("flag", ["--remote-api-token", "-t"])
def test_a_token_flag_fails_without_echoing_it(flag: str, devserver: DevServer) -> None:
    token = leak_token("flag")
    result = subprocess.run(
        [*create_argv("flagged"), flag, token],
        cwd=REPO,
        env=environment(devserver),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert token not in result.stdout + result.stderr
    assert "is not accepted: a token on the command line is visible" in result.stderr
