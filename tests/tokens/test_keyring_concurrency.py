"""Keyring calls from many threads at once run one at a time: gnome-keyring answers concurrent calls from one
client with spurious errors ("Item does not exist", "Prompt dismissed") and once left the bus under them. A fleet-wide
token rotation saves several tokens at once; every one of them must land.
"""

from __future__ import annotations

import concurrent.futures
import threading

import keyring
import keyring.backend

from remotes_tui.tokens import remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.support.keyring import leak_token

CALLERS = 5


class CountingKeyring(keyring.backend.KeyringBackend):
    """A real backend class that counts how many calls are inside it at once. The first call waits (at most a
    second) for a second one to come in beside it: without one-at-a-time that happens at once and is counted;
    with it, no second call can enter, and the wait runs out. The test passes on what was counted, not on time.
    """

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.inside = 0
        self.most_inside = 0
        self.second_came_in = threading.Event()
        self._count = threading.Lock()

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._count:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            first = self.inside == 1 and not self.passwords
            if self.inside > 1:
                self.second_came_in.set()
        if first:
            self.second_came_in.wait(1.0)
        self.passwords[(service, username)] = password
        with self._count:
            self.inside -= 1

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


keyring.backend.KeyringBackend._classes.discard(CountingKeyring)  # never part of keyring's own discovery


def test_calls_from_many_threads_enter_the_keyring_one_at_a_time() -> None:
    backend = CountingKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        store = KeyringTokenStore(time_limit=30)
        with concurrent.futures.ThreadPoolExecutor(CALLERS) as pool:
            list(pool.map(lambda n: store.set(f"remote:{n}", "leaktest-serial"), range(CALLERS)))
    finally:
        keyring.set_keyring(previous)
    assert backend.most_inside == 1
    assert len(backend.passwords) == CALLERS


def test_a_burst_of_saves_from_many_threads_all_land_in_the_real_keyring(
    real_keyring: KeyringTokenStore,
) -> None:
    token = leak_token("burst")
    keys = [remote_key(f"http://edge-{n % 7}:8086", f"{n:016x}") for n in range(60)]
    with concurrent.futures.ThreadPoolExecutor(CALLERS) as pool:
        failures = [error for error in pool.map(lambda key: _save(real_keyring, key, token), keys) if error]
    assert failures == []
    assert [real_keyring.get(key) for key in keys] == [token] * len(keys)


def _save(store: KeyringTokenStore, key: str, token: str) -> str | None:
    """None when the token was saved, else the store's sentence (a test failure lists them all)."""
    try:
        store.set(key, token)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None
