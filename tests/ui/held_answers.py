"""Hold a server's answers until the test releases them: a loopback TCP relay in front of a `DevServer`.

Requests pass through at once; answers wait while the relay is held. A test can then look at the app while
a request is in flight (the loading state, keys still working) and decide when the answer arrives, instead
of giving the server a latency and hoping the check runs inside that window.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from remotes_tui.devserver import DevServer


class HeldAnswers:
    """`url` reaches `server` through the relay; `hold()` and `release()` stop and let through its answers."""

    def __init__(self, server: DevServer) -> None:
        self._upstream = (server.host, server.port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._open = threading.Event()
        self._open.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self.answers_waiting = 0
        """How many answers are being held right now (a test waits for this, not for time)."""
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="held-answers", daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def close(self) -> None:
        self._closed.set()
        self._open.set()
        for sock in [self._listener, *self._sockets]:
            with suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(self._upstream, timeout=30)
                upstream.settimeout(None)
            except OSError:
                return
            self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, answers: bool) -> None:
        try:
            while data := source.recv(65536):
                if answers and not self._open.is_set():
                    with self._lock:
                        self.answers_waiting += 1
                    self._open.wait(timeout=60)
                    with self._lock:
                        self.answers_waiting -= 1
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def held_answers(server: DevServer) -> Iterator[HeldAnswers]:
    relay = HeldAnswers(server)
    try:
        yield relay
    finally:
        relay.close()
