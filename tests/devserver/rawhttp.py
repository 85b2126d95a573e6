"""Raw-socket helpers for tests that send what a polite HTTP client never would."""

from __future__ import annotations

import socket
import time

UNAUTHORIZED = b'{"code":"unauthorized","message":"unauthorized access"}'


def connect(port: int, timeout: float = 5.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def read_until_closed(sock: socket.socket, limit: float = 10.0) -> bytes:
    """Everything the server sends until it closes the connection (AssertionError after `limit` seconds)."""
    deadline = time.monotonic() + limit
    data = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the server kept the connection open for {limit} s; got {data[:200]!r}")
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        except TimeoutError:
            continue
        if not chunk:
            return data
        data += chunk


def read_answer(sock: socket.socket) -> tuple[bytes, bytes]:
    """One answer with a Content-Length: (head, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"closed before a full answer: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head, body


def split_answer(data: bytes) -> tuple[bytes, bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def trickle_until_closed(sock: socket.socket, byte: bytes, limit: float = 10.0) -> bool:
    """Send `byte` every 50 ms until the server closes the connection: whether it did within `limit` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            sock.sendall(byte)
            sock.settimeout(0.05)
            if sock.recv(1) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False
