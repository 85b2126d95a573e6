"""A keyring that does not answer (issue 8, item 13): every call has a time limit, the sentence says "the keyring
is not answering", `profile add` says it is waiting, and resolution can leave the keyring to a worker.

The keyring is a real backend class (`SlowKeyring`) that sleeps until the test releases it, set with
`keyring.set_keyring`; nothing of ours is replaced.
"""

from __future__ import annotations

import asyncio
import io
import sys
import threading

import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.profiles.resolve import ConnectionRequest, resolve_connection
from remotes_tui.tokens import SERVICE, KeyringUnavailableError, LazyTokenStore, MemoryTokenStore, profile_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore, open_token_store
from tests.support.keyring import ProfileCli, SlowKeyring, slow_keyring

NOT_ANSWERING = "The keyring is not answering (no reply within 0.3 s; it may be waiting for an unlock prompt)"


@pytest.fixture
def stuck_keyring() -> SlowKeyring:
    with slow_keyring() as backend:
        yield backend


def test_a_keyring_that_does_not_answer_gives_one_sentence(stuck_keyring: SlowKeyring) -> None:
    store = KeyringTokenStore(time_limit=0.3)
    with pytest.raises(KeyringUnavailableError) as raised:
        store.get(profile_key("edge"))
    assert str(raised.value) == (
        f"{NOT_ANSWERING}, so tokens cannot be saved: install and unlock a Secret Service such as gnome-keyring, "
        "or set INFLUX_TOKEN, or enter a token for this session only (kept in memory)."
    )
    # While that call is stuck, the next ones fail at once instead of queueing behind it.
    for call in (lambda: store.get("k"), lambda: store.set("k", "leaktest-slow"), lambda: store.delete("k")):
        with pytest.raises(KeyringUnavailableError, match="not answering"):
            call()
    assert stuck_keyring.calls == ["get"]


def test_the_store_works_again_once_the_keyring_answers(stuck_keyring: SlowKeyring) -> None:
    store = KeyringTokenStore(time_limit=0.3)
    with pytest.raises(KeyringUnavailableError):
        store.set(profile_key("edge"), "leaktest-late")
    stuck_keyring.release.set()
    for thread in threading.enumerate():  # the call that was given up on finishes once the keyring answers
        if thread.name == "keyring-call":
            thread.join(timeout=10)
    assert store.get(profile_key("edge")) == "leaktest-late"


def test_opening_the_store_falls_back_to_memory_with_the_sentence(stuck_keyring: SlowKeyring) -> None:
    store, warning = open_token_store(time_limit=0.3)
    assert isinstance(store, MemoryTokenStore)
    assert warning is not None and warning.startswith(NOT_ANSWERING)


def test_the_time_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMOTES_TUI_KEYRING_TIMEOUT", "0.3")
    assert KeyringTokenStore().time_limit == 0.3
    monkeypatch.setenv("REMOTES_TUI_KEYRING_TIMEOUT", "soon")
    assert KeyringTokenStore().time_limit == 5.0


@pytest.mark.usefixtures("stuck_keyring")
def test_profile_add_says_it_waits_then_that_the_keyring_is_not_answering(
    devserver: DevServer,
    profile_store: ProfileStore,
    monkeypatch: pytest.MonkeyPatch,
    profile_cli: ProfileCli,
) -> None:
    monkeypatch.setenv("REMOTES_TUI_KEYRING_TIMEOUT", "0.8")
    assert profile_cli.add("edge", devserver) == 1
    captured = profile_cli.read()
    assert captured.err.splitlines() == [
        "remotes-tui profile: waiting for the OS keyring to answer (up to 0.8 s)…",
        "remotes-tui profile: Nothing was saved. The keyring is not answering (no reply within 0.8 s; it may be "
        "waiting for an unlock prompt), so tokens cannot be saved: install and unlock a Secret Service such as "
        "gnome-keyring and run this command again, or skip the profile: set INFLUX_TOKEN and run `remotes-tui "
        "--host URL --org ORG`.",
    ]
    assert not profile_store.path.exists()


class _ReleaseOnNotice(io.StringIO):
    """stderr that lets the slow keyring answer as soon as the command says it is waiting for it."""

    def __init__(self, backend: SlowKeyring) -> None:
        super().__init__()
        self.backend = backend

    def write(self, text: str) -> int:
        if "waiting for the OS keyring" in text:
            self.backend.release.set()
        return super().write(text)


def test_profile_add_waits_for_a_slow_keyring_and_saves(
    stuck_keyring: SlowKeyring,
    devserver: DevServer,
    profile_store: ProfileStore,
    monkeypatch: pytest.MonkeyPatch,
    profile_cli: ProfileCli,
) -> None:
    monkeypatch.setenv("REMOTES_TUI_KEYRING_TIMEOUT", "30")
    stderr = _ReleaseOnNotice(stuck_keyring)
    monkeypatch.setattr(sys, "stderr", stderr)
    assert profile_cli.add("edge", devserver) == 0
    assert stderr.getvalue() == "remotes-tui profile: waiting for the OS keyring to answer (up to 30 s)…\n"
    assert f"Saved profile 'edge': {devserver.url}" in profile_cli.read().out
    assert stuck_keyring.passwords[(SERVICE, profile_key("edge"))] == devserver.token
    assert profile_store.names() == ["edge"]


async def test_resolution_can_leave_the_keyring_to_a_worker(
    stuck_keyring: SlowKeyring, profile_store: ProfileStore
) -> None:
    """What lets the UI start without waiting: resolve at once, read the saved token off the UI loop."""
    profile_store.add(Profile(name="edge", url="http://edge:8086", org="plant"))
    profile_store.use("edge")
    lazy = LazyTokenStore(lambda: open_token_store(time_limit=0.3))
    resolved = resolve_connection(
        ConnectionRequest(), env={}, profiles=profile_store, tokens=lambda: lazy, defer_saved_token=True
    )
    assert (resolved.settings, resolved.problem, resolved.needs_saved_token) == (None, None, True)
    assert resolved.profile_name == "edge" and not lazy.is_open and stuck_keyring.calls == []

    read = await asyncio.to_thread(resolved.read_saved_token, KeyringTokenStore(time_limit=0.3))
    assert read.settings is None and read.needs_token and not read.needs_saved_token
    assert read.problem is not None and read.problem.startswith(NOT_ANSWERING)
    typed = read.with_session_token("session-token")
    assert typed.settings is not None and typed.settings.token == "session-token"


def test_a_deferred_token_is_read_when_the_store_answers(profile_store: ProfileStore) -> None:
    profile_store.add(Profile(name="edge", url="http://edge:8086", org="plant"))
    profile_store.use("edge")
    store = MemoryTokenStore()
    store.set(profile_key("edge"), "edge-token")
    resolved = resolve_connection(
        ConnectionRequest(), env={}, profiles=profile_store, tokens=lambda: store, defer_saved_token=True
    )
    ready = resolved.read_saved_token(store)
    assert ready.problem is None and ready.settings is not None
    assert (ready.settings.url, ready.settings.token, ready.settings.org) == (
        "http://edge:8086",
        "edge-token",
        "plant",
    )
