"""The influx CLI's config flags on `remotes-tui remote`: `-c/--active-config NAME` names a profile (the influx
configs imported with `profile import-influx` keep their names), a config not imported yet is pointed at the
import, and `--configs-path` is refused with what to do instead (the file keeps tokens in plain text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from remotes_tui.devserver import DevServer
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.cli.helpers import RemoteCli
from tests.support.keyring import ProfileCli, leak_token

CONFIG = """[edge-7]
  url = "{url}"
  token = "{token}"
  org = "{org}"
  active = true
"""


def influx_configs(folder: Path, server: DevServer, token: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An influx CLI configs file with one config, `edge-7`, for `server`, where the influx CLI would look."""
    path = folder / "configs"
    path.write_text(CONFIG.format(url=server.url, token=token, org=server.org_name))
    monkeypatch.setenv("INFLUX_CONFIGS_PATH", str(path))
    return path


def test_a_config_not_imported_yet_is_pointed_at_the_import_and_works_after_it(
    real_keyring: KeyringTokenStore,
    devserver: DevServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    remote_cli: RemoteCli,
    profile_cli: ProfileCli,
) -> None:
    path = influx_configs(tmp_path, devserver, devserver.token, monkeypatch)
    assert remote_cli(["list", "-c", "edge-7"]) == 2
    err = remote_cli.read().err
    assert err == (
        "remotes-tui remote list: There is no profile named 'edge-7' here, but the influx CLI's configs file "
        f"({path}) has one: import it once with `remotes-tui profile import-influx` (its token goes to the OS "
        "keyring); it keeps the name 'edge-7'.\n"
    )
    assert devserver.token not in err

    assert profile_cli(["import-influx"]) == 0
    profile_cli.read()
    for flag in ("-c", "--active-config"):
        assert remote_cli(["list", flag, "edge-7", "--json"]) == 0
        assert json.loads(remote_cli.read().out) == []


def test_a_name_that_is_no_influx_config_either_lists_the_profiles(
    devserver: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remote_cli: RemoteCli
) -> None:
    influx_configs(tmp_path, devserver, leak_token("influx"), monkeypatch)
    assert remote_cli(["list", "--active-config", "edge-8"]) == 2
    assert "There is no profile named 'edge-8', and no profile is saved yet" in remote_cli.read().err


def test_configs_path_is_refused_with_what_to_do(tmp_path: Path, remote_cli: RemoteCli) -> None:
    secret_path = str(tmp_path / "configs-of-a-colleague")
    assert remote_cli(["list", "--configs-path", secret_path]) == 2
    err = remote_cli.read().err
    assert err.startswith("remotes-tui remote list: --configs-path is not accepted. ")
    assert "`remotes-tui profile import-influx --path FILE`" in err and "then use -c NAME" in err
    assert secret_path not in err
