"""One write to a remote InfluxDB, as influxd's replication writer sends it, with Go's texts for what went wrong.

influxd keeps only the scheme and host:port of the remote URL and sends
`POST /api/v2/write?bucket=<name or id>&org=<remote org id or "">` with `Authorization: Token <remote token>`
(left out when empty), its replication User-Agent, and a gzip body with `Content-Encoding: gzip` (an empty
body, for validation, has no encoding). Only a 204 is a success. Failures read like Go's:
`invalid response code 401, must be 204: unauthorized access`, `Post "<url>": dial tcp ...: connection refused`,
`Post "<url>": tls: failed to verify certificate: x509: certificate signed by unknown authority`.

The token never appears in a message (a token Go's transport would refuse to send gives Go's
`net/http: invalid header field value for "Authorization"`), nor does URL userinfo. A `Cancel` lets another thread
cut an attempt short (the replication engine's stop()).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

INVALID_AUTHORIZATION = 'net/http: invalid header field value for "Authorization"'
TIMEOUT_CAUSE = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
MAX_ERROR_BODY = 64 * 1024

# OpenSSL verification codes whose Go (crypto/x509) text is "certificate signed by unknown authority".
_UNKNOWN_AUTHORITY = {18, 19, 20, 21, 27}
_EXPIRED = {9, 10}
_HOSTNAME_MISMATCH = 62


@dataclass(frozen=True)
class WriteResult:
    """The remote's status (0: no HTTP answer at all) and influxd's error text ("" on success)."""

    status: int
    message: str = ""
    retry_after: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 204


class Cancel:
    """Lets another thread abort the attempt in flight by closing its socket."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: http.client.HTTPConnection | None = None
        self.cancelled = False

    def attach(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self._connection = connection

    def detach(self) -> None:
        with self._lock:
            self._connection = None

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            connection = self._connection
        sock = connection.sock if connection is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def post_write(
    remote_url: str,
    token: str,
    remote_org_id: str | None,
    bucket: str,
    body: bytes,
    *,
    insecure: bool,
    version: str,
    timeout: float,
    cancel: Cancel | None = None,
) -> WriteResult:
    """Send `body` (gzip, or empty) to the remote's write endpoint; never raises."""
    try:
        parts = urlsplit(remote_url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError as exc:
        return WriteResult(0, f'host URL "{remote_url}" is invalid: {exc}')
    scheme = parts.scheme.lower()
    host_port = parts.netloc.rpartition("@")[2]  # no userinfo: Go's client sends host:port only
    path = "/api/v2/write?" + urlencode({"bucket": bucket, "org": remote_org_id or ""})
    target = f"{scheme}://{host_port}{path}"
    if scheme not in ("http", "https"):
        return WriteResult(0, f'Post "{target}": unsupported protocol scheme "{parts.scheme}"')
    if token and not valid_header_value(token):  # Go's transport checks headers before it needs a host
        return WriteResult(0, f'Post "{target}": {INVALID_AUTHORIZATION}')
    if not host:
        return WriteResult(0, f'Post "{target}": http: no Host in request URL')
    headers = {
        "User-Agent": f"influxdb-oss-replication/{version}",
        "Content-Type": "text/plain; charset=utf-8",
    }
    if token:
        # http.client encodes values as Latin-1; Go sends a string's UTF-8 bytes as they are.
        headers["Authorization"] = f"Token {token}".encode().decode("latin-1")
    if body:
        headers["Content-Encoding"] = "gzip"
    connection: http.client.HTTPConnection
    if scheme == "https":
        context = ssl.create_default_context()
        if insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    if cancel is not None:
        cancel.attach(connection)
    try:
        connection.connect()
        if cancel is not None and cancel.cancelled:
            return WriteResult(0, f'Post "{target}": context canceled')
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        status, reason = response.status, response.reason
        retry_after = response.getheader("Retry-After")
        data = response.read(MAX_ERROR_BODY) if status != 204 else b""
    except (OSError, http.client.HTTPException) as exc:  # first: a TLS verification error is a ValueError too
        dial = f"{host}:{port or (443 if scheme == 'https' else 80)}"
        return WriteResult(0, f'Post "{target}": {transport_cause(exc, host, dial)}')
    except ValueError:  # http.client's own header check; its message would quote the token, so drop it
        return WriteResult(0, f'Post "{target}": {INVALID_AUTHORIZATION}')
    finally:
        if cancel is not None:
            cancel.detach()
        connection.close()
    if status == 204:
        return WriteResult(204)
    return WriteResult(
        status, f"invalid response code {status}, must be 204: {_message(data, status, reason)}", retry_after
    )


def valid_header_value(value: str) -> bool:
    """Go's httpguts.ValidHeaderFieldValue: no control character other than a horizontal tab."""
    return not any((ord(ch) < 0x20 and ch != "\t") or ch == "\x7f" for ch in value)


def _message(body: bytes, status: int, reason: str) -> str:
    """The influx error message in the body, else Go's `res.Status` text."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("message"), str) and data["message"]:
        return str(data["message"])
    return f"{status} {reason}".strip()


def transport_cause(exc: BaseException, host: str, dial: str) -> str:
    """Go's text for a failure below HTTP (connect, DNS, TLS, timeout, a connection cut short)."""
    if isinstance(exc, ConnectionRefusedError):
        return f"dial tcp {dial}: connect: connection refused"
    if isinstance(exc, socket.gaierror):
        return f"dial tcp: lookup {host}: no such host"
    if isinstance(exc, TimeoutError | socket.timeout):
        return TIMEOUT_CAUSE
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"tls: failed to verify certificate: {_x509(exc, host)}"
    if isinstance(exc, ssl.SSLError):
        if exc.reason == "WRONG_VERSION_NUMBER":
            return "tls: first record does not look like a TLS handshake"
        return f"tls: {exc.reason or exc}"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "EOF"
    if isinstance(exc, ConnectionResetError):
        return "read: connection reset by peer"
    if isinstance(exc, http.client.HTTPException):
        return f"net/http: HTTP/1.x transport connection broken: {exc}"
    if isinstance(exc, ConnectionError):
        return "EOF"
    return str(exc)


def _x509(exc: ssl.SSLCertVerificationError, host: str) -> str:
    code = exc.verify_code
    if code in _UNKNOWN_AUTHORITY:
        return "x509: certificate signed by unknown authority"
    if code in _EXPIRED:
        return "x509: certificate has expired or is not yet valid"
    if code == _HOSTNAME_MISMATCH:
        return f"x509: certificate is not valid for {host}"
    return f"x509: {exc.verify_message}"
