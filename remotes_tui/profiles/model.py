"""`Profile`: one InfluxDB server a user works with (URL, org, TLS options, read-only). Never a token."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator, model_validator

from remotes_tui.api import ConnectionSettings
from remotes_tui.api.fields import CAFile, OrgID, ServerURL, blank_is_none, check_server_url
from remotes_tui.api.validation import field_errors

# The names the influx CLI refuses for a config (`config/config.go`); refused here too so profiles round-trip.
RESERVED_NAMES = frozenset({"-", "list", "update", "set", "delete", "switch", "create"})
MAX_NAME_LENGTH = 64
_LABELS = {
    "name": "Profile name",
    "url": "Server URL",
    "org": "Organization",
    "org_id": "Org ID",
    "ca_file": "CA file",
}

__all__ = ["Profile", "check_profile_name", "check_server_url", "first_error", "profile_errors"]


class Profile(BaseModel):
    """A saved server. Its token lives in the keyring under `profile_key(name)`, never in this model."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    url: ServerURL
    org: Annotated[str | None, BeforeValidator(blank_is_none)] = None
    org_id: Annotated[OrgID | None, BeforeValidator(blank_is_none)] = None
    ca_file: CAFile = None
    skip_verify: bool = False
    read_only: bool = False

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_profile_name(value)

    @model_validator(mode="after")
    def _one_org(self) -> Profile:
        if not self.org and not self.org_id:
            raise ValueError("Give the organization: its name (--org) or its 16-character ID (--org-id).")
        if self.org and self.org_id:
            raise ValueError("Give the organization by name or by ID, not both.")
        return self

    @property
    def org_label(self) -> str:
        """The org as a user typed it: the name, else the ID."""
        return self.org or self.org_id or ""

    def settings(self, token: str) -> ConnectionSettings:
        """Connection settings for this profile with `token` (which is never stored here).

        Raises InvalidSettingsError when they cannot be used (a token that cannot be a header, a CA file that
        is gone).
        """
        return ConnectionSettings(
            url=self.url,
            token=token,
            org=self.org,
            org_id=self.org_id,
            skip_verify=self.skip_verify,
            ca_file=self.ca_file,
        )


def check_profile_name(value: str) -> str:
    """A profile name: not blank, short, printable, and not a word the influx CLI reserves."""
    name = value.strip()
    if not name:
        raise ValueError("Profile name must not be blank: use a short name such as edge-1 or default.")
    if name in RESERVED_NAMES:
        reserved = ", ".join(sorted(RESERVED_NAMES))
        raise ValueError(f"Profile name {name!r} is reserved ({reserved}); choose another name.")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"Profile name is too long ({len(name)} characters); use at most {MAX_NAME_LENGTH}.")
    if not name.isprintable():
        raise ValueError("Profile name must not contain control characters such as tabs or newlines.")
    return name


def _not_a_setting(field: str) -> str:
    if field == "token":
        return "Tokens are never saved in the profiles file; remove this key."
    return f"{field} is not a profile setting."


def profile_errors(error: ValidationError) -> dict[str, str]:
    """{field: one sentence} for a Profile ValidationError; cross-field problems are reported under `org`."""
    return field_errors(error, labels=_LABELS, unknown=_not_a_setting, whole="org")


def first_error(error: ValidationError) -> str:
    """The first problem of a Profile ValidationError, as one sentence."""
    return next(iter(profile_errors(error).values()), "The profile is not valid.")
