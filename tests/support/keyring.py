"""The real Secret Service in tests, the `fail` backend, recognisable leak tokens, and the profile CLI in-process."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence

import keyring
import keyring.backend
import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.tokens import SERVICE
from tests.support.ci import IN_CI
from tests.support.in_process_cli import InProcessCli

SECRET_SERVICE_ENV = "REMOTES_TUI_SECRET_SERVICE"


def has_secret_service() -> bool:
    return os.environ.get(SECRET_SERVICE_ENV) == "1"


def require_secret_service() -> None:
    """Skip without a real Secret Service on a developer machine; under CI=true its absence is a failure."""
    if has_secret_service():
        return
    message = "needs a real Secret Service: run the tests inside scripts/with-secret-service"
    if IN_CI:
        pytest.fail(f"{message} (REMOTES_TUI_SECRET_SERVICE=1 is not set).")
    pytest.skip(message)


def clear_our_entries() -> None:
    """Delete every `remotes-tui` item from the Secret Service collection, so tests never see each other's."""
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    collection = SecretServiceKeyring().get_preferred_collection()
    for item in list(collection.search_items({"service": SERVICE})):
        item.delete()


@contextlib.contextmanager
def fail_backend() -> Iterator[None]:
    """Make `keyring` use its `fail` backend (what a bare server has), then restore the previous one."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def leak_token(label: str = "") -> str:
    """A recognisable token for the leak test: `leaktest-<label>-<uuid>`."""
    return f"leaktest-{label}-{uuid.uuid4().hex}" if label else f"leaktest-{uuid.uuid4().hex}"


def profile_add_argv(name: str, server: DevServer, *extra: str) -> list[str]:
    """`profile add NAME` for `server` (its URL and org name), the token to come from stdin."""
    return ["add", name, "--host", server.url, "--org", server.org_name, "--token-stdin", *extra]


def run_profile_cli(argv: Sequence[str], monkeypatch: pytest.MonkeyPatch, stdin: str | None = None) -> int:
    """Run `remotes-tui profile ARGV` in this process with `stdin` as its standard input."""
    from remotes_tui.cli.profile_commands import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin if stdin is not None else ""))
    return main(list(argv))


class ProfileCli(InProcessCli):
    """`remotes-tui profile ...` run in this process (`run_profile_cli`), and what it printed (`read`)."""

    def __call__(self, argv: Sequence[str], stdin: str | None = None) -> int:
        return run_profile_cli(argv, self.monkeypatch, stdin)

    def add(self, name: str, server: DevServer, *extra: str, token: str | None = None) -> int:
        """`profile add NAME` for `server` (`profile_add_argv`), with `token` (default: the server's) on stdin."""
        return self(profile_add_argv(name, server, *extra), server.token if token is None else token)


class SlowKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that does not answer until `release` is set, as a keyring waiting for an unlock
    prompt or a hung D-Bus service does; then it keeps passwords in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.passwords: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def _sleep_until_released(self, call: str) -> None:
        self.calls.append(call)
        self.release.wait(60)

    def get_password(self, service: str, username: str) -> str | None:
        self._sleep_until_released("get")
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._sleep_until_released("set")
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._sleep_until_released("delete")
        self.passwords.pop((service, username), None)


keyring.backend.KeyringBackend._classes.discard(SlowKeyring)  # never part of keyring's own discovery


@contextlib.contextmanager
def slow_keyring() -> Iterator[SlowKeyring]:
    """Make `keyring` use a fresh SlowKeyring; afterwards release it, wait for its calls, restore the old one."""
    backend = SlowKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        backend.release.set()
        for thread in threading.enumerate():
            if thread.name == "keyring-call":
                thread.join(timeout=10)
        keyring.set_keyring(previous)
