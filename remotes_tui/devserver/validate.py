"""Replication validation: the no-op write influxd sends to a remote, and the cause text when it fails.

influxd keeps only the scheme and host:port of the remote URL and sends `POST /api/v2/write?bucket=..&org=..`
with an empty body and `Authorization: Token <remote token>`. Only a 204 passes. Failure causes read like Go's:
`invalid response code 401, must be 204: unauthorized access`, `Post "<url>": dial tcp ...: connection refused`.
The token never appears in a cause: a token Go's transport would refuse to send (a control character) gives Go's
`net/http: invalid header field value for "Authorization"`, which names the header but not the value.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode, urlsplit

TIMEOUT_SECONDS = 10.0
INVALID_AUTHORIZATION = 'net/http: invalid header field value for "Authorization"'


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check_remote(
    remote_url: str,
    token: str,
    remote_org_id: str | None,
    bucket: str,
    *,
    insecure: bool,
    version: str,
    timeout: float = TIMEOUT_SECONDS,
) -> str | None:
    """None when the remote accepted the no-op write (204), else the failure cause."""
    try:
        parts = urlsplit(remote_url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError as exc:
        return f'host URL "{remote_url}" is invalid: {exc}'
    scheme = parts.scheme.lower()
    query = urlencode({"bucket": bucket, "org": remote_org_id or ""})
    target = f"{scheme}://{parts.netloc}/api/v2/write?{query}"
    if scheme not in ("http", "https"):
        return f'Post "{target}": unsupported protocol scheme "{parts.scheme}"'
    if token and not valid_header_value(token):  # Go's transport checks headers before it needs a host
        return f'Post "{target}": {INVALID_AUTHORIZATION}'
    if not host:
        return f'Post "{target}": http: no Host in request URL'
    headers = {
        "User-Agent": f"influxdb-oss-replication/{version}",
        "Content-Type": "text/plain; charset=utf-8",
    }
    if token:
        # http.client encodes values as Latin-1; Go sends a string's UTF-8 bytes as they are.
        headers["Authorization"] = f"Token {token}".encode().decode("latin-1")
    context = ssl.create_default_context()
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context), _NoRedirect()
    )
    # Only http(s) reaches this point (checked above), so S310's file:/custom scheme concern does not apply.
    request = urllib.request.Request(target, data=b"", headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
            body = response.read()
            reason = response.reason
    except urllib.error.HTTPError as exc:
        status, body, reason = exc.code, exc.read(), exc.reason
    except ValueError:  # http.client's own header check; its message would quote the token, so drop it
        return f'Post "{target}": {INVALID_AUTHORIZATION}'
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        dial = f"{host}:{port or (443 if scheme == 'https' else 80)}"
        return f'Post "{target}": {_transport_cause(exc, host, dial)}'
    if status == 204:
        return None
    return f"invalid response code {status}, must be 204: {_message(body, status, reason)}"


def valid_header_value(value: str) -> bool:
    """Go's httpguts.ValidHeaderFieldValue: no control character other than a horizontal tab."""
    return not any((ord(ch) < 0x20 and ch != "\t") or ch == "\x7f" for ch in value)


def _message(body: bytes, status: int, reason: str) -> str:
    """The influx error message in the body, else Go's `res.Status` text."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("message"), str) and data["message"]:
        return str(data["message"])
    return f"{status} {reason}".strip()


def _transport_cause(exc: BaseException, host: str, dial: str) -> str:
    reason: Any = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ConnectionRefusedError):
        return f"dial tcp {dial}: connect: connection refused"
    if isinstance(reason, socket.gaierror):
        return f"dial tcp: lookup {host}: no such host"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"tls: failed to verify certificate: x509: {reason.verify_message}"
    if isinstance(reason, ssl.SSLError):
        return f"tls: {reason.reason or reason}"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "EOF"
    if isinstance(reason, ConnectionResetError):
        return "read: connection reset by peer"
    if isinstance(reason, http.client.HTTPException):
        return f"net/http: HTTP/1.x transport connection broken: {reason}"
    if isinstance(reason, ConnectionError):
        return "EOF"
    return str(reason)
