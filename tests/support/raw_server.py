"""A loopback HTTP server written with raw sockets, for answers the bundled server will not give (a body dripped
byte by byte, hand-made framing, a connection closed after one answer).

`raw_server(handle)` accepts connections one after another in a thread and calls `handle(connection, stop)` for
each; the connection is closed after it. `stop` is set when the test ends: a handler that loops must watch it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Handler = Callable[[socket.socket, threading.Event], None]


@contextmanager
def raw_server(handle: Handler) -> Iterator[str]:
    """The server's base URL (`http://127.0.0.1:PORT`) while the block runs."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                try:
                    handle(connection, stop)
                except OSError:
                    continue  # the client went away

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
