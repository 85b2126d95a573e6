"""`DevHTTPServer`: the listening socket, the accept loop and the registry of open connections.

- One thread per connection, at most `max_connections` of them: when full, the connection idle the longest
  (between keep-alive requests) is closed to make room; with none idle, the newcomer gets a 503 and is closed.
- When the process runs out of file descriptors (EMFILE/ENFILE), accepting backs off (5 ms doubling to 1 s, as
  Go's server does) and an idle connection is closed, instead of spinning on a listener that stays readable.
- With a TLS context, accepted sockets are wrapped without a handshake; the handler thread does it.
"""

from __future__ import annotations

import contextlib
import errno
import select
import selectors
import socket
import socketserver
import ssl
import sys
import threading
import time
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any

from . import limits
from .state import ServerState

JOIN_TIMEOUT = 1.0  # stop() waits at most this long, in total, for handler threads to end
_OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_FIRST_BACKOFF, _MAX_BACKOFF = 0.005, 1.0


@dataclass
class _Connection:
    thread: threading.Thread | None = None
    idle_since: float | None = None  # waiting for the next keep-alive request since then
    evicted: bool = False


class DevHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server with TCP_NODELAY, a connection cap, idle eviction and optional TLS.

    `handler` serves each connection (the bundled server passes `handler.Handler`, which reads this server's
    `state`, headers and limits): given, not imported, so this module does not depend on its own handler.
    """

    daemon_threads = True
    request_queue_size = 128
    state: ServerState

    def __init__(
        self,
        address: tuple[str, int],
        version: str,
        *,
        handler: type[socketserver.BaseRequestHandler],
        max_connections: int | None = None,
        tls_context: ssl.SSLContext | None = None,
        request_timeout: float = limits.REQUEST_TIMEOUT,
        idle_timeout: float = limits.IDLE_TIMEOUT,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.influx_headers = f"X-Influxdb-Build: OSS\r\nX-Influxdb-Version: {version}\r\n"
        self.max_connections = max_connections or limits.default_max_connections()
        self.tls_context = tls_context
        self.request_timeout = request_timeout
        self.idle_timeout = idle_timeout
        self._connections: dict[socket.socket, _Connection] = {}
        self._connections_lock = threading.Lock()
        self._closing = False
        self._wake_reader, self._wake_writer = socket.socketpair()
        try:
            super().__init__(address, handler)
            self.socket.setblocking(False)  # the selector says when; accept must never block the loop
        except BaseException:
            self._wake_reader.close()
            self._wake_writer.close()
            raise

    def serve_until_stopped(self) -> None:
        """Accept connections until `stop_serving()`; wakes at once, with no polling."""
        backoff = 0.0
        paused_until: float | None = None
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_reader, selectors.EVENT_READ)
            selector.register(self.socket, selectors.EVENT_READ)
            while True:
                timeout = None
                if paused_until is not None:
                    timeout = paused_until - time.monotonic()
                    if timeout <= 0:
                        selector.register(self.socket, selectors.EVENT_READ)
                        paused_until = timeout = None
                for key, _events in selector.select(timeout):
                    if key.fileobj is self._wake_reader:
                        return
                    error = self._accept_one()
                    if error in _OUT_OF_DESCRIPTORS:
                        backoff = min(backoff * 2, _MAX_BACKOFF) if backoff else _FIRST_BACKOFF
                        self.evict_idle()
                        selector.unregister(self.socket)
                        paused_until = time.monotonic() + backoff
                    elif error == 0:
                        backoff = 0.0

    def _accept_one(self) -> int:
        """Accept one connection and start its thread; 0, or the errno accept() failed with."""
        try:
            sock, address = self.socket.accept()
        except (BlockingIOError, InterruptedError):
            return -1
        except OSError as exc:
            return exc.errno or -1
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms delayed-ACK stalls
        if not self._has_room(sock):
            return 0
        if self.tls_context is not None:
            try:
                sock = self.tls_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
            except OSError:
                sock.close()
                return 0
        with self._connections_lock:  # registered before its thread runs, so the cap counts it at once
            self._connections.setdefault(sock, _Connection())
        try:
            self.process_request(sock, address)  # ThreadingMixIn: one thread per connection
        except Exception:
            self._forget(sock)
            self.shutdown_request(sock)
        return 0

    def _has_room(self, sock: socket.socket) -> bool:
        """Room for one more connection (closing the longest-idle one if needed); else refuse it with 503."""
        with self._connections_lock:
            open_now = sum(not c.evicted for c in self._connections.values())
        if open_now < self.max_connections or self.evict_idle():
            return True
        body = b"too many open connections; try again later\n"
        answer = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"{self.influx_headers}Retry-After: 1\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode("latin-1") + body
        with contextlib.suppress(OSError):
            sock.setblocking(False)
            sock.send(answer)
        sock.close()
        return False

    def _forget(self, sock: socket.socket) -> None:
        with self._connections_lock:
            self._connections.pop(sock, None)

    def evict_idle(self) -> bool:
        """Close the connection that has waited longest for its next request; False when none is idle.

        A connection whose next request has already begun to arrive is not idle, even if its handler has not
        read it yet (it marks itself idle just before it looks): closing it would drop a request.
        """
        with self._connections_lock:
            idle = [(c.idle_since, s) for s, c in self._connections.items() if c.idle_since and not c.evicted]
            idle.sort(key=lambda item: item[0])
            victim = next((sock for _since, sock in idle if not _request_pending(sock)), None)
            if victim is None:
                return False
            self._connections[victim].evicted = True
        _shut(victim)
        return True

    def stop_serving(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"x")

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN, which can stall on a bad resolver; skip it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def track(self, connection: socket.socket) -> None:
        """Register a handler thread's connection; once closing, shut it at once so the thread ends."""
        with self._connections_lock:
            entry = self._connections.setdefault(connection, _Connection())
            entry.thread = threading.current_thread()
            closing = self._closing
        if closing:  # accepted just before stop(): do not let it idle
            _shut(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.pop(connection, None)

    def set_idle(self, connection: socket.socket, idle: bool) -> None:
        """Mark a connection as waiting for its next request (it may be closed to make room) or busy."""
        with self._connections_lock:
            entry = self._connections.get(connection)
            if entry is not None:
                entry.idle_since = time.monotonic() if idle else None

    def open_connections(self) -> int:
        with self._connections_lock:
            return len(self._connections)

    def idle_connections(self) -> int:
        """How many connections wait for their next request (closable to make room)."""
        with self._connections_lock:
            return sum(1 for c in self._connections.values() if c.idle_since and not c.evicted)

    def close_connections(self, join_timeout: float = JOIN_TIMEOUT) -> None:
        """Wake every handler thread blocked on a keep-alive connection, then wait (briefly) for them to end.

        Connections registered afterwards are shut as they register (see `track`).
        """
        with self._connections_lock:
            self._closing = True
            tracked = list(self._connections.items())
        for connection, _entry in tracked:
            _shut(connection)
        deadline = time.monotonic() + join_timeout
        for _connection, entry in tracked:
            thread = entry.thread
            if thread is not None and thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection failed: nothing for a network error, else one line naming the exception's type only."""
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, OSError):
            sys.stderr.write(f"devserver: connection error ({type(error).__name__})\n")


def _request_pending(sock: socket.socket) -> bool:
    """Bytes (or the client's close) wait on `sock`: its next request has begun, or it is going away."""
    poller = select.poll()
    try:
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError):  # closed meanwhile
        return False


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
