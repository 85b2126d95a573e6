"""Profile errors: `str(error)` is one sentence that says what is wrong and what to do."""

from __future__ import annotations

from collections.abc import Iterable


class ProfileError(Exception):
    """Any problem with saved profiles or with importing them."""


class ProfileNotFoundError(ProfileError):
    """No profile has this name; the message lists the ones that exist."""

    def __init__(self, name: str, existing: Iterable[str]) -> None:
        self.name = name
        names = sorted(existing)
        if names:
            listed = ", ".join(names)
            message = f"There is no profile named {name!r}; the saved profiles are: {listed}."
        else:
            message = (
                f"There is no profile named {name!r}, and no profile is saved yet: add one with "
                "`remotes-tui profile add NAME --host URL --org ORG`."
            )
        super().__init__(message)


class ProfileExistsError(ProfileError):
    """A profile with this name is already saved."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"A profile named {name!r} already exists; choose another name or replace it.")


class ProfileFileError(ProfileError):
    """The profiles file (or an influx CLI configs file) cannot be read or written; names the file."""
