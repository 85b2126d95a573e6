"""One error type for every failure of the service layer, with a sentence a user can act on.

`ApiError` carries the HTTP status, the server's `code` and `message`, and `user_message`. Subclasses give
the real server's quirks their meaning (a duplicate name answered with 500, a delete refused while a
replication uses the remote) and name network failures with the URL and what to check.
"""

from __future__ import annotations

from pydantic import ValidationError


class ApiError(Exception):
    """Any failure talking to InfluxDB. `str(error)` is the user-facing sentence."""

    def __init__(
        self,
        user_message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        server_message: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.status = status
        self.code = code
        self.server_message = server_message
        self.url = url

    def __str__(self) -> str:
        return self.user_message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"server_message={self.server_message!r}, user_message={self.user_message!r})"
        )


class InvalidInputError(ApiError):
    """A request model rejected the input before anything was sent. `field_errors` maps field -> message."""

    def __init__(self, field_errors: dict[str, str]) -> None:
        lines = "; ".join(field_errors.values())
        super().__init__(f"Please fix: {lines}")
        self.field_errors = field_errors


class BadRequestError(ApiError):
    """400: the server rejected the request as malformed."""


class UnauthorizedError(ApiError):
    """401: missing, unknown or inactive token, or a token without the needed permission."""


class ForbiddenError(ApiError):
    """403: the token's user is inactive or forbidden."""


class NotFoundError(ApiError):
    """404: the resource (or the path) does not exist."""


class DuplicateNameError(ApiError):
    """The real server's 500 `UNIQUE constraint failed: remotes.org_id, remotes.name`."""


class RemoteInUseError(ApiError):
    """The real server's 500 `remote-connection cannot be deleted as a replication references it`."""


class ServerError(ApiError):
    """Any other 5xx."""


class InvalidResponseError(ApiError):
    """The server answered, but not with what the contract promises (non-JSON, wrong shape)."""


class ConnectionFailedError(ApiError):
    """The server could not be reached: refused, DNS failure, dropped connection."""


class RequestTimeoutError(ApiError):
    """Connecting or reading took longer than the configured timeout."""


class TLSError(ApiError):
    """The TLS handshake failed, usually certificate verification."""


_FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "org_id": "Org ID",
    "orgID": "Org ID",
    "remote_url": "Remote URL",
    "remoteURL": "Remote URL",
    "remote_api_token": "Remote API token",
    "remoteAPIToken": "Remote API token",
    "remote_org_id": "Remote org ID",
    "remoteOrgID": "Remote org ID",
    "allow_insecure_tls": "Allow insecure TLS",
    "allowInsecureTLS": "Allow insecure TLS",
}

_ALIAS_TO_FIELD = {
    "orgID": "org_id",
    "remoteURL": "remote_url",
    "remoteAPIToken": "remote_api_token",
    "remoteOrgID": "remote_org_id",
    "allowInsecureTLS": "allow_insecure_tls",
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """Map a pydantic ValidationError to {python field name: one sentence}, first error per field.

    Never includes the rejected input value, so a token can never leak into a message.
    """
    result: dict[str, str] = {}
    for item in error.errors(include_input=False, include_url=False):
        loc = item.get("loc") or ("",)
        raw = str(loc[0])
        field = _ALIAS_TO_FIELD.get(raw, raw)
        if field in result:
            continue
        message = str(item.get("msg", "is not valid"))
        if item.get("type") == "missing":
            message = f"{_FIELD_LABELS.get(field, field)} is required."
        elif item.get("type") == "extra_forbidden":
            message = f"{raw} is not a field of this request."
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        else:
            message = f"{_FIELD_LABELS.get(field, field)}: {message}."
        result[field] = message
    return result
