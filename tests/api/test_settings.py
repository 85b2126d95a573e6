"""Validate once: settings are checked when they are made, and every layer judges a value by the same rule."""

from __future__ import annotations

import certifi
import pytest
from pydantic import ValidationError

from remotes_tui.api import (
    ConnectionSettings,
    InfluxClient,
    InvalidInputError,
    InvalidSettingsError,
    creation_request,
)
from remotes_tui.profiles import Profile, ProfileStore, profile_errors
from remotes_tui.profiles.resolve import ConnectionRequest, resolve_connection
from remotes_tui.tokens import MemoryTokenStore

BAD_URLS = [
    "http://[::1",
    "http://a\u2100b:8086",
    "http://a b:8086",
    "http://h:0",
    "http://h:99999",
    "ftp://h",
    "localhost:8086",
    "http://",
    "http://h:8086?x=1",
]


def settings_error(**values: object) -> InvalidSettingsError:
    with pytest.raises(InvalidSettingsError) as raised:
        ConnectionSettings(**values)  # type: ignore[arg-type]
    return raised.value


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_url_is_refused_when_the_settings_are_made(url: str) -> None:
    """`http://[::1` and `http://a℀b:8086` used to raise a bare ValueError from `InfluxClient(...)`."""
    error = settings_error(url=url, token="t")
    assert isinstance(error, InvalidInputError) and isinstance(error, ValueError)
    sentence = error.field_errors["url"]
    assert sentence.startswith("Server URL ") and sentence.endswith(".")
    assert "Invalid IPv6 URL" not in sentence and "NFKC" not in sentence
    assert str(error) == f"Please fix: {sentence}"


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_profile_the_settings_and_resolution_say_the_same(url: str, profile_store: ProfileStore) -> None:
    """One URL checker: a profile, the settings and `--host` give the same sentence for the same URL."""
    in_settings = settings_error(url=url, token="t").field_errors["url"]
    with pytest.raises(ValidationError) as raised:
        Profile(name="edge", url=url, org="o")
    assert profile_errors(raised.value)["url"] == in_settings
    resolved = resolve_connection(
        ConnectionRequest(host=url, org="o"),
        env={"INFLUX_TOKEN": "t"},
        profiles=profile_store,
        tokens=MemoryTokenStore,
    )
    assert resolved.problem == f"--host: {in_settings}"


def test_a_token_in_the_url_is_refused_and_never_shown() -> None:
    error = settings_error(url="http://user:leaktest-in-url@influx:8086", token="t")
    assert "user name or password" in error.field_errors["url"]
    assert "leaktest-in-url" not in str(error)
    in_query = settings_error(url="http://influx:8086/?token=leaktest-in-query", token="t")
    assert in_query.field_errors["url"] == (
        "Server URL must not have a query (?…) or a fragment (#…), for example http://localhost:8086 "
        "(not 'http://influx:8086/')."
    )


def test_each_field_gets_its_own_sentence() -> None:
    error = settings_error(url="ftp://h", token="two words", org_id="xyz", read_timeout=0)
    assert set(error.field_errors) == {"url", "token", "org_id", "read_timeout"}
    assert "two words" not in str(error)
    assert "Org ID 'xyz' is not valid" in error.field_errors["org_id"]


def test_settings_are_frozen_normalised_and_hide_the_token() -> None:
    settings = ConnectionSettings(url=" http://h:8086/ ", token="leaktest-frozen", org_id="0A1B2C3D4E5F6789")
    assert (settings.url, settings.base_url, settings.org_id) == (
        "http://h:8086",
        "http://h:8086",
        "0a1b2c3d4e5f6789",
    )
    with pytest.raises(ValidationError):
        settings.url = "http://other"  # type: ignore[misc]
    assert "leaktest-frozen" not in repr(settings)
    assert "leaktest-frozen" not in str(settings.model_dump())
    assert settings.with_token("other-token").token == "other-token"
    with pytest.raises(InvalidSettingsError):
        settings.with_token("two words")


def test_a_ca_file_is_checked_only_when_it_will_be_used(tmp_path) -> None:
    missing = str(tmp_path / "gone.pem")
    assert ConnectionSettings(url="https://h", ca_file=missing, skip_verify=True).ca_file == missing
    assert "does not exist" in settings_error(url="https://h", ca_file=missing).field_errors["ca_file"]
    not_pem = tmp_path / "not.pem"
    not_pem.write_text("hello")
    assert "cannot be used" in settings_error(url="https://h", ca_file=str(not_pem)).field_errors["ca_file"]
    assert ConnectionSettings(url="https://h", ca_file=certifi.where()).ca_file == certifi.where()


async def test_a_client_on_valid_settings_never_fails_to_build() -> None:
    async with InfluxClient(ConnectionSettings(url="https://[::1]:8086", ca_file=certifi.where())) as client:
        assert client.settings.base_url == "https://[::1]:8086"


@pytest.mark.parametrize(
    ("remote_url", "words"),
    [
        ("http://[::1", "malformed IPv6 address"),
        ("http://a\u2100b:8086", "not allowed in a host name"),
        ("https://user:leaktest-remote@central:8086", "user name or password"),
    ],
)
def test_remote_urls_get_a_sentence_too(remote_url: str, words: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        creation_request(org_id="0123456789abcdef", name="n", remote_url=remote_url, remote_api_token="t")
    sentence = raised.value.field_errors["remote_url"]
    assert sentence.startswith("Remote URL ") and words in sentence
    assert "Invalid IPv6 URL" not in sentence and "leaktest-remote" not in str(raised.value)
