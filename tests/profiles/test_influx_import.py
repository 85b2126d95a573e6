"""Import the influx CLI's configs file: tokens to the keyring, the active one active, the file unchanged."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from remotes_tui.profiles import ProfileFileError, ProfileStore
from remotes_tui.profiles.influx_import import default_influx_configs_path, import_influx_configs
from remotes_tui.tokens import SERVICE, MemoryTokenStore, profile_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore

# Written the way influx-cli v2.7 writes it (BurntSushi/toml: sorted tables, two-space keys, the sample block).
INFLUX_CONFIGS = "\n".join(
    [
        "[bad-url]",
        '  url = "localhost:8086"',
        '  token = "{bad}"',
        '  org = "my-org"',
        "",
        "[cookie-only]",
        '  url = "http://localhost:8086"',
        '  org = "my-org"',
        '  cookie = "dXNlcjpwYXNzd29yZA=="',
        "",
        "[default]",
        '  url = "http://localhost:8086"',
        '  token = "{default}"',
        '  org = "my-org"',
        "  active = true",
        "",
        '["edge site"]',
        '  url = "https://edge.example:8086/"',
        '  token = "{edge}"',
        '  org = "plant"',
        "  previous = true",
        "",
        "[no-org]",
        '  url = "http://localhost:8086"',
        '  token = "{noorg}"',
        '  org = ""',
        "# ",
        "# [eu-central]",
        '#   url = "https://eu-central-1-1.aws.cloud2.influxdata.com"',
        '#   token = "XXX"',
        '#   org = ""',
        "# ",
        "# [us-central]",
        '#   url = "https://us-central1-1.gcp.cloud2.influxdata.com"',
        '#   token = "XXX"',
        '#   org = ""',
        "# ",
        "# [us-west]",
        '#   url = "https://us-west-2-1.aws.cloud2.influxdata.com"',
        '#   token = "XXX"',
        '#   org = ""',
        "",
    ]
)

TOKENS = {
    "bad": "leaktest-influx-bad",
    "default": "leaktest-influx-default",
    "edge": "leaktest-influx-edge",
    "noorg": "leaktest-influx-noorg",
}


def write_configs(folder: Path) -> Path:
    path = folder / ".influxdbv2" / "configs"
    path.parent.mkdir(parents=True)
    path.write_text(INFLUX_CONFIGS.format(**TOKENS))
    path.chmod(0o600)
    return path


def test_import_into_the_real_keyring(
    real_keyring: KeyringTokenStore, profile_store: ProfileStore, tmp_path: Path
) -> None:
    path = write_configs(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)

    report = import_influx_configs(path, store=profile_store, tokens=real_keyring)

    assert report.imported == ["default", "edge site"]
    assert report.active == "default"
    skipped = dict(report.skipped)
    assert sorted(skipped) == ["bad-url", "cookie-only", "no-org"]
    assert "its URL 'localhost:8086' is not usable" in skipped["bad-url"]
    assert "http:// or https://" in skipped["bad-url"]
    assert "cookie" in skipped["cookie-only"] and "remotes-tui profile add" in skipped["cookie-only"]
    assert "no org" in skipped["no-org"]
    # Every imported token is in the keyring, read back by another client of it.
    assert keyring.get_password(SERVICE, "profile:default") == TOKENS["default"]
    assert keyring.get_password(SERVICE, "profile:edge site") == TOKENS["edge"]
    assert keyring.get_password(SERVICE, "profile:bad-url") is None
    assert keyring.get_password(SERVICE, "profile:no-org") is None
    # The profiles, the active one, and no token in our file.
    assert profile_store.active_name == "default"
    edge = profile_store.get("edge site")
    assert (edge.url, edge.org) == ("https://edge.example:8086", "plant")
    text = profile_store.path.read_text()
    assert all(token not in text for token in TOKENS.values())
    # The influx file is untouched.
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_existing_names_are_skipped_unless_overwrite(profile_store: ProfileStore, tmp_path: Path) -> None:
    path = write_configs(tmp_path)
    tokens = MemoryTokenStore()
    import_influx_configs(path, store=profile_store, tokens=tokens)
    profile_store.use("edge site")
    tokens.set(profile_key("default"), "kept-token")

    again = import_influx_configs(path, store=profile_store, tokens=tokens)
    assert again.imported == []
    assert (
        dict(again.skipped)["default"]
        == "a profile with this name already exists here (use --overwrite to replace it)."
    )
    assert again.active is None
    assert profile_store.active_name == "edge site"  # nothing imported, so the active one is unchanged
    assert tokens.get(profile_key("default")) == "kept-token"

    replaced = import_influx_configs(path, store=profile_store, tokens=tokens, overwrite=True)
    assert replaced.imported == ["default", "edge site"]
    assert tokens.get(profile_key("default")) == TOKENS["default"]
    assert profile_store.active_name == "default"


def test_default_path_and_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_influx_configs_path() == tmp_path / ".influxdbv2" / "configs"
    monkeypatch.setenv("INFLUX_CONFIGS_PATH", str(tmp_path / "custom"))
    assert default_influx_configs_path() == tmp_path / "custom"


def test_reads_the_default_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, profile_store: ProfileStore
) -> None:
    path = write_configs(tmp_path)
    monkeypatch.setenv("INFLUX_CONFIGS_PATH", str(path))
    report = import_influx_configs(None, store=profile_store, tokens=MemoryTokenStore())
    assert report.source == path and report.imported == ["default", "edge site"]


def test_a_missing_or_malformed_file_is_named(tmp_path: Path, profile_store: ProfileStore) -> None:
    with pytest.raises(ProfileFileError, match=r"There is no influx CLI configs file at .*nope"):
        import_influx_configs(tmp_path / "nope", store=profile_store, tokens=MemoryTokenStore())
    broken = tmp_path / "configs"
    broken.write_text('[default\n  url = "x"\n')
    with pytest.raises(ProfileFileError, match="is not valid TOML"):
        import_influx_configs(broken, store=profile_store, tokens=MemoryTokenStore())
    assert not profile_store.path.exists()


def test_credentials_in_a_url_are_never_echoed(tmp_path: Path, profile_store: ProfileStore) -> None:
    path = tmp_path / "configs"
    path.write_text('[x]\n  url = "http://user:s3cret@h:8086"\n  token = "t"\n  org = "o"\n')
    report = import_influx_configs(path, store=profile_store, tokens=MemoryTokenStore())
    reason = dict(report.skipped)["x"]
    assert "s3cret" not in reason and "user name or password" in reason
