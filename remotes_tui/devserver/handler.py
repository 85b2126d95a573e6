"""HTTP/1.1 on the wire: read one request, hand it to the router, write the answer, keep the connection alive.

The order protects the server from what it has not yet authenticated:
1. the request line and headers arrive within a deadline for the whole request (`wire.SocketReader`), within
   size limits; a request with both Content-Length and Transfer-Encoding is refused (400) and the connection
   closed, as smuggling attempts are;
2. `router.preflight` answers from the headers alone when it can: 401 without a valid token, 413 when the
   announced body is larger than the endpoint accepts. The body is then never read: a small one is skipped so
   the connection stays usable, otherwise the connection is closed (after a short linger, so the client can
   read the answer);
3. only then is the body read, within the endpoint's limit and the same deadline, and the request dispatched.

Every answer is written in one call and carries influxd's `X-Influxdb-Build` / `X-Influxdb-Version` headers and
a Content-Length (none on 204, like Go). With REMOTES_TUI_SERVE_LOG=1 each request is logged with every value
escaped (`logsafe`).
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import time
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import unquote

from . import limits
from .logsafe import escape
from .request import Request
from .responses import Response
from .router import dispatch, preflight
from .tls import handshake
from .wire import SocketReader, lingering_close

if TYPE_CHECKING:
    from .httpd import DevHTTPServer

_REASONS = {status.value: status.phrase for status in HTTPStatus}
_date_cache: tuple[int, str] = (0, "")


class BadRequest(Exception):
    """A request the server cannot parse: answered with plain text and the connection closed."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


class BodyTooLarge(Exception):
    """A chunked body grew past the endpoint's limit while it was read."""


@dataclass(slots=True)
class Framing:
    """How the body of a request is delimited: a length, chunks, or nothing at all."""

    length: int = 0
    chunked: bool = False
    expect_continue: bool = False

    @property
    def has_body(self) -> bool:
        return self.chunked or self.length > 0


def http_date() -> str:
    """The Date header value, formatted at most once a second."""
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, formatdate(now, usegmt=True))
    return _date_cache[1]


class Handler(socketserver.BaseRequestHandler):
    """Serves the requests of one connection, one after another (HTTP/1.1 keep-alive)."""

    server: DevHTTPServer
    request: socket.socket

    def setup(self) -> None:
        self.connection = self.request
        self.close_connection = True
        self.linger = False
        self._discard = 0  # bytes of an unread body to skip after the answer
        self._discard_deadline = 0.0
        self.server.track(self.connection)
        self.reader = SocketReader(self.connection)

    def finish(self) -> None:
        try:
            if self.linger:
                lingering_close(self.connection)
        finally:
            self.server.untrack(self.connection)

    def handle(self) -> None:
        context = self.server.tls_context
        if context is not None and not handshake(self.connection, limits.TLS_HANDSHAKE_TIMEOUT):
            return
        self.close_connection = False
        while not self.close_connection:
            self.handle_one_request()

    def handle_one_request(self) -> None:
        self.close_connection = True
        server = self.server
        server.set_idle(self.connection, True)
        ready = self.reader.wait_for_request(server.idle_timeout)
        server.set_idle(self.connection, False)
        if not ready:
            return
        deadline = time.monotonic() + server.request_timeout
        try:
            parsed = self._read_head(deadline)
        except BadRequest as exc:
            self._write_raw(exc.status, exc.text)
            return
        except (OSError, ValueError):  # the deadline passed (RequestTimeout) or the client went away
            return
        if parsed is None:
            return
        req, framing, keep_alive_header = parsed
        started = time.perf_counter()
        response = self._answer(req, framing, deadline)
        if response is None:  # a drop fault, or the client closed before its body arrived
            self._drop()
            return
        self._write_response(response, head_only=req.method == "HEAD", keep_alive_header=keep_alive_header)
        if server.state.log_requests:  # method, path (no query) and status only: never a header or a token
            elapsed = (time.perf_counter() - started) * 1000
            sys.stderr.write(
                f'{escape(self.client_address[0])} "{escape(req.method)} {escape(req.path)}" '
                f"{response.status} {elapsed:.1f}ms\n"
            )

    def _answer(self, req: Request, framing: Framing, deadline: float) -> Response | None:
        """Preflight, then the body, then the route; sets close_connection / linger for an unread body."""
        state = self.server.state
        limit = limits.body_limit(req.path)
        early = preflight(state, req)
        if early is None and framing.length > limit:
            early = limits.too_large(req.path, limit)
        if early is not None:
            self._leave_body_unread(framing, deadline)
            return early
        if framing.expect_continue and framing.has_body:
            self._send(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            body = self._read_body(framing, limit, deadline)
        except BodyTooLarge:
            self.close_connection = self.linger = True
            return limits.too_large(req.path, limit)
        except (OSError, ValueError):
            return None
        if body is None:
            return None
        req.body = body
        return dispatch(state, req)

    def _leave_body_unread(self, framing: Framing, deadline: float) -> None:
        """After an early answer: skip a small announced body to keep the connection, else close it."""
        if not framing.has_body:
            return
        small = not framing.chunked and framing.length <= limits.KEEP_ALIVE_DISCARD
        if small and not framing.expect_continue and not self.close_connection:
            self._discard = framing.length
            self._discard_deadline = deadline
            return
        self.close_connection = self.linger = True

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
        self._send(data if head_only else data + body)
        discard = self._discard
        if discard and not self.close_connection:
            self._discard = 0
            try:
                skipped = self.reader.discard(discard, self._discard_deadline)
            except (OSError, ValueError):
                skipped = False
            if not skipped:
                self.close_connection = True

    def _send(self, data: bytes) -> None:
        try:
            self.connection.settimeout(self.server.request_timeout)
            self.connection.sendall(data)
        except OSError:
            self.close_connection = True

    def _read_head(self, deadline: float) -> tuple[Request, Framing, bool] | None:
        """The request line and headers, or None when the client closed the connection; sets close_connection."""
        reader = self.reader
        line = reader.readline(limits.MAX_REQUEST_LINE, deadline)
        if line in (b"\r\n", b"\n"):  # tolerate one empty line between requests (RFC 9112 2.2)
            line = reader.readline(limits.MAX_REQUEST_LINE, deadline)
        if not line:
            return None
        if len(line) > limits.MAX_REQUEST_LINE:
            raise BadRequest(414, "414 Request URI Too Long")
        parts = line.decode("latin-1").rstrip("\r\n").split(" ")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise BadRequest(400, "400 Bad Request")
        method, target, version = parts
        if version not in ("HTTP/1.1", "HTTP/1.0"):
            raise BadRequest(505, "505 HTTP Version Not Supported")
        headers = self._read_headers(deadline)
        framing = _framing(headers)

        connection = headers.get("connection", "").lower()
        keep_alive_header = False
        if version == "HTTP/1.1":
            self.close_connection = "close" in connection
        else:
            keep_alive_header = "keep-alive" in connection
            self.close_connection = not keep_alive_header

        if target.startswith(("http://", "https://")):  # absolute-form
            slash = target.find("/", target.find("//") + 2)
            target = target[slash:] if slash >= 0 else "/"
        path, _, query = target.partition("?")
        if "%" in path:
            path = unquote(path)
        if len(path) > 1 and path.endswith("/"):  # chi's StripSlashes
            path = path[:-1]
        return Request(method, path, query, headers), framing, keep_alive_header

    def _read_headers(self, deadline: float) -> dict[str, str]:
        headers: dict[str, str] = {}
        total = 0
        for _ in range(limits.MAX_HEADERS + 1):
            line = self.reader.readline(limits.MAX_HEADER_BYTES, deadline)
            if line in (b"\r\n", b"\n", b""):
                return headers
            total += len(line)
            if total > limits.MAX_HEADER_BYTES:
                raise BadRequest(431, "431 Request Header Fields Too Large")
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep or not name or name != name.strip() or name[0] in " \t":
                raise BadRequest(400, "400 Bad Request: malformed header line")
            key, value = name.lower(), value.strip(" \t\r\n")
            if key in headers and key == "content-length" and headers[key] != value:
                raise BadRequest(400, "400 Bad Request: conflicting Content-Length headers")
            headers.setdefault(key, value)
        raise BadRequest(431, "431 Request Header Fields Too Large")

    def _read_body(self, framing: Framing, limit: int, deadline: float) -> bytes | None:
        """The body (None when the client closed the connection before it was complete)."""
        if framing.chunked:
            return self._read_chunked(limit, deadline)
        if not framing.length:
            return b""
        body = self.reader.read(framing.length, deadline)
        return body if len(body) == framing.length else None

    def _read_chunked(self, limit: int, deadline: float) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        reader = self.reader
        while True:
            size_line = reader.readline(limits.MAX_REQUEST_LINE, deadline)
            if not size_line:
                return None
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BadRequest(400, "400 Bad Request: bad chunk size") from None
            if size < 0:
                raise BadRequest(400, "400 Bad Request: bad chunk size")
            if size == 0:
                for _ in range(limits.MAX_HEADERS + 1):  # trailers
                    if reader.readline(limits.MAX_HEADER_BYTES, deadline) in (b"\r\n", b"\n", b""):
                        return b"".join(chunks)
                raise BadRequest(431, "431 Request Header Fields Too Large")
            total += size
            if total > limit:
                raise BodyTooLarge
            chunk = reader.read(size, deadline)
            if len(chunk) < size:
                return None
            chunks.append(chunk)
            reader.readline(limits.MAX_REQUEST_LINE, deadline)  # the CRLF after the chunk

    def _write_raw(self, status: int, text: str) -> None:
        """A plain-text error for an unparsable request (like Go's net/http), then close."""
        body = (text + "\n").encode()
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"{self.server.influx_headers}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        self._send(head.encode("latin-1") + body)
        self.close_connection = self.linger = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def _framing(headers: dict[str, str]) -> Framing:
    """The body's framing from the headers; both Content-Length and Transfer-Encoding is refused (smuggling)."""
    transfer = headers.get("transfer-encoding")
    length_text = headers.get("content-length")
    if transfer is not None and length_text is not None:
        raise BadRequest(400, "400 Bad Request: both Content-Length and Transfer-Encoding")
    expect = headers.get("expect", "").lower() == "100-continue"
    if transfer is not None:
        if transfer.lower() != "chunked":
            raise BadRequest(501, "501 Not Implemented: unsupported transfer encoding")
        return Framing(chunked=True, expect_continue=expect)
    if length_text is None:
        return Framing()
    if not length_text.isdigit() or not length_text.isascii() or len(length_text) > 18:
        raise BadRequest(400, "400 Bad Request: bad Content-Length")
    return Framing(length=int(length_text), expect_continue=expect)
