"""`ProfileStore`: saved profiles in one TOML file in the user's config folder. Never a token.

The file looks like this (written with tomli_w, read with tomllib):

    active = "edge-1"

    [profiles.edge-1]
    url = "https://edge-1.example:8086"
    org = "plant"
    skip_verify = false
    read_only = false

    [groups.plant-a]
    profiles = ["edge-1", "edge-2"]

A group (a fleet group: `remotes-tui fleet add GROUP PROFILE...`) names profiles; the file keeps the names as
given, so a group may name a profile removed since (the fleet says so when it is opened).

Every method reads the file afresh, so two processes see each other's changes. Writes are atomic (a temp
file in the same folder, then a rename) with mode 0600; the folder is created when saving, never on import
or on read.
"""

from __future__ import annotations

import builtins
import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from remotes_tui.profiles.errors import ProfileExistsError, ProfileFileError, ProfileNotFoundError
from remotes_tui.profiles.model import Profile, first_error

CONFIG_DIR_ENV = "REMOTES_TUI_CONFIG_DIR"
FILE_NAME = "profiles.toml"


@dataclass
class _Saved:
    """Everything in the file: the profiles by name, the active name, and the fleet groups."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    active: str | None = None
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)


def default_profiles_path() -> Path:
    """`$REMOTES_TUI_CONFIG_DIR/profiles.toml`, else the per-user config folder (XDG on Linux)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser() / FILE_NAME
    import platformdirs

    return platformdirs.user_config_path("remotes-tui") / FILE_NAME


class ProfileStore:
    """Read and change the saved profiles. Blocking file I/O: small and fast, but not for the UI loop."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_profiles_path()

    # -- reading ------------------------------------------------------------------------------------------

    def list(self) -> builtins.list[Profile]:
        """Every saved profile, sorted by name."""
        profiles = self._read().profiles
        return [profiles[name] for name in sorted(profiles)]

    def names(self) -> builtins.list[str]:
        return [profile.name for profile in self.list()]

    def find(self, name: str) -> Profile | None:
        """The profile called `name`, or None."""
        return self._read().profiles.get(name)

    def get(self, name: str) -> Profile:
        """The profile called `name`, or ProfileNotFoundError listing the saved ones."""
        profiles = self._read().profiles
        if name not in profiles:
            raise ProfileNotFoundError(name, profiles)
        return profiles[name]

    @property
    def active_name(self) -> str | None:
        """The name of the active profile, if it is set and still exists."""
        saved = self._read()
        return saved.active if saved.active in saved.profiles else None

    def active(self) -> Profile | None:
        saved = self._read()
        return saved.profiles.get(saved.active) if saved.active else None

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Every fleet group: its name -> the profile names it lists (as saved), sorted by name."""
        groups = self._read().groups
        return {name: groups[name] for name in sorted(groups)}

    def profiles_and_groups(self) -> tuple[dict[str, Profile], dict[str, tuple[str, ...]]]:
        """The profiles and the groups from one read of the file (so they agree with each other)."""
        saved = self._read()
        return saved.profiles, saved.groups

    # -- changing -----------------------------------------------------------------------------------------

    def add(self, profile: Profile, *, overwrite: bool = False) -> None:
        """Save `profile`; ProfileExistsError if the name is taken and `overwrite` is false."""
        saved = self._read()
        if profile.name in saved.profiles and not overwrite:
            raise ProfileExistsError(profile.name)
        saved.profiles[profile.name] = profile
        self._write(saved)

    def remove(self, name: str) -> Profile:
        """Delete a profile (and unset it if it was active); returns what was removed.

        Groups that list it keep the name: opening such a group says the profile is gone.
        """
        saved = self._read()
        if name not in saved.profiles:
            raise ProfileNotFoundError(name, saved.profiles)
        removed = saved.profiles.pop(name)
        if saved.active == name:
            saved.active = None
        self._write(saved)
        return removed

    def use(self, name: str) -> Profile:
        """Make `name` the active profile."""
        saved = self._read()
        if name not in saved.profiles:
            raise ProfileNotFoundError(name, saved.profiles)
        saved.active = name
        self._write(saved)
        return saved.profiles[name]

    def save_group(self, name: str, members: builtins.list[str]) -> None:
        """Save (or replace) the fleet group `name` listing `members`; the caller has checked both."""
        saved = self._read()
        saved.groups[name] = tuple(members)
        self._write(saved)

    def remove_group(self, name: str) -> tuple[str, ...] | None:
        """Delete a fleet group; returns the names it listed, or None when there was no such group."""
        saved = self._read()
        removed = saved.groups.pop(name, None)
        if removed is not None:
            self._write(saved)
        return removed

    # -- the file -----------------------------------------------------------------------------------------

    def _read(self) -> _Saved:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _Saved()
        except OSError as error:
            raise ProfileFileError(
                f"The profiles file {self.path} cannot be read ({error.strerror}); check its permissions."
            ) from None
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ProfileFileError(
                f"The profiles file {self.path} is not valid TOML ({error}); fix it or move it away."
            ) from None
        return self._parse(data)

    def _parse(self, data: dict[str, Any]) -> _Saved:
        tables = data.get("profiles", {})
        if not isinstance(tables, dict):
            raise ProfileFileError(f"The profiles file {self.path} has no [profiles.NAME] tables; fix it.")
        profiles: dict[str, Profile] = {}
        for name, table in tables.items():
            if not isinstance(table, dict):
                raise ProfileFileError(f"In the profiles file {self.path}, profiles.{name} is not a table.")
            try:
                profiles[name] = Profile(name=name, **table)
            except (ValidationError, TypeError) as error:
                reason = (
                    first_error(error) if isinstance(error, ValidationError) else "it has a stray 'name' key."
                )
                raise ProfileFileError(
                    f"In the profiles file {self.path}, profile {name!r} is not valid: {reason}"
                ) from None
        active = data.get("active")
        return _Saved(profiles, active if isinstance(active, str) else None, self._parse_groups(data))

    def _parse_groups(self, data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
        tables = data.get("groups", {})
        if not isinstance(tables, dict):
            raise ProfileFileError(
                f"The profiles file {self.path} has a 'groups' that is not a table; fix it."
            )
        groups: dict[str, tuple[str, ...]] = {}
        for name, table in tables.items():
            members = table.get("profiles") if isinstance(table, dict) else None
            if not isinstance(members, list) or not all(isinstance(member, str) for member in members):
                raise ProfileFileError(
                    f'In the profiles file {self.path}, group {name!r} needs profiles = ["NAME", ...]; fix it.'
                )
            groups[name] = tuple(members)
        return groups

    def _write(self, saved: _Saved) -> None:
        profiles = saved.profiles
        document: dict[str, Any] = {}
        if saved.active:
            document["active"] = saved.active
        document["profiles"] = {
            name: profiles[name].model_dump(exclude={"name"}, exclude_none=True) for name in sorted(profiles)
        }
        if saved.groups:
            document["groups"] = {
                name: {"profiles": list(saved.groups[name])} for name in sorted(saved.groups)
            }
        payload = tomli_w.dumps(document).encode("utf-8")
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temp_name = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=folder)
            try:
                os.fchmod(handle, 0o600)
                with os.fdopen(handle, "wb") as temp:
                    temp.write(payload)
                    temp.flush()
                    os.fsync(temp.fileno())
                os.replace(temp_name, self.path)
            except BaseException:
                Path(temp_name).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise ProfileFileError(
                f"The profiles file {self.path} cannot be written ({error.strerror}); check the folder's "
                "permissions and free space."
            ) from None

    def __repr__(self) -> str:
        return f"ProfileStore({str(self.path)!r})"
