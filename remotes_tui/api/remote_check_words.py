"""The sentences of the remote connection test: each failure said plainly, with what to do about the *remote*.

The service layer's own messages speak of this app's server and its flags (`--ca-file`, `--skip-verify`); a
remote is fixed in its form instead (its URL, token, org ID, Allow insecure TLS), so these words say that. Every
sentence notes where a network fact was seen ("from this machine"): the edge server may see the remote
differently.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from remotes_tui.api.errors import (
    ApiError,
    ConnectionDroppedError,
    ConnectionRefusedByHostError,
    ConnectTimeoutError,
    DeadlineExceededError,
    ForbiddenError,
    HostNotFoundError,
    NotFoundError,
    PlainHTTPServerError,
    ReadTimeoutError,
    StatusError,
    TLSError,
    TransportError,
    UnauthorizedError,
)
from remotes_tui.api.text import SERVER_TEXT_LIMIT, quoted, shorten

_VALIDATION_PREFIX = "replication failed validation: "
_SEEN_HERE = "(seen from this machine)"


def too_slow(origin: str, deadline: float) -> str:
    """The test's own deadline ran out while waiting for `origin`."""
    return (
        f"{origin} did not answer within the test's {deadline:g} s limit {_SEEN_HERE}. The server or the network "
        "is very slow, or a firewall swallows the request: check the host and port."
    )


def unreachable(error: ApiError, origin: str, deadline: float) -> str:
    """Why no usable answer came from the remote, and what to change."""
    if isinstance(error, ConnectionRefusedByHostError):
        return (
            f"Connection refused by {origin} {_SEEN_HERE}: nothing listens on that port. Check the port in the "
            "URL and that InfluxDB runs there."
        )
    if isinstance(error, HostNotFoundError):
        host = urlsplit(origin).hostname or origin
        return (
            f"The host name {host} does not resolve {_SEEN_HERE}. Check its spelling; if only the edge server's "
            "network knows this name, this machine cannot reach it, but the edge server's own check can."
        )
    if isinstance(error, PlainHTTPServerError):
        plain = "http://" + origin.split("://", 1)[-1]
        return f"{origin} speaks plain HTTP, not HTTPS: change the URL to {plain}."
    if isinstance(error, TLSError) and error.certificate:
        return (
            f"The TLS certificate of {origin} is not trusted {_SEEN_HERE}: {error.detail or 'no details'}. For a "
            "self-signed certificate, turn on Allow insecure TLS (the edge server then skips verification too); "
            "better, give the remote a certificate from a CA the edge server trusts."
        )
    if isinstance(error, TLSError):
        return (
            f"The TLS handshake with {origin} failed ({error.detail or 'no details'}). Check that the port serves "
            "HTTPS, or use http:// if it does not."
        )
    if isinstance(error, ConnectTimeoutError):
        return (
            f"Connecting to {origin} timed out {_SEEN_HERE}. Check the host and port, and that no firewall drops "
            "the connection."
        )
    if isinstance(error, ReadTimeoutError | DeadlineExceededError):
        return too_slow(origin, deadline)
    if isinstance(error, ConnectionDroppedError):
        return (
            f"{origin} closed the connection before answering. Check that the URL's port is InfluxDB's, not a "
            "proxy or another service."
        )
    return error.user_message


def token_refused(error: ApiError) -> str:
    """The remote does not know the token (401 `unauthorized access`)."""
    said = shorten(error.server_message or "unauthorized", SERVER_TEXT_LIMIT)
    return (
        f"The remote refused the token ({error.status or 401}: {said}): it is wrong, deleted or inactive there. "
        "Use a valid token with write access on the remote bucket."
    )


def is_permission_refusal(error: ApiError) -> bool:
    """A known token without the permission (influxd's `read:… is unauthorized`, or a 403), not a bad token."""
    if isinstance(error, ForbiddenError):
        return True
    return isinstance(error, UnauthorizedError) and "is unauthorized" in (error.server_message or "")


def org_not_visible(org_id: str) -> str:
    return (
        f"No org with ID {org_id} is visible to this token on the remote. Check the remote org ID (`influx org "
        "list` on the remote shows it), and that the token belongs to that org."
    )


def write_refused(error: ApiError, bucket: str, org_id: str | None, origin: str, deadline: float) -> str:
    """Why the remote would not take a write to `bucket`, and what to change."""
    if isinstance(error, TransportError):
        return unreachable(error, origin, deadline)
    said = shorten(error.server_message or "", SERVER_TEXT_LIMIT)
    if isinstance(error, UnauthorizedError):
        return token_refused(error)
    if isinstance(error, ForbiddenError):
        return (
            f"The token may not write to bucket {quoted(bucket)} ({said or error.status}): give it write "
            "permission on that bucket."
        )
    if isinstance(error, NotFoundError) and "bucket" in said:
        return (
            f"The remote has no bucket {quoted(bucket)} in that org: create it there, or point the replication "
            "at a bucket that exists."
        )
    if isinstance(error, NotFoundError) and org_id:
        return org_not_visible(org_id)
    if isinstance(error, StatusError) and said:
        return f"The remote refused the write ({error.status}: {said})."
    return error.user_message


def edge_validation_failed(error: ApiError) -> str:
    """The edge server's own check failed: its cause, without influxd's prefix."""
    if isinstance(error, NotFoundError):
        return "The replication no longer exists on the edge server; load the list again."
    if not isinstance(error, StatusError) or not error.server_message or error.status != 400:
        return error.user_message
    cause = error.server_message.removeprefix(_VALIDATION_PREFIX)
    return (
        f"The edge server's own check failed: {shorten(cause, SERVER_TEXT_LIMIT)}. It reaches the remote from "
        "its own network, with its own certificates, which may differ from this machine's."
    )
