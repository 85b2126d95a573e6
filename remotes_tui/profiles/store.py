"""`ProfileStore`: saved profiles in one TOML file in the user's config folder. Never a token.

The file looks like this (written with tomli_w, read with tomllib):

    active = "edge-1"

    [profiles.edge-1]
    url = "https://edge-1.example:8086"
    org = "plant"
    skip_verify = false
    read_only = false

Every method reads the file afresh, so two processes see each other's changes. Writes are atomic (a temp
file in the same folder, then a rename) with mode 0600; the folder is created when saving, never on import
or on read.
"""

from __future__ import annotations

import builtins
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from remotes_tui.profiles.errors import ProfileExistsError, ProfileFileError, ProfileNotFoundError
from remotes_tui.profiles.model import Profile, first_error

CONFIG_DIR_ENV = "REMOTES_TUI_CONFIG_DIR"
FILE_NAME = "profiles.toml"


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
        profiles, _active = self._read()
        return [profiles[name] for name in sorted(profiles)]

    def names(self) -> builtins.list[str]:
        return [profile.name for profile in self.list()]

    def find(self, name: str) -> Profile | None:
        """The profile called `name`, or None."""
        profiles, _active = self._read()
        return profiles.get(name)

    def get(self, name: str) -> Profile:
        """The profile called `name`, or ProfileNotFoundError listing the saved ones."""
        profiles, _active = self._read()
        if name not in profiles:
            raise ProfileNotFoundError(name, profiles)
        return profiles[name]

    @property
    def active_name(self) -> str | None:
        """The name of the active profile, if it is set and still exists."""
        profiles, active = self._read()
        return active if active in profiles else None

    def active(self) -> Profile | None:
        profiles, active = self._read()
        return profiles.get(active) if active else None

    # -- changing -----------------------------------------------------------------------------------------

    def add(self, profile: Profile, *, overwrite: bool = False) -> None:
        """Save `profile`; ProfileExistsError if the name is taken and `overwrite` is false."""
        profiles, active = self._read()
        if profile.name in profiles and not overwrite:
            raise ProfileExistsError(profile.name)
        profiles[profile.name] = profile
        self._write(profiles, active)

    def remove(self, name: str) -> Profile:
        """Delete a profile (and unset it if it was active); returns what was removed."""
        profiles, active = self._read()
        if name not in profiles:
            raise ProfileNotFoundError(name, profiles)
        removed = profiles.pop(name)
        self._write(profiles, None if active == name else active)
        return removed

    def use(self, name: str) -> Profile:
        """Make `name` the active profile."""
        profiles, _active = self._read()
        if name not in profiles:
            raise ProfileNotFoundError(name, profiles)
        self._write(profiles, name)
        return profiles[name]

    # -- the file -----------------------------------------------------------------------------------------

    def _read(self) -> tuple[dict[str, Profile], str | None]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}, None
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

    def _parse(self, data: dict[str, Any]) -> tuple[dict[str, Profile], str | None]:
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
        return profiles, active if isinstance(active, str) else None

    def _write(self, profiles: dict[str, Profile], active: str | None) -> None:
        document: dict[str, Any] = {}
        if active:
            document["active"] = active
        document["profiles"] = {
            name: profiles[name].model_dump(exclude={"name"}, exclude_none=True) for name in sorted(profiles)
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
