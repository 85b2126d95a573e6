"""ProfileStore: TOML in the user's config folder, written atomically with mode 0600, never a token."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from remotes_tui.profiles import (
    Profile,
    ProfileExistsError,
    ProfileFileError,
    ProfileNotFoundError,
    ProfileStore,
    default_profiles_path,
)

EDGE = Profile(name="edge-1", url="http://edge-1:8086", org="plant")
STAGING = Profile(name="staging", url="https://staging:8086", org_id="0a1b2c3d4e5f6789", read_only=True)


def test_default_path_is_in_the_xdg_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert default_profiles_path() == tmp_path / "cfg" / "remotes-tui" / "profiles.toml"
    monkeypatch.setenv("REMOTES_TUI_CONFIG_DIR", str(tmp_path / "elsewhere"))
    assert default_profiles_path() == tmp_path / "elsewhere" / "profiles.toml"


def test_reading_creates_nothing(profile_store: ProfileStore, config_dir: Path) -> None:
    assert profile_store.list() == []
    assert profile_store.active() is None
    assert profile_store.active_name is None
    assert not config_dir.exists()


def test_add_use_remove(profile_store: ProfileStore) -> None:
    profile_store.add(EDGE)
    profile_store.add(STAGING)
    assert profile_store.names() == ["edge-1", "staging"]
    assert profile_store.get("staging") == STAGING
    assert profile_store.active() is None
    profile_store.use("staging")
    assert profile_store.active_name == "staging"
    assert ProfileStore(profile_store.path).active() == STAGING  # another process sees the same
    assert profile_store.remove("staging") == STAGING
    assert profile_store.active_name is None
    assert profile_store.names() == ["edge-1"]


def test_adding_an_existing_name_needs_overwrite(profile_store: ProfileStore) -> None:
    profile_store.add(EDGE)
    changed = EDGE.model_copy(update={"url": "http://edge-1b:8086"})
    with pytest.raises(ProfileExistsError, match="already exists"):
        profile_store.add(changed)
    assert profile_store.get("edge-1").url == "http://edge-1:8086"
    profile_store.add(changed, overwrite=True)
    assert profile_store.get("edge-1").url == "http://edge-1b:8086"


def test_unknown_names_list_the_saved_ones(profile_store: ProfileStore) -> None:
    with pytest.raises(ProfileNotFoundError, match="no profile is saved yet"):
        profile_store.get("nope")
    profile_store.add(EDGE)
    profile_store.add(STAGING)
    for call in (profile_store.get, profile_store.use, profile_store.remove):
        with pytest.raises(ProfileNotFoundError) as raised:
            call("nope")
        assert (
            str(raised.value) == "There is no profile named 'nope'; the saved profiles are: edge-1, staging."
        )


def test_the_file_is_private_toml_without_tokens(profile_store: ProfileStore) -> None:
    profile_store.add(EDGE)
    profile_store.add(STAGING)
    profile_store.use("edge-1")
    path = profile_store.path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    data = tomllib.loads(path.read_text())
    assert data["active"] == "edge-1"
    assert data["profiles"]["staging"] == {
        "url": "https://staging:8086",
        "org_id": "0a1b2c3d4e5f6789",
        "skip_verify": False,
        "read_only": True,
    }
    assert "token" not in path.read_text()
    assert sorted(p.name for p in path.parent.iterdir()) == ["profiles.toml"]  # no temp file left


def test_a_failed_write_keeps_the_old_file_and_no_temp_file(
    profile_store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile_store.add(EDGE)
    before = profile_store.path.read_bytes()

    def disk_full(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("remotes_tui.profiles.store.os.replace", disk_full)
    with pytest.raises(ProfileFileError) as raised:
        profile_store.add(STAGING)
    assert "cannot be written (No space left on device)" in str(raised.value)
    assert str(profile_store.path) in str(raised.value)
    assert profile_store.path.read_bytes() == before
    assert sorted(p.name for p in profile_store.path.parent.iterdir()) == ["profiles.toml"]


def test_saving_creates_the_folder(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "a" / "b" / "profiles.toml")
    store.add(EDGE)
    assert store.path.is_file()


def test_a_malformed_file_is_named(profile_store: ProfileStore) -> None:
    profile_store.path.parent.mkdir(parents=True)
    profile_store.path.write_text("[profiles.edge\nurl = 1\n")
    with pytest.raises(ProfileFileError) as raised:
        profile_store.list()
    assert str(profile_store.path) in str(raised.value)
    assert "not valid TOML" in str(raised.value)


def test_an_invalid_profile_in_the_file_is_named(profile_store: ProfileStore) -> None:
    profile_store.path.parent.mkdir(parents=True)
    profile_store.path.write_text('[profiles.edge]\nurl = "ftp://edge"\norg = "o"\n')
    with pytest.raises(ProfileFileError) as raised:
        profile_store.get("edge")
    message = str(raised.value)
    assert str(profile_store.path) in message and "'edge'" in message and "http://" in message


def test_a_hand_written_token_is_refused_not_used(profile_store: ProfileStore) -> None:
    profile_store.path.parent.mkdir(parents=True)
    profile_store.path.write_text(
        '[profiles.edge]\nurl = "http://edge"\norg = "o"\ntoken = "leaktest-file"\n'
    )
    with pytest.raises(ProfileFileError) as raised:
        profile_store.list()
    assert "never saved in the profiles file" in str(raised.value)
    assert "leaktest-file" not in str(raised.value)
