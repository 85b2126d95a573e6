"""KeyringTokenStore against the real Secret Service, and the refusal of keyrings that are not secret stores."""

from __future__ import annotations

import subprocess
import sys

import keyring
import pytest

from remotes_tui.tokens import (
    SERVICE,
    KeyringUnavailableError,
    LazyTokenStore,
    MemoryTokenStore,
    profile_key,
    remote_key,
)
from remotes_tui.tokens.keyring_store import KeyringTokenStore, open_token_store
from tests.support.keyring import leak_token


def test_keys_name_the_profile_and_the_remote_on_its_server() -> None:
    assert profile_key("edge-1") == "profile:edge-1"
    assert remote_key("http://edge:8086/", "0a1b2c3d4e5f6789") == "remote:http://edge:8086:0a1b2c3d4e5f6789"
    assert remote_key("http://edge:8086", "x") == remote_key("http://edge:8086/", "x")


def test_round_trip_in_the_real_secret_service(real_keyring: KeyringTokenStore) -> None:
    token = leak_token("roundtrip")
    key = profile_key("roundtrip")
    assert real_keyring.get(key) is None
    real_keyring.set(key, token)
    assert real_keyring.get(key) == token
    # Another client of the same keyring sees it under service `remotes-tui`.
    assert keyring.get_password(SERVICE, key) == token
    real_keyring.set(key, token + "-changed")
    assert real_keyring.get(key) == token + "-changed"
    real_keyring.delete(key)
    assert real_keyring.get(key) is None
    assert keyring.get_password(SERVICE, key) is None


def test_deleting_a_missing_key_is_not_an_error(real_keyring: KeyringTokenStore) -> None:
    real_keyring.delete(profile_key("never-saved"))
    assert real_keyring.get(profile_key("never-saved")) is None


def test_remote_tokens_are_kept_per_server_and_remote(real_keyring: KeyringTokenStore) -> None:
    first, second = leak_token("remote-a"), leak_token("remote-b")
    real_keyring.set(remote_key("http://a:8086", "0000000000000001"), first)
    real_keyring.set(remote_key("http://b:8086", "0000000000000001"), second)
    assert real_keyring.get(remote_key("http://a:8086/", "0000000000000001")) == first
    assert real_keyring.get(remote_key("http://b:8086", "0000000000000001")) == second
    real_keyring.delete(remote_key("http://a:8086", "0000000000000001"))
    assert real_keyring.get(remote_key("http://a:8086", "0000000000000001")) is None
    assert real_keyring.get(remote_key("http://b:8086", "0000000000000001")) == second


def test_open_token_store_uses_the_real_keyring(real_keyring: KeyringTokenStore) -> None:
    store, warning = open_token_store()
    assert warning is None
    assert isinstance(store, KeyringTokenStore)
    assert store.persistent
    assert store.backend_name() == "keyring.backends.SecretService.Keyring"


def test_an_empty_token_is_refused_before_the_keyring(real_keyring: KeyringTokenStore) -> None:
    with pytest.raises(ValueError, match="empty token"):
        real_keyring.set(profile_key("empty"), "")


def plaintext_keyring() -> keyring.backend.KeyringBackend:
    """A stand-in for keyrings.alt's PlaintextKeyring: a backend that keeps "secrets" in a file.

    Backend classes register themselves for keyring's discovery; this one is unregistered at once, so it can
    never join keyring's chain in another test.
    """

    class PlaintextKeyring(keyring.backend.KeyringBackend):
        priority = 1
        file_path = "keyring_pass.cfg"
        calls: list[str] = []

        def get_password(self, service: str, username: str) -> str | None:
            self.calls.append("get")
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            self.calls.append("set")

        def delete_password(self, service: str, username: str) -> None:
            self.calls.append("delete")

    keyring.backend.KeyringBackend._classes.discard(PlaintextKeyring)
    PlaintextKeyring.__module__ = "keyrings.alt.file"
    return PlaintextKeyring()


def test_a_file_backend_is_refused_and_never_called() -> None:
    fake = plaintext_keyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(fake)
    try:
        store, warning = open_token_store()
        with pytest.raises(KeyringUnavailableError) as raised:
            KeyringTokenStore().set(profile_key("x"), "secret-value")
    finally:
        keyring.set_keyring(previous)
    assert isinstance(store, MemoryTokenStore)
    assert warning is not None and "keeps tokens in a file" in warning and "INFLUX_TOKEN" in warning
    assert "secret-value" not in str(raised.value)
    assert fake.calls == []  # type: ignore[attr-defined]


def test_the_null_backend_is_refused() -> None:
    from keyring.backends import null

    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    try:
        store, warning = open_token_store()
    finally:
        keyring.set_keyring(previous)
    assert isinstance(store, MemoryTokenStore)
    assert warning is not None and warning.startswith("No usable OS keyring")


def test_forcing_secret_service_without_a_bus_is_a_clear_sentence(tmp_path: object) -> None:
    code = (
        "from remotes_tui.tokens.keyring_store import open_token_store\n"
        "store, warning = open_token_store()\n"
        "print(type(store).__name__)\n"
        "print(warning)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    kind, warning = result.stdout.strip().splitlines()
    assert kind == "MemoryTokenStore"
    assert "so tokens cannot be saved" in warning
    assert "Traceback" not in result.stderr


def test_lazy_store_does_not_touch_the_keyring_until_used() -> None:
    opened: list[bool] = []

    def opener() -> tuple[MemoryTokenStore, str | None]:
        opened.append(True)
        return MemoryTokenStore(), "No usable OS keyring (test)."

    store = LazyTokenStore(opener)
    assert not store.is_open and opened == []
    assert store.get(profile_key("a")) is None
    store.set(profile_key("a"), "t")
    assert store.get(profile_key("a")) == "t"
    assert store.warning == "No usable OS keyring (test)."
    assert not store.persistent
    assert opened == [True]


def test_memory_store_repr_never_shows_a_token() -> None:
    store = MemoryTokenStore()
    token = leak_token("repr")
    store.set(profile_key("a"), token)
    assert token not in repr(store)
    assert not store.persistent
