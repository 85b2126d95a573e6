"""`remotes-tui remote test ID` over real HTTP: the bundled server is both the edge and the remote it points at."""

from __future__ import annotations

import json

import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.cli.helpers import RemoteCli
from tests.support.keyring import leak_token


def create_self_remote(remote_cli: RemoteCli, server: DevServer, token: str) -> str:
    """A remote that points at `server` itself (its org), created with `token` (kept in the keyring); its ID."""
    argv = [
        "create",
        "--name",
        "self",
        "--remote-url",
        server.url,
        "--remote-org-id",
        server.org_id,
        "--json",
    ]
    assert remote_cli([*argv, "--remote-api-token-stdin"], token + "\n") == 0
    return str(json.loads(remote_cli.read().out)["id"])


def test_the_saved_token_passes_every_step_and_json_parses_back(
    real_keyring: KeyringTokenStore, devserver: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    remote_id = create_self_remote(remote_cli, devserver, devserver.token)

    assert remote_cli(["test", remote_id]) == 0
    out = remote_cli.read().out
    assert out.startswith(f"Testing remote self ({remote_id}) at {devserver.url}\n")
    assert "  passed   URL answers" in out and "  passed   Token is valid" in out
    assert out.rstrip().splitlines()[-1].startswith("All ")
    assert devserver.token not in out

    assert remote_cli(["test", "--id", remote_id, "--json"]) == 0
    document = json.loads(remote_cli.read().out)
    assert document["passed"] is True and document["id"] == remote_id
    assert [step["key"] for step in document["steps"]][:3] == ["url", "token", "org"]
    assert {step["outcome"] for step in document["steps"]} <= {"passed", "warning", "skipped"}


def test_a_wrong_token_fails_with_exit_code_1_and_never_shows_it(
    real_keyring: KeyringTokenStore, devserver: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    wrong = leak_token("remote-test")
    remote_id = create_self_remote(remote_cli, devserver, wrong)
    assert remote_cli(["test", remote_id]) == 1
    captured = remote_cli.read()
    assert "  failed   Token is valid" in captured.out
    assert "checks failed" in captured.out
    assert wrong not in captured.out + captured.err

    # A token given for this run wins over the saved one.
    assert remote_cli(["test", remote_id, "--remote-api-token-stdin"], devserver.token) == 0
    remote_cli.read()


def test_an_unknown_id_is_exit_code_3(devserver: DevServer, remote_cli: RemoteCli) -> None:
    remote_cli.use(devserver)
    assert remote_cli(["test", "0a1b2c3d4e5f6789"]) == 3
    err = remote_cli.read().err
    assert err.startswith("remotes-tui remote test: ") and "not found" in err and err.count("\n") == 1


def test_no_saved_token_off_a_terminal_is_a_usage_error(
    devserver: DevServer, monkeypatch: pytest.MonkeyPatch, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    monkeypatch.setenv("REMOTES_TUI_REMOTE_API_TOKEN", devserver.token)  # only to create it
    argv = ["create", "--name", "bare", "--remote-url", devserver.url, "--remote-org-id", devserver.org_id]
    monkeypatch.setattr("remotes_tui.cli.connection._open_keyring", _memory_keyring)
    assert remote_cli([*argv, "--json"]) == 0
    remote_id = json.loads(remote_cli.read().out)["id"]
    monkeypatch.delenv("REMOTES_TUI_REMOTE_API_TOKEN")
    assert remote_cli(["test", remote_id]) == 2
    err = remote_cli.read().err
    assert f"No API token is saved for remote {remote_id}" in err and err.count("\n") == 1


def _memory_keyring() -> tuple[object, str | None]:
    from remotes_tui.tokens import MemoryTokenStore

    return MemoryTokenStore(), "no keyring in this test"
