"""An answer we cannot use, as the most specific `ApiError`: error statuses, influxd's quirks, bodies that are not JSON.

Nothing a server sends reaches a message raw: its text is put on one line and shortened first.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from remotes_tui.api.errors import (
    ApiError,
    BadRequestError,
    ClientStatusError,
    DuplicateNameError,
    EndpointNotFoundError,
    ForbiddenError,
    InvalidResponseError,
    NotFoundError,
    NotInfluxDBError,
    PayloadTooLargeError,
    RemoteInUseError,
    ServerError,
    StatusError,
    TooManyRequestsError,
    UnauthorizedError,
    UnavailableError,
)
from remotes_tui.api.text import SERVER_TEXT_LIMIT, one_line, quoted, shorten

_DUPLICATE = "unique constraint failed: remotes.org_id, remotes.name"
_DUPLICATE_REPLICATION = "unique constraint failed: replications.org_id, replications.name"
_IN_USE = "remote-connection cannot be deleted as a replication references it"
_KEPT_SERVER_TEXT = 2000
_READ_ONLY_METHODS = ("GET", "HEAD")


def decode_json(response: httpx.Response) -> Any:
    """The body as JSON; ValueError when it is not JSON, too deeply nested, or has a number too long to read."""
    try:
        return json.loads(response.content)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except (ValueError, LookupError) as error:
        raise ValueError(type(error).__name__) from None


def not_influxdb(response: httpx.Response, base_url: str) -> NotInfluxDBError | None:
    """The error for a non-JSON answer from a server that does not say it is InfluxDB, else None.

    influxd sends `X-Influxdb-Version` with every answer; a web server or proxy on the wrong port does not.
    """
    if response.headers.get("X-Influxdb-Version"):
        return None
    request = response.request
    return NotInfluxDBError(
        f"{base_url or 'The server'} is not an InfluxDB 2.x server: it answered {request.method} "
        f"{shorten(request.url.path)} with {response.status_code} and no X-Influxdb-Version header. Check the URL "
        "and port (InfluxDB listens on 8086 by default).",
        status=response.status_code,
        url=str(request.url),
    )


def parse_json(response: httpx.Response, base_url: str) -> Any:
    """Decode a JSON body or raise InvalidResponseError (NotInfluxDBError for a stranger) naming the URL."""
    try:
        return decode_json(response)
    except ValueError:
        stranger = not_influxdb(response, base_url)
        if stranger is not None:
            raise stranger from None
        raise InvalidResponseError(
            f"{base_url} answered {response.request.method} {response.request.url.path} with a body that is "
            "not JSON. Is this URL an InfluxDB 2.x server?",
            status=response.status_code,
            url=str(response.request.url),
        ) from None


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The wait a 429 or 503 asks for (`Retry-After`: seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(min(int(value[:9]), 86_400))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    from datetime import UTC, datetime

    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), 86_400.0))


def error_from_response(
    response: httpx.Response,
    *,
    context: str = "",
    base_url: str = "",
    subject: str | None = None,
) -> ApiError:
    """Turn an unexpected response into the most specific ApiError, with a sentence for the user.

    `subject` is the name the request was about, so a duplicate reads "a remote named 'x' already exists".
    """
    status = response.status_code
    code: str | None = None
    message: str | None = None
    try:
        body: object = decode_json(response)
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = body.get("code") if isinstance(body.get("code"), str) else None
        message = body.get("message") if isinstance(body.get("message"), str) else None
    elif response.content and status >= 400:
        message = response.content[:_KEPT_SERVER_TEXT].decode("utf-8", "replace")
    if message is not None:
        message = one_line(message)[:_KEPT_SERVER_TEXT] or None
    if not isinstance(body, dict) and _wrong_server_status(status):
        stranger = not_influxdb(response, base_url)
        if stranger is not None:
            stranger.server_message = message
            return stranger
    error_type, sentence = _classify(response, body, message, base_url, subject)
    prefix = f"{context}: " if context else ""
    error = error_type(
        prefix + sentence, status=status, code=code, server_message=message, url=str(response.request.url)
    )
    if isinstance(error, StatusError):
        error.retry_after = retry_after_seconds(response)
    return error


def _wrong_server_status(status: int) -> bool:
    """Statuses that, without an InfluxDB error body, say "wrong server" rather than "try again" or "log in"."""
    return status == 501 or (400 <= status < 500 and status not in (401, 403, 407, 408, 413, 429))


def _classify(
    response: httpx.Response, body: object, message: str | None, base_url: str, subject: str | None
) -> tuple[type[ApiError], str]:
    """The error type and the user's sentence for one unexpected response."""
    status = response.status_code
    lowered = (message or "").lower()
    named = f"named {quoted(subject)}" if subject else "with this name"
    if _DUPLICATE in lowered:
        return (
            DuplicateNameError,
            f"a remote {named} already exists in this organization. Choose another name.",
        )
    if _DUPLICATE_REPLICATION in lowered:
        return (
            DuplicateNameError,
            f"a replication {named} already exists in this organization. Choose another name.",
        )
    if _IN_USE in lowered:
        return (
            RemoteInUseError,
            "the server refused: one or more replications still use this remote. Delete those replications "
            "first, or delete them together with the remote.",
        )
    detail = shorten(message or response.reason_phrase or "no details", SERVER_TEXT_LIMIT)
    server = base_url or "the server"
    if status < 400:
        return InvalidResponseError, _unexpected_success(response, server)
    if status == 401 and message and "is unauthorized" in message:
        return (
            UnauthorizedError,
            f"this token is not allowed to do that ({detail}). Use a token with write permission on remotes "
            "in this organization.",
        )
    if status == 401:
        return (
            UnauthorizedError,
            f"the server rejected the token ({detail}). Check it is correct and still active.",
        )
    if status == 403:
        return ForbiddenError, f"access forbidden ({detail}). Use a token with the needed permissions."
    if status == 404 and not isinstance(body, dict):
        return (
            EndpointNotFoundError,
            f"{server} has no such endpoint ({shorten(response.request.url.path)}). Is this an InfluxDB OSS 2.x "
            "server (2.2 or newer)?",
        )
    if status == 404:
        return NotFoundError, f"{_sentence(detail)} It may have been deleted; load the list again."
    if status in (400, 422):
        return BadRequestError, f"the server rejected the request: {detail}."
    if status == 413:
        return (
            PayloadTooLargeError,
            f"the request is larger than the server accepts (413: {detail}). Shorten long values such as the "
            "description.",
        )
    if status == 429:
        return (
            TooManyRequestsError,
            f"the server is receiving too many requests (429: {detail}). Wait a moment and try again.",
        )
    if status in (502, 503, 504):
        return (
            UnavailableError,
            f"the server is unavailable right now ({status}: {detail}). Wait a moment and try again.",
        )
    if status >= 500:
        return (
            ServerError,
            f"the server had an internal error ({status}: {detail}). Try again; if it persists, check the "
            "server's log.",
        )
    return ClientStatusError, f"the server refused the request ({status}: {detail})."


def _unexpected_success(response: httpx.Response, server: str) -> str:
    """A 1xx-3xx where another status was expected: never the raw body, and what to check."""
    status = response.status_code
    if 300 <= status < 400:
        location = response.headers.get("Location")
        where = f" to {shorten(location)}" if location else ""
        return (
            f"{server} answered with a redirect ({status}){where}. Use the URL of the InfluxDB server itself."
        )
    if response.request.method in _READ_ONLY_METHODS:
        outcome = "Is this URL an InfluxDB 2.x server?"
    else:
        outcome = "It may or may not have been done: load the list again to see, before trying again."
    return f"{server} gave an unexpected answer ({status}), not what InfluxDB 2.x sends. {outcome}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."
