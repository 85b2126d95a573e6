"""`Profile`: one InfluxDB server a user works with (URL, org, TLS options, read-only). Never a token."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from remotes_tui.api import ConnectionSettings
from remotes_tui.api.ids import check_id

# The names the influx CLI refuses for a config (`config/config.go`); refused here too so profiles round-trip.
RESERVED_NAMES = frozenset({"-", "list", "update", "set", "delete", "switch", "create"})
MAX_NAME_LENGTH = 64
URL_EXAMPLE = "http://localhost:8086"


class Profile(BaseModel):
    """A saved server. Its token lives in the keyring under `profile_key(name)`, never in this model."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    url: str
    org: str | None = None
    org_id: str | None = None
    ca_file: str | None = None
    skip_verify: bool = False
    read_only: bool = False

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_profile_name(value)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return check_server_url(value)

    @field_validator("org", "ca_file", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("org_id", mode="before")
    @classmethod
    def _check_org_id(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            return check_id(value, "Org ID")
        return value

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
        """Connection settings for this profile with `token` (which is never stored here)."""
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


def check_server_url(value: str) -> str:
    """An http(s) URL with a host and no credentials, without the trailing slash."""
    url = value.strip()
    if not url:
        raise ValueError(f"Server URL is required, for example {URL_EXAMPLE}.")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"Server URL must start with http:// or https://, for example {URL_EXAMPLE}.")
    if not parts.hostname:
        raise ValueError(f"Server URL must include a host name, for example {URL_EXAMPLE}.")
    if parts.username or parts.password:
        raise ValueError(
            "Server URL must not contain a user name or password: the token is kept in the keyring instead."
        )
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        raise ValueError(f"Server URL has an invalid port, for example {URL_EXAMPLE}.") from None
    if parts.query or parts.fragment:
        raise ValueError(f"Server URL must not have a query or fragment, for example {URL_EXAMPLE}.")
    return url.rstrip("/")


def profile_errors(error: ValidationError) -> dict[str, str]:
    """{field: one sentence} for a Profile ValidationError; cross-field problems are reported under `org`."""
    result: dict[str, str] = {}
    for item in error.errors(include_input=False, include_url=False):
        loc = item.get("loc") or ()
        field = str(loc[0]) if loc else "org"
        message = str(item.get("msg", "is not valid")).removeprefix("Value error, ")
        if item.get("type") == "missing":
            message = f"{field.replace('_', ' ').capitalize()} is required."
        elif item.get("type") == "extra_forbidden":
            message = (
                "Tokens are never saved in the profiles file; remove this key."
                if field == "token"
                else f"{field} is not a profile setting."
            )
        result.setdefault(field, message)
    return result


def first_error(error: ValidationError) -> str:
    """The first problem of a Profile ValidationError, as one sentence."""
    return next(iter(profile_errors(error).values()), "The profile is not valid.")
