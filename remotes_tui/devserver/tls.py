"""HTTPS for the dev server: the server's TLS context, and each connection's handshake against a deadline.

Accepted sockets are wrapped without a handshake (so a slow client cannot stall the accept loop); the handler
thread then runs the handshake non-blocking with a deadline, like the request deadline in `wire`. A client that
speaks plain HTTP to the TLS port gets Go's answer: `400 Bad Request` "Client sent an HTTP request to an HTTPS
server."
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import ssl
import time

PLAIN_HTTP_ANSWER = b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"


def server_context(cert_file: str, key_file: str) -> ssl.SSLContext:
    """A TLS server context (TLS 1.2+) with the certificate chain and key from PEM files."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_file, key_file)
    return context


def handshake(sock: socket.socket, timeout: float) -> bool:
    """Complete the server side of the handshake within `timeout`; False (and nothing sent) when it fails."""
    if not isinstance(sock, ssl.SSLSocket):
        return True
    deadline = time.monotonic() + timeout
    sock.settimeout(0.0)
    try:
        while True:
            try:
                sock.do_handshake()
                return True
            except ssl.SSLWantReadError:
                readable, writable = [sock], []
            except ssl.SSLWantWriteError:
                readable, writable = [], [sock]
            left = deadline - time.monotonic()
            if left <= 0 or not any(select.select(readable, writable, [], left)):
                return False
    except ssl.SSLError as exc:
        if exc.reason == "HTTP_REQUEST":
            with contextlib.suppress(OSError):
                os.write(sock.fileno(), PLAIN_HTTP_ANSWER)
        return False
    except OSError:
        return False
