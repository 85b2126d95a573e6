"""Saved server profiles (TOML in the user's config folder) and the influx CLI importer. No Textual here.

A profile's token is never in the profiles file: it lives in the OS keyring under `profile_key(name)`.
"""

from remotes_tui.profiles.errors import (
    ProfileError,
    ProfileExistsError,
    ProfileFileError,
    ProfileNotFoundError,
)
from remotes_tui.profiles.model import Profile, check_profile_name, check_server_url, profile_errors
from remotes_tui.profiles.store import ProfileStore, default_profiles_path

__all__ = [
    "Profile",
    "ProfileError",
    "ProfileExistsError",
    "ProfileFileError",
    "ProfileNotFoundError",
    "ProfileStore",
    "check_profile_name",
    "check_server_url",
    "default_profiles_path",
    "profile_errors",
]
