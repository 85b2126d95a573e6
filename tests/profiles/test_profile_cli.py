"""`remotes-tui profile ...` against the bundled server and the real Secret Service."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import SERVICE
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.profiles.test_influx_import import TOKENS, write_configs
from tests.support.keyring import ProfileCli


@pytest.mark.usefixtures("real_keyring")
def test_add_list_use_show_remove(
    devserver: DevServer, target_server: DevServer, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    assert profile_cli.add("edge", devserver, token=devserver.token + "\n") == 0
    out = profile_cli.read().out
    assert f"Saved profile 'edge': {devserver.url}, org {devserver.org_name} ({devserver.org_id})" in out
    assert "'edge' is now the active profile." in out
    assert profile_cli.add("central", target_server, "--read-only") == 0
    out = profile_cli.read().out
    assert "now the active profile" not in out
    assert keyring.get_password(SERVICE, "profile:edge") == devserver.token
    assert keyring.get_password(SERVICE, "profile:central") == target_server.token

    assert profile_cli(["list"]) == 0
    lines = profile_cli.read().out.splitlines()
    assert lines[0].split() == ["Active", "Name", "URL", "Org", "Read-only"]
    assert lines[1].split() == ["central", target_server.url, target_server.org_name, "yes"]
    assert lines[2].split() == ["*", "edge", devserver.url, devserver.org_name, "no"]

    assert profile_cli(["use", "central"]) == 0
    assert profile_cli.read().out == f"Active profile: central ({target_server.url}).\n"
    assert profile_store.active_name == "central"

    assert profile_cli(["show", "central"]) == 0
    shown = profile_cli.read().out
    assert "read_only:   yes" in shown and "active:      yes" in shown
    assert "token:       saved in the keyring" in shown
    assert target_server.token not in shown

    assert profile_cli(["remove", "central"]) == 0
    assert profile_cli.read().out == "Removed profile 'central' and its token from the OS keyring.\n"
    assert keyring.get_password(SERVICE, "profile:central") is None
    assert profile_store.names() == ["edge"]
    assert profile_store.active_name is None

    keyring.delete_password(SERVICE, "profile:edge")
    assert profile_cli(["show", "edge"]) == 0
    assert "token:       not saved" in profile_cli.read().out


@pytest.mark.usefixtures("real_keyring")
def test_a_wrong_token_saves_nothing(
    devserver: DevServer, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    assert profile_cli.add("edge", devserver, token="leaktest-wrong\n") == 1
    captured = profile_cli.read()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("remotes-tui profile: Nothing was saved. Could not check the token: ")
    assert "rejected the token" in captured.err
    assert "leaktest-wrong" not in captured.err
    assert not profile_store.path.exists()
    assert keyring.get_password(SERVICE, "profile:edge") is None


@pytest.mark.usefixtures("real_keyring")
def test_a_wrong_org_saves_nothing(
    devserver: DevServer, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    argv = ["add", "edge", "--host", devserver.url, "--org", "nope", "--token-stdin"]
    assert profile_cli(argv, devserver.token) == 1
    assert "No organization named 'nope' is visible to this token" in profile_cli.read().err
    assert not profile_store.path.exists()
    assert keyring.get_password(SERVICE, "profile:edge") is None


def test_the_token_never_comes_from_a_non_terminal_without_token_stdin(
    devserver: DevServer, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    argv = ["add", "edge", "--host", devserver.url, "--org", devserver.org_name]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "remotes_tui.cli.profile_commands.open_token_store", lambda: (KeyringTokenStore(), None)
        )
        assert profile_cli(argv, devserver.token) == 1
    err = profile_cli.read().err
    assert "stdin is not a terminal" in err and "--token-stdin" in err
    assert not profile_store.path.exists()


@pytest.mark.usefixtures("real_keyring")
def test_an_existing_name_needs_force(
    devserver: DevServer, target_server: DevServer, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    assert profile_cli.add("edge", devserver) == 0
    assert profile_cli.add("edge", target_server) == 1
    assert "already exists; choose another name, or replace it with --force" in profile_cli.read().err
    assert profile_store.get("edge").url == devserver.url
    assert profile_cli.add("edge", target_server, "--force") == 0
    assert profile_store.get("edge").url == target_server.url
    assert keyring.get_password(SERVICE, "profile:edge") == target_server.token


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["add", "x", "--host", "ftp://h", "--org", "o", "--token-stdin"],
            "Server URL must start with http://",
        ),
        (["add", "list", "--host", "http://h", "--org", "o"], "is reserved"),
        (
            ["add", "x", "--host", "http://h", "--org", "o", "--org-id", "0a1b2c3d4e5f6789"],
            "not allowed with",
        ),
        (["add", "x", "--org", "o"], "--host"),
        (["use", "nope"], "There is no profile named 'nope'"),
        (["frobnicate"], "invalid choice"),
        (
            ["add", "x", "--host", "http://h", "--org", "o", "--ca-file", "/nonexistent.pem"],
            "CA file /nonexistent.pem does not exist",
        ),
    ],
)
def test_errors_are_one_line_sentences(
    argv: list[str], words: str, profile_store: ProfileStore, profile_cli: ProfileCli
) -> None:
    assert profile_cli(argv) == 1
    err = profile_cli.read().err
    assert err.startswith("remotes-tui profile: ") and err.count("\n") == 1
    assert words in err
    assert "Traceback" not in err
    assert not profile_store.path.exists()


@pytest.mark.usefixtures("real_keyring")
def test_import_influx_prints_what_it_did(
    profile_store: ProfileStore, tmp_path: Path, profile_cli: ProfileCli
) -> None:
    path = write_configs(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert profile_cli(["import-influx", "--path", str(path)]) == 0
    out = profile_cli.read().out.splitlines()
    assert out[0] == f"Imported 2 profiles from {path}: default, edge site."
    assert out[1] == "Skipped 3:"
    assert out[2].startswith("  bad-url: its URL 'localhost:8086' is not usable")
    assert out[3].startswith("  cookie-only: it signs in with a username and password")
    assert out[4].startswith("  no-org: it has no org")
    assert out[5] == "Active profile: default."
    assert out[6] == f"The tokens are in the OS keyring; {path} was not changed."
    assert keyring.get_password(SERVICE, "profile:edge site") == TOKENS["edge"]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert all(token not in "\n".join(out) for token in TOKENS.values())


def test_list_with_no_profiles_says_how_to_add_one(profile_cli: ProfileCli) -> None:
    assert profile_cli(["list"]) == 0
    assert "No profiles yet: add one with `remotes-tui profile add" in profile_cli.read().out


@pytest.mark.usefixtures("real_keyring")
def test_a_failed_remove_keeps_the_token(
    devserver: DevServer,
    profile_store: ProfileStore,
    monkeypatch: pytest.MonkeyPatch,
    profile_cli: ProfileCli,
) -> None:
    assert profile_cli.add("edge", devserver) == 0

    def read_only_disk(source: object, target: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("remotes_tui.profiles.store.os.replace", read_only_disk)
    assert profile_cli(["remove", "edge"]) == 1
    assert "cannot be written (Read-only file system)" in profile_cli.read().err
    assert profile_store.names() == ["edge"]
    assert keyring.get_password(SERVICE, "profile:edge") == devserver.token
