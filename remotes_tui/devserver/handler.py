"""HTTP/1.1 on the wire: read one request, hand it to the router, write the answer, keep the connection alive.

`BaseHTTPRequestHandler` parses headers with the email package and writes status, headers and body in several
system calls; this handler reads the few things the dev server needs itself and writes each answer in one call,
which keeps per-request overhead low. Every answer carries influxd's `X-Influxdb-Build` / `X-Influxdb-Version`
headers and a Content-Length (none on 204, like Go).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .request import Request
from .responses import Response
from .router import dispatch

if TYPE_CHECKING:
    from .server import DevHTTPServer

MAX_LINE = 65536
MAX_HEADERS = 100
MAX_BODY = 64 * 1024 * 1024
IDLE_TIMEOUT = 300.0

_REASONS = {status.value: status.phrase for status in HTTPStatus}
_date_cache: tuple[int, str] = (0, "")


class BadRequest(Exception):
    """A request the server cannot parse: answered with plain text and the connection closed."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def http_date() -> str:
    """The Date header value, formatted at most once a second."""
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return _date_cache[1]


class Handler(BaseHTTPRequestHandler):
    """Serves the requests of one connection, one after another (HTTP/1.1 keep-alive)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    server: DevHTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default access log (see the state's own `log_requests`)."""

    def handle_one_request(self) -> None:
        self.close_connection = True
        try:
            req, keep_alive_header = self._read_request()
        except BadRequest as exc:
            self._write_raw(exc.status, exc.text)
            return
        except (TimeoutError, OSError, ValueError):
            return
        if req is None:
            return
        started = time.perf_counter()
        response = dispatch(self.server.state, req)
        if response is None:  # a drop fault: no answer at all
            self._drop()
            return
        self._write_response(response, head_only=req.method == "HEAD", keep_alive_header=keep_alive_header)
        if (
            self.server.state.log_requests
        ):  # method, path (no query) and status only: never a header or a token
            elapsed = (time.perf_counter() - started) * 1000
            sys.stderr.write(
                f'{self.client_address[0]} "{req.method} {req.path}" {response.status} {elapsed:.1f}ms\n'
            )

    def _write_response(self, response: Response, *, head_only: bool, keep_alive_header: bool) -> None:
        """Status line, headers and body in a single write (one TCP segment for small answers)."""
        status = response.status
        body = response.body
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\n"]
        if response.content_type:
            head.append(f"Content-Type: {response.content_type}\r\n")
        for name, value in response.headers:
            head.append(f"{name}: {value}\r\n")
        head.append(self.server.influx_headers)
        head.append(f"Date: {http_date()}\r\n")
        if status == 204 or status == 304:  # no body and no Content-Length, like Go's net/http
            body = b""
        else:
            head.append(f"Content-Length: {len(body)}\r\n")
        if self.close_connection:
            head.append("Connection: close\r\n")
        elif keep_alive_header:
            head.append("Connection: keep-alive\r\n")
        head.append("\r\n")
        data = "".join(head).encode("latin-1")
        try:
            self.wfile.write(data if head_only else data + body)
        except OSError:
            self.close_connection = True

    def _read_request(self) -> tuple[Request | None, bool]:
        """The next request, or None when the client closed the connection; sets close_connection."""
        rfile = self.rfile
        line = rfile.readline(MAX_LINE + 1)
        if line in (b"\r\n", b"\n"):  # tolerate one empty line between requests (RFC 9112 2.2)
            line = rfile.readline(MAX_LINE + 1)
        if not line:
            return None, False
        if len(line) > MAX_LINE:
            raise BadRequest(414, "414 Request URI Too Long")
        parts = line.decode("latin-1").rstrip("\r\n").split(" ")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise BadRequest(400, "400 Bad Request")
        method, target, version = parts
        if version not in ("HTTP/1.1", "HTTP/1.0"):
            raise BadRequest(505, "505 HTTP Version Not Supported")
        headers = self._read_headers()

        connection = headers.get("connection", "").lower()
        keep_alive_header = False
        if version == "HTTP/1.1":
            self.close_connection = "close" in connection
        else:
            keep_alive_header = "keep-alive" in connection
            self.close_connection = not keep_alive_header

        body = self._read_body(headers)
        if body is None:
            return None, False

        if target.startswith(("http://", "https://")):  # absolute-form
            slash = target.find("/", target.find("//") + 2)
            target = target[slash:] if slash >= 0 else "/"
        path, _, query = target.partition("?")
        if "%" in path:
            path = unquote(path)
        if len(path) > 1 and path.endswith("/"):  # chi's StripSlashes
            path = path[:-1]
        return Request(method, path, query, headers, body), keep_alive_header

    def _read_headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        for _ in range(MAX_HEADERS + 1):
            line = self.rfile.readline(MAX_LINE + 1)
            if line in (b"\r\n", b"\n", b""):
                return headers
            if len(line) > MAX_LINE:
                raise BadRequest(431, "431 Request Header Fields Too Large")
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep or not name or name != name.strip() or name[0] in " \t":
                raise BadRequest(400, "400 Bad Request: malformed header line")
            headers.setdefault(name.lower(), value.strip(" \t\r\n"))
        raise BadRequest(431, "431 Request Header Fields Too Large")

    def _read_body(self, headers: dict[str, str]) -> bytes | None:
        """The request body (always read fully, so the next request on the connection starts in the right place)."""
        transfer = headers.get("transfer-encoding")
        length_text = headers.get("content-length")
        if not transfer and not length_text:
            return b""
        if headers.get("expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if transfer:
            if transfer.lower().rsplit(",", 1)[-1].strip() != "chunked":
                raise BadRequest(501, "501 Not Implemented: unsupported transfer encoding")
            return self._read_chunked()
        assert length_text is not None
        if not length_text.isdigit():
            raise BadRequest(400, "400 Bad Request: bad Content-Length")
        length = int(length_text)
        if length > MAX_BODY:
            raise BadRequest(413, "413 Request Entity Too Large")
        body = self.rfile.read(length) if length else b""
        return body if len(body) == length else None

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(MAX_LINE + 1)
            if not size_line:
                return None
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BadRequest(400, "400 Bad Request: bad chunk size") from None
            if size == 0:
                while self.rfile.readline(MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise BadRequest(413, "413 Request Entity Too Large")
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                return None
            chunks.append(chunk)
            self.rfile.readline(MAX_LINE + 1)  # the CRLF after the chunk

    def _write_raw(self, status: int, text: str) -> None:
        """A plain-text error for an unparsable request (like Go's net/http), then close."""
        body = (text + "\n").encode()
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"{self.server.influx_headers}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        with contextlib.suppress(OSError):
            self.wfile.write(head.encode("latin-1") + body)
        self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
