"""Profile validation: each bad input gets a sentence that says what is wrong and what to do."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from remotes_tui.profiles import Profile, profile_errors


def errors_of(**fields: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        Profile(**fields)  # type: ignore[arg-type]
    return profile_errors(raised.value)


def test_a_valid_profile_is_normalised() -> None:
    profile = Profile(name=" edge-1 ", url=" https://edge:8086/ ", org="plant", ca_file="")
    assert profile.name == "edge-1"
    assert profile.url == "https://edge:8086"
    assert profile.ca_file is None
    assert (profile.skip_verify, profile.read_only) == (False, False)
    assert profile.org_label == "plant"


def test_org_id_is_checked_and_lower_cased() -> None:
    assert Profile(name="a", url="http://h", org_id="0A1B2C3D4E5F6789").org_id == "0a1b2c3d4e5f6789"
    assert "16 hexadecimal" in errors_of(name="a", url="http://h", org_id="xyz")["org_id"]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"name": "  ", "url": "http://h", "org": "o"}, "name", "must not be blank"),
        ({"name": "list", "url": "http://h", "org": "o"}, "name", "is reserved"),
        ({"name": "a\tb", "url": "http://h", "org": "o"}, "name", "control characters"),
        ({"name": "x" * 65, "url": "http://h", "org": "o"}, "name", "too long"),
        ({"name": "a", "url": "localhost:8086", "org": "o"}, "url", "http:// or https://"),
        ({"name": "a", "url": "ftp://h", "org": "o"}, "url", "http:// or https://"),
        ({"name": "a", "url": "http://", "org": "o"}, "url", "host name"),
        ({"name": "a", "url": "http://u:secret@h", "org": "o"}, "url", "user name or password"),
        ({"name": "a", "url": "http://h:99999", "org": "o"}, "url", "invalid port"),
        ({"name": "a", "url": "http://h"}, "org", "Give the organization"),
        ({"name": "a", "url": "http://h", "org": "o", "org_id": "0a1b2c3d4e5f6789"}, "org", "not both"),
    ],
)
def test_bad_input_is_named_with_what_to_do(fields: dict[str, object], field: str, words: str) -> None:
    errors = errors_of(**fields)
    assert words in errors[field]


def test_a_token_is_not_a_profile_field() -> None:
    errors = errors_of(name="a", url="http://h", org="o", token="leaktest-x")
    assert "never saved" in errors["token"]
    assert all("leaktest-x" not in message for message in errors.values())


def test_settings_carry_the_token_but_never_show_it() -> None:
    profile = Profile(name="a", url="https://h:8086", org="o", skip_verify=True, ca_file="/ca.pem")
    settings = profile.settings("leaktest-settings")
    assert settings.token == "leaktest-settings"
    assert (settings.url, settings.org, settings.skip_verify, settings.ca_file) == (
        "https://h:8086",
        "o",
        True,
        "/ca.pem",
    )
    assert "leaktest-settings" not in repr(settings)
