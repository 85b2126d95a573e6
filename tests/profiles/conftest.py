"""Fixtures for the profile tests; defined in tests/secrets/fixtures.py and shared with tests/profiles."""

from tests.secrets.fixtures import (  # noqa: F401 - pytest finds fixtures by name in conftest
    _no_config_dir_override,
    config_dir,
    no_keyring,
    profile_store,
    real_keyring,
)
