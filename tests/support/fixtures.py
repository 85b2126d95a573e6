"""Keyring and profile fixtures for every test folder (imported by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.support.keyring import ProfileCli, clear_our_entries, fail_backend, require_secret_service


@pytest.fixture(autouse=True)
def _no_config_dir_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """Profiles go to the isolated XDG config folder of the lead's autouse fixture, never the user's."""
    monkeypatch.delenv("REMOTES_TUI_CONFIG_DIR", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


@pytest.fixture
def real_keyring() -> Iterator[KeyringTokenStore]:
    """The real Secret Service (gnome-keyring in a private D-Bus session), emptied of our entries."""
    require_secret_service()
    store = KeyringTokenStore()
    name = store.backend_name()
    assert name == "keyring.backends.SecretService.Keyring", (
        f"expected the Secret Service backend, got {name}"
    )
    clear_our_entries()
    yield store
    clear_our_entries()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """The `fail` backend, as on a server with no Secret Service; restored afterwards."""
    with fail_backend():
        yield


@pytest.fixture
def profile_store() -> ProfileStore:
    return ProfileStore()


@pytest.fixture
def config_dir(profile_store: ProfileStore) -> Path:
    return profile_store.path.parent


@pytest.fixture
def profile_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> ProfileCli:
    """`remotes-tui profile ...` in this process, and what it printed."""
    return ProfileCli(monkeypatch, capsys)
