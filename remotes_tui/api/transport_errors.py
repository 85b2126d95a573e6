"""No answer arrived: httpx's exception (and the OS or TLS error under it) as the most specific `TransportError`.

Each sentence names the server, says what failed in words (never the raw `[SSL: …]` text when it is known)
and what to check.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from remotes_tui.api.errors import (
    ApiError,
    ConnectionDroppedError,
    ConnectionFailedError,
    ConnectionRefusedByHostError,
    ConnectTimeoutError,
    HostNotFoundError,
    InvalidResponseError,
    PlainHTTPServerError,
    ReadTimeoutError,
    TLSError,
    TransportError,
)
from remotes_tui.api.settings import ConnectionSettings
from remotes_tui.api.text import shorten

# OpenSSL's words when the other side answered in plain HTTP instead of a TLS handshake.
_PLAIN_HTTP_REASONS = (
    "WRONG_VERSION_NUMBER",
    "RECORD_LAYER_FAILURE",
    "PACKET_LENGTH_TOO_LONG",
    "HTTP_REQUEST",
)
_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "name resolution",
    "no address associated",
)


def transport_error(
    exc: httpx.HTTPError | httpx.InvalidURL, settings: ConnectionSettings, url: str
) -> ApiError:
    """The ApiError for an httpx failure on `url` (never raises): a TransportError, except for a body that
    arrived but could not be decoded (InvalidResponseError)."""
    base = settings.base_url
    if isinstance(exc, httpx.DecodingError):
        return InvalidResponseError(
            f"{base} sent a body that could not be decoded ({detail_of(exc)}). Is this URL an InfluxDB 2.x server?",
            url=url,
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return ConnectTimeoutError(
            f"Connecting to {base} timed out after {settings.connect_timeout:g} s. Check the host and port, and "
            "that no firewall blocks them.",
            url=url,
        )
    if isinstance(exc, httpx.TimeoutException):
        return ReadTimeoutError(
            f"{base} did not answer within {settings.read_timeout:g} s. The server may be overloaded; try "
            "again, or raise the timeout.",
            url=url,
        )
    if isinstance(exc, httpx.ConnectError):
        return _connect_error(exc, settings, url)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError | httpx.CloseError):
        return ConnectionDroppedError(
            f"The connection to {base} was closed before an answer arrived ({detail_of(exc)}). Check the "
            "server is healthy and try again.",
            url=url,
        )
    return ConnectionFailedError(f"Could not talk to {base}: {detail_of(exc)}.", url=url)


def _connect_error(exc: httpx.ConnectError, settings: ConnectionSettings, url: str) -> TransportError:
    causes = cause_chain(exc)
    lowered = " ".join(str(cause) for cause in causes).lower()
    base = settings.base_url
    ssl_errors = [cause for cause in causes if isinstance(cause, ssl.SSLError)]
    if ssl_errors or "certificate" in lowered or "[ssl" in lowered:
        return _tls_error(ssl_errors, lowered, settings, url)
    if any(isinstance(cause, socket.gaierror) for cause in causes) or any(w in lowered for w in _DNS_WORDS):
        return HostNotFoundError(
            f"The host name in {base} could not be resolved. Check the spelling of the host and your DNS.",
            url=url,
        )
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes) or "refused" in lowered:
        return ConnectionRefusedByHostError(
            f"Connection refused by {base}. Check that InfluxDB is running and listening on that host and port.",
            url=url,
        )
    return ConnectionFailedError(
        f"Could not connect to {base} ({detail_of(causes[-1])}). Check the URL and that the server is reachable.",
        url=url,
    )


def _tls_error(
    ssl_errors: list[ssl.SSLError], lowered: str, settings: ConnectionSettings, url: str
) -> TransportError:
    base = settings.base_url
    reasons = {str(error.reason or "").upper() for error in ssl_errors}
    if reasons & set(_PLAIN_HTTP_REASONS) or "wrong version number" in lowered:
        plain = "http://" + base.split("://", 1)[-1]
        return PlainHTTPServerError(
            f"{base} speaks plain HTTP, not HTTPS: use {plain} instead.",
            url=url,
        )
    words = _tls_words(ssl_errors, lowered)
    if isinstance(next(iter(ssl_errors), None), ssl.SSLCertVerificationError) or "certificate" in lowered:
        skip = "" if settings.skip_verify else ", or, only for a test server, use --skip-verify"
        error = TLSError(
            f"The TLS certificate of {base} could not be verified ({words}). Give the CA bundle that signed it "
            f"with --ca-file{skip}.",
            url=url,
        )
        error.certificate = True
    else:
        error = TLSError(
            f"The TLS handshake with {base} failed ({words}). Check that the URL's port serves HTTPS and that the "
            "server accepts TLS 1.2 or newer.",
            url=url,
        )
    error.detail = words
    return error


def _tls_words(ssl_errors: list[ssl.SSLError], lowered: str) -> str:
    """What OpenSSL said, without its `[SSL: CODE]` prefix and source location."""
    for error in ssl_errors:
        if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
            return shorten(str(error.verify_message))
        if error.reason:
            return shorten(str(error.reason).replace("_", " ").lower())
    return "the server closed the connection during the handshake" if "eof" in lowered else "no details"


def cause_chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, innermost last (httpx wraps the OS error)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def detail_of(exc: BaseException) -> str:
    """An exception's text, one short line (its type name when it has none)."""
    return shorten(str(exc).strip() or type(exc).__name__, 160)
