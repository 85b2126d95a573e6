"""Reading a request off a socket against a deadline for the whole request, not a timeout per read.

A socket timeout restarts on every byte, so a client sending one byte a second could hold a connection (and its
thread) forever. `SocketReader` sets the socket's timeout to what is left of the request's deadline before every
`recv`, so headers and body together must arrive in time. Between requests a connection may idle (keep-alive)
for `idle_timeout`; the deadline starts with the first byte of the next request.
"""

from __future__ import annotations

import contextlib
import socket
import time

RECV_SIZE = 65536
LINGER_SECONDS = 0.5  # how long a closing connection keeps draining what the client still sends
LINGER_BYTES = 4 * 1024 * 1024


class RequestTimeout(TimeoutError):
    """The request (headers and body) did not arrive before its deadline."""


class SocketReader:
    """Buffered reads from one connection; every call takes the request's deadline (time.monotonic())."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = bytearray()

    def wait_for_request(self, idle_timeout: float) -> bool:
        """Wait until the next request starts; False when the client closed the connection or stayed idle."""
        if self._buffer:
            return True
        try:
            return self._fill(time.monotonic() + idle_timeout)
        except (TimeoutError, OSError):
            return False

    def readline(self, limit: int, deadline: float) -> bytes:
        """One line with its newline; more than `limit` bytes returns `limit + 1` bytes; b"" at EOF."""
        scanned = 0
        while True:
            end = self._buffer.find(b"\n", scanned)
            if end >= 0 and end < limit:
                return self._take(end + 1)
            if len(self._buffer) > limit:
                return self._take(limit + 1)
            scanned = len(self._buffer)
            if not self._fill(deadline):
                return self._take(len(self._buffer))

    def read(self, size: int, deadline: float) -> bytes:
        """Exactly `size` bytes, or fewer when the client closed the connection first (received in place)."""
        have = min(size, len(self._buffer))
        if have == size:
            return self._take(size)
        out = bytearray(size)
        with memoryview(out) as view:
            view[:have] = self._buffer[:have]
            del self._buffer[:have]
            while have < size:
                received = self._recv_into(view[have:], deadline)
                if not received:
                    break
                have += received
        del out[have:]
        return bytes(out)

    def discard(self, size: int, deadline: float) -> bool:
        """Read and drop `size` bytes (an unread body), keeping no more than one buffer; False when cut short."""
        left = size
        while left > 0:
            if not self._buffer and not self._fill(deadline):
                return False
            taken = min(left, len(self._buffer))
            del self._buffer[:taken]
            left -= taken
        return True

    def _take(self, size: int) -> bytes:
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def _recv_into(self, view: memoryview, deadline: float) -> int:
        self._settimeout(deadline)
        try:
            return self._sock.recv_into(view)
        except TimeoutError:
            raise RequestTimeout("the request did not arrive in time") from None

    def _settimeout(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RequestTimeout("the request did not arrive in time")
        self._sock.settimeout(left)

    def _fill(self, deadline: float) -> bool:
        """One recv into the buffer; False at EOF, RequestTimeout once the deadline has passed."""
        self._settimeout(deadline)
        try:
            data = self._sock.recv(RECV_SIZE)
        except TimeoutError:
            raise RequestTimeout("the request did not arrive in time") from None
        if not data:
            return False
        self._buffer += data
        return True


def lingering_close(sock: socket.socket) -> None:
    """Half-close, then drain briefly what the client is still sending, so it can read our answer.

    Closing a socket with unread data sends a reset, which can destroy the answer before the client reads it
    (the client is typically still sending the body we refused). Like Go's server, stop writing first, then
    read and drop for a short, bounded time.
    """
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
    deadline = time.monotonic() + LINGER_SECONDS
    drained = 0
    with contextlib.suppress(OSError):
        while drained < LINGER_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            sock.settimeout(left)
            data = sock.recv(RECV_SIZE)
            if not data:
                break
            drained += len(data)
