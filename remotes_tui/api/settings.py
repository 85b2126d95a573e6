"""How to reach one InfluxDB server: URL, token, org, TLS options, timeouts and retries.

`ConnectionSettings` is checked when it is made: settings that cannot be used raise `InvalidSettingsError`
(an `InvalidInputError`) with one sentence per field, so a client is never built on a bad URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from remotes_tui.api.fields import CAFile, OrgID, SecretToken, ServerURL, blank_is_none, check_ca_file
from remotes_tui.api.validation import InvalidSettingsError, field_errors

_LABELS = {
    "url": "Server URL",
    "token": "Token",
    "org": "Organization",
    "org_id": "Org ID",
    "ca_file": "CA file",
    "connect_timeout": "Connect timeout",
    "read_timeout": "Read timeout",
    "deadline": "Deadline",
    "attempts": "Attempts",
    "backoff": "Backoff",
}


class ConnectionSettings(BaseModel):
    """Everything the service layer needs to talk to one server. The token never appears in `repr`.

    `read_timeout` bounds each read; `deadline` bounds a whole call, retries included. Idempotent requests are
    tried up to `attempts` times, waiting `backoff` seconds (doubling, with jitter) between tries.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    url: ServerURL
    token: SecretToken = ""
    org: Annotated[str | None, BeforeValidator(blank_is_none)] = None
    org_id: Annotated[OrgID | None, BeforeValidator(blank_is_none)] = None
    skip_verify: bool = False
    ca_file: CAFile = None
    connect_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)
    deadline: float = Field(default=60.0, gt=0)
    attempts: int = Field(default=3, ge=1, le=10)
    backoff: float = Field(default=0.25, ge=0)

    if not TYPE_CHECKING:  # type checkers keep pydantic's field-by-field signature

        def __init__(self, **data: Any) -> None:
            try:
                super().__init__(**data)
            except ValidationError as error:
                raise InvalidSettingsError(field_errors(error, labels=_LABELS)) from None

    @field_validator("ca_file")
    @classmethod
    def _usable_ca_file(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A CA bundle that will be used must load now, not at the first request."""
        if value and not info.data.get("skip_verify"):
            check_ca_file(value)
        return value

    @property
    def base_url(self) -> str:
        """The URL without a trailing slash, as the client's base."""
        return self.url.rstrip("/")

    @property
    def uses_tls(self) -> bool:
        return urlsplit(self.url).scheme.lower() == "https"

    def with_token(self, token: str) -> ConnectionSettings:
        """The same settings with another token, checked like any new settings."""
        return ConnectionSettings(**{**self.model_dump(), "token": token})
