"""No usable keyring (the `fail` backend, as on a bare server): one clear sentence, memory only, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.profiles.resolve import ConnectionRequest, resolve_connection
from remotes_tui.tokens import KeyringUnavailableError, LazyTokenStore, MemoryTokenStore
from remotes_tui.tokens.keyring_store import KeyringTokenStore, open_token_store
from tests.support.keyring import ProfileCli, leak_token

EXPECTED = (
    "No usable OS keyring (Secret Service) was found, so tokens cannot be saved: install and unlock a Secret "
    "Service such as gnome-keyring, or set INFLUX_TOKEN, or enter a token for this session only (kept in memory)."
)
COMMAND_LINE_EXPECTED = (
    "No usable OS keyring (Secret Service) was found, so tokens cannot be saved: install and unlock a Secret "
    "Service such as gnome-keyring and run this command again, or skip the profile: set INFLUX_TOKEN and run "
    "`remotes-tui --host URL --org ORG`."
)
"""The command line cannot keep a token for a session, so it never offers to (issue 7, item 6)."""


def test_open_token_store_falls_back_to_memory_with_the_sentence(no_keyring: None) -> None:
    store, warning = open_token_store()
    assert isinstance(store, MemoryTokenStore)
    assert warning == EXPECTED


def test_every_keyring_call_raises_the_sentence(no_keyring: None) -> None:
    store = KeyringTokenStore()
    for call in (lambda: store.get("k"), lambda: store.set("k", "leaktest-x"), lambda: store.delete("k")):
        with pytest.raises(KeyringUnavailableError) as raised:
            call()
        assert str(raised.value) == EXPECTED


def test_profile_add_fails_and_writes_nothing(
    no_keyring: None, devserver: DevServer, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    assert profile_cli.add("edge", devserver) == 1
    captured = profile_cli.read()
    assert captured.err == f"remotes-tui profile: Nothing was saved. {COMMAND_LINE_EXPECTED}\n"
    assert "session only" not in captured.err
    assert captured.out == ""
    assert not profile_store.path.parent.exists()


def test_import_influx_fails_and_writes_nothing(
    no_keyring: None, profile_store: ProfileStore, tmp_path: Path, profile_cli: ProfileCli
) -> None:
    configs = tmp_path / "configs"
    configs.write_text(
        '[default]\n  url = "http://localhost:8086"\n  token = "leaktest-i"\n  org = "o"\n  active = true\n'
    )
    assert profile_cli(["import-influx", "--path", str(configs)]) == 1
    assert COMMAND_LINE_EXPECTED in profile_cli.read().err
    assert not profile_store.path.parent.exists()


def test_profile_add_in_a_process_with_the_fail_backend(devserver: DevServer, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    argv = [sys.executable, "-m", "remotes_tui", "profile", "add", "edge", "--host", devserver.url]
    argv += ["--org", devserver.org_name, "--token-stdin"]
    result = subprocess.run(argv, input=devserver.token, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == f"remotes-tui profile: Nothing was saved. {COMMAND_LINE_EXPECTED}\n"
    assert not ProfileStore().path.parent.exists()


def test_influx_token_works_without_touching_the_keyring(
    no_keyring: None, profile_store: ProfileStore
) -> None:
    profile_store.add(Profile(name="edge", url="http://edge:8086", org="plant"))
    profile_store.use("edge")
    lazy = LazyTokenStore()
    resolved = resolve_connection(
        ConnectionRequest(), env={"INFLUX_TOKEN": "env-token"}, profiles=profile_store, tokens=lambda: lazy
    )
    assert resolved.problem is None and resolved.settings is not None
    assert (resolved.settings.url, resolved.settings.token) == ("http://edge:8086", "env-token")
    assert not lazy.is_open


def test_influx_token_never_imports_keyring(profile_store: ProfileStore, tmp_path: Path) -> None:
    """In a fresh process: resolving with INFLUX_TOKEN must not even import `keyring` (start-up cost)."""
    profile_store.add(Profile(name="edge", url="http://edge:8086", org="plant"))
    profile_store.use("edge")
    code = (
        "import os, sys\n"
        "from remotes_tui.profiles.resolve import ConnectionRequest, resolve_connection\n"
        "from remotes_tui.profiles import ProfileStore\n"
        "from remotes_tui.tokens import LazyTokenStore\n"
        "lazy = LazyTokenStore()\n"
        "r = resolve_connection(ConnectionRequest(), env=os.environ, profiles=ProfileStore(), tokens=lambda: lazy)\n"
        "print(r.settings.url, r.problem, 'keyring' in sys.modules)\n"
    )
    env = dict(os.environ, INFLUX_TOKEN="env-token", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["http://edge:8086", "None", "False"], result.stderr


def test_a_profile_without_influx_token_gets_the_sentence_and_a_session_token(
    no_keyring: None, profile_store: ProfileStore
) -> None:
    profile_store.add(Profile(name="edge", url="http://edge:8086", org="plant", read_only=True))
    profile_store.use("edge")
    lazy = LazyTokenStore()
    resolved = resolve_connection(ConnectionRequest(), env={}, profiles=profile_store, tokens=lambda: lazy)
    assert resolved.settings is None
    assert resolved.problem == EXPECTED
    assert resolved.needs_token and resolved.read_only and resolved.profile_name == "edge"
    token = leak_token("session")
    session = resolved.with_session_token(token)
    assert session.settings is not None and session.settings.token == token
    assert session.problem is None
    assert not lazy.persistent
    assert not profile_store.path.read_text().count("leaktest")
