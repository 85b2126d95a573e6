"""Connection resolution: command-line flags, then the influx CLI's variables, then the saved profile."""

from __future__ import annotations

import certifi
import pytest

from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.profiles.resolve import ConnectionRequest, ResolvedConnection, resolve_connection
from remotes_tui.tokens import (
    KeyringUnavailableError,
    LazyTokenStore,
    MemoryTokenStore,
    TokenStore,
    profile_key,
)

CA_BUNDLE = certifi.where()
"""A real PEM bundle: a CA file that will be used must load when the settings are made."""
EDGE = Profile(name="edge", url="http://edge:8086", org="plant", skip_verify=True, ca_file=CA_BUNDLE)
STAGING = Profile(name="staging", url="https://staging:8086", org_id="0a1b2c3d4e5f6789", read_only=True)


class CountingStore(MemoryTokenStore):
    """A memory store that counts how often it was opened (the keyring must not be, when not needed)."""

    opened = 0


def opener(store: CountingStore) -> TokenStore:
    store.opened += 1
    return store


class UnavailableStore:
    """What the keyring store does on a machine with no usable keyring."""

    def get(self, key: str) -> str | None:
        raise KeyringUnavailableError()

    def set(self, key: str, token: str) -> None:
        raise KeyringUnavailableError()

    def delete(self, key: str) -> None:
        raise KeyringUnavailableError()


@pytest.fixture
def tokens() -> CountingStore:
    store = CountingStore()
    store.set(profile_key("edge"), "edge-token")
    store.set(profile_key("staging"), "staging-token")
    return store


@pytest.fixture
def saved(profile_store: ProfileStore) -> ProfileStore:
    profile_store.add(EDGE)
    profile_store.add(STAGING)
    profile_store.use("edge")
    return profile_store


def resolve(
    request: ConnectionRequest, env: dict[str, str], profiles: ProfileStore, tokens: CountingStore
) -> ResolvedConnection:
    return resolve_connection(request, env=env, profiles=profiles, tokens=lambda: opener(tokens))


def test_the_active_profile_with_its_token(saved: ProfileStore, tokens: CountingStore) -> None:
    resolved = resolve(ConnectionRequest(), {}, saved, tokens)
    assert resolved.problem is None and resolved.settings is not None
    settings = resolved.settings
    assert (settings.url, settings.token, settings.org, settings.org_id) == (
        "http://edge:8086",
        "edge-token",
        "plant",
        None,
    )
    assert (settings.skip_verify, settings.ca_file) == (True, CA_BUNDLE)
    assert (resolved.profile_name, resolved.read_only, resolved.needs_first_run) == ("edge", False, False)


def test_a_named_profile_beats_the_active_one(
    saved: ProfileStore, tokens: CountingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_flag = resolve(ConnectionRequest(profile="staging"), {}, saved, tokens)
    by_env = resolve(ConnectionRequest(), {"REMOTES_TUI_PROFILE": "staging"}, saved, tokens)
    for resolved in (by_flag, by_env):
        assert resolved.settings is not None
        assert resolved.settings.token == "staging-token"
        assert resolved.settings.org_id == "0a1b2c3d4e5f6789"
        assert (resolved.profile_name, resolved.read_only) == ("staging", True)
    flag_wins = resolve(ConnectionRequest(profile="edge"), {"REMOTES_TUI_PROFILE": "staging"}, saved, tokens)
    assert flag_wins.profile_name == "edge"


def test_environment_beats_the_profile(saved: ProfileStore, tokens: CountingStore) -> None:
    env = {"INFLUX_ORG": "other-org", "INFLUX_SKIP_VERIFY": "false", "INFLUX_TOKEN": "env-token"}
    resolved = resolve(ConnectionRequest(), env, saved, tokens)
    assert resolved.settings is not None
    assert resolved.settings.url == "http://edge:8086"  # from the profile
    assert (resolved.settings.org, resolved.settings.org_id) == ("other-org", None)
    assert resolved.settings.skip_verify is False
    assert resolved.settings.token == "env-token"
    assert tokens.opened == 0  # INFLUX_TOKEN set: the token store is never opened


def test_flags_beat_the_environment_and_the_profile(saved: ProfileStore, tokens: CountingStore) -> None:
    env = {"INFLUX_ORG": "env-org", "INFLUX_SKIP_VERIFY": "true", "INFLUX_TOKEN": "env-token"}
    request = ConnectionRequest(org_id="1111111111111111", skip_verify=False, ca_file=CA_BUNDLE)
    resolved = resolve(request, env, saved, tokens)
    assert resolved.settings is not None
    assert (resolved.settings.org, resolved.settings.org_id) == (None, "1111111111111111")
    assert resolved.settings.skip_verify is False
    assert resolved.settings.ca_file == CA_BUNDLE


def test_host_from_flags_or_env_without_a_profile(saved: ProfileStore, tokens: CountingStore) -> None:
    env = {"INFLUX_HOST": "http://env-host:8086", "INFLUX_TOKEN": "env-token", "INFLUX_ORG": "o"}
    from_env = resolve(ConnectionRequest(), env, saved, tokens)
    assert from_env.settings is not None and from_env.settings.url == "http://env-host:8086"
    assert from_env.profile_name is None  # a host was given: the active profile is not mixed in
    from_flag = resolve(ConnectionRequest(host="http://flag-host:8086/"), env, saved, tokens)
    assert from_flag.settings is not None and from_flag.settings.url == "http://flag-host:8086"
    assert tokens.opened == 0


def test_a_profiles_token_is_never_sent_to_another_host(saved: ProfileStore, tokens: CountingStore) -> None:
    resolved = resolve(ConnectionRequest(profile="edge", host="http://evil:8086"), {}, saved, tokens)
    assert resolved.settings is None
    assert resolved.problem is not None
    assert "not sent to http://evil:8086 (from --host)" in resolved.problem
    assert tokens.opened == 0


def test_org_and_org_id_flags_together(saved: ProfileStore, tokens: CountingStore) -> None:
    resolved = resolve(ConnectionRequest(org="a", org_id="0a1b2c3d4e5f6789"), {}, saved, tokens)
    assert resolved.settings is None
    assert resolved.problem is not None and "use --org or --org-id, not both" in resolved.problem


def test_both_org_variables_set(saved: ProfileStore, tokens: CountingStore) -> None:
    env = {"INFLUX_ORG": "a", "INFLUX_ORG_ID": "0a1b2c3d4e5f6789"}
    resolved = resolve(ConnectionRequest(), env, saved, tokens)
    assert (
        resolved.problem
        == "INFLUX_ORG and INFLUX_ORG_ID are both set; unset one of them, or pass --org or --org-id."
    )
    assert resolve(ConnectionRequest(org="a"), env, saved, tokens).problem is None  # a flag settles it


def test_a_missing_profile_is_named_with_the_existing_ones(
    saved: ProfileStore, tokens: CountingStore
) -> None:
    resolved = resolve(ConnectionRequest(profile="prod"), {}, saved, tokens)
    assert resolved.settings is None
    assert resolved.problem == "There is no profile named 'prod'; the saved profiles are: edge, staging."


def test_first_run_when_nothing_is_given(profile_store: ProfileStore, tokens: CountingStore) -> None:
    resolved = resolve(ConnectionRequest(), {"UNRELATED": "1"}, profile_store, tokens)
    assert resolved.needs_first_run is True
    assert (resolved.settings, resolved.problem) == (None, None)
    assert tokens.opened == 0


def test_no_first_run_when_any_influx_variable_is_set(
    profile_store: ProfileStore, tokens: CountingStore
) -> None:
    resolved = resolve(ConnectionRequest(), {"INFLUX_TOKEN": "t"}, profile_store, tokens)
    assert resolved.needs_first_run is False
    assert resolved.problem is not None and "No server given" in resolved.problem


def test_profiles_but_none_active(profile_store: ProfileStore, tokens: CountingStore) -> None:
    profile_store.add(EDGE)
    profile_store.add(STAGING)
    resolved = resolve(ConnectionRequest(), {}, profile_store, tokens)
    assert resolved.problem is not None and "No profile is active" in resolved.problem
    assert "edge, staging" in resolved.problem


def test_env_only_connection(profile_store: ProfileStore, tokens: CountingStore) -> None:
    env = {
        "INFLUX_HOST": "https://h:8086",
        "INFLUX_TOKEN": "t",
        "INFLUX_ORG_ID": "0A1B2C3D4E5F6789",
        "INFLUX_SKIP_VERIFY": "1",
    }
    resolved = resolve(ConnectionRequest(), env, profile_store, tokens)
    assert resolved.settings is not None
    assert (resolved.settings.org_id, resolved.settings.skip_verify) == ("0a1b2c3d4e5f6789", True)


@pytest.mark.parametrize(
    ("request_", "env", "words"),
    [
        (
            ConnectionRequest(host="localhost:8086"),
            {"INFLUX_TOKEN": "t", "INFLUX_ORG": "o"},
            "--host: Server URL",
        ),
        (
            ConnectionRequest(),
            {"INFLUX_HOST": "ftp://h", "INFLUX_TOKEN": "t", "INFLUX_ORG": "o"},
            "INFLUX_HOST:",
        ),
        (ConnectionRequest(host="http://h"), {"INFLUX_TOKEN": "t"}, "No organization given"),
        (ConnectionRequest(host="http://h", org="o"), {}, "No token: set INFLUX_TOKEN"),
        (ConnectionRequest(host="http://h", org_id="zz"), {"INFLUX_TOKEN": "t"}, "Org ID 'zz' is not valid"),
        (ConnectionRequest(), {"INFLUX_SKIP_VERIFY": "maybe"}, "INFLUX_SKIP_VERIFY must be true or false"),
    ],
)
def test_each_problem_is_a_sentence(
    request_: ConnectionRequest,
    env: dict[str, str],
    words: str,
    profile_store: ProfileStore,
    tokens: CountingStore,
) -> None:
    resolved = resolve(request_, env, profile_store, tokens)
    assert resolved.settings is None
    assert resolved.problem is not None and words in resolved.problem


def test_no_usable_keyring_offers_a_session_token(saved: ProfileStore) -> None:
    resolved = resolve_connection(ConnectionRequest(), env={}, profiles=saved, tokens=UnavailableStore)
    assert resolved.settings is None
    assert resolved.problem is not None and resolved.problem.startswith("No usable OS keyring")
    assert "INFLUX_TOKEN" in resolved.problem
    assert resolved.needs_token and resolved.profile_name == "edge"
    typed = resolved.with_session_token("session-token")
    assert typed.problem is None and typed.settings is not None
    assert (typed.settings.url, typed.settings.token, typed.settings.org) == (
        "http://edge:8086",
        "session-token",
        "plant",
    )


def test_a_memory_fallback_store_reports_the_keyring_sentence(saved: ProfileStore) -> None:
    lazy = LazyTokenStore(
        lambda: (MemoryTokenStore(), "No usable OS keyring (test), so tokens cannot be saved.")
    )
    resolved = resolve_connection(ConnectionRequest(), env={}, profiles=saved, tokens=lambda: lazy)
    assert resolved.problem == "No usable OS keyring (test), so tokens cannot be saved."
    assert resolved.needs_token


def test_a_profile_without_a_saved_token(saved: ProfileStore) -> None:
    resolved = resolve_connection(ConnectionRequest(), env={}, profiles=saved, tokens=MemoryTokenStore)
    assert resolved.problem is not None and "No token is saved for profile 'edge'" in resolved.problem
    assert resolved.needs_token


def test_no_token_for_a_url_names_the_saved_profile_for_that_server(
    saved: ProfileStore, tokens: CountingStore
) -> None:
    """`--host` never takes a profile's token (it could be another server's); when a saved profile is for that
    very server, the sentence says which flag uses its token."""
    resolved = resolve(ConnectionRequest(host="http://edge:8086/", org="plant"), {}, saved, tokens)
    assert resolved.settings is None and resolved.problem is not None
    assert resolved.problem.startswith("No token: a server given by URL does not use a profile's saved token")
    assert "--profile edge opens the same server with it" in resolved.problem
    assert tokens.opened == 0  # the saved token was not read for a server given by URL
    other = resolve(ConnectionRequest(host="http://elsewhere:8086", org="plant"), {}, saved, tokens)
    assert other.problem is not None and other.problem.startswith("No token: set INFLUX_TOKEN")
