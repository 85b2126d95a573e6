"""`DevServer`: an InfluxDB-OSS-compatible HTTP server on a background thread, for demos and tests.

`start()` opens the database, sets up the tenant, binds and returns once the socket listens; `stop()` shuts the
listener, closes every open keep-alive connection (also one accepted just before, as it registers), waits up to
JOIN_TIMEOUT for the handler threads, and closes the database. Usable as a context manager.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import socketserver
import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any

from .auth import Principal
from .bootstrap import bootstrap
from .cache import ResponseCache
from .faults import FaultConfig
from .handler import Handler
from .ids import IdSource
from .seed import DemoTarget, seed_demo
from .state import ServerState
from .store import Store

DEFAULT_VERSION = "2.7.12"
JOIN_TIMEOUT = 1.0  # stop() waits at most this long, in total, for handler threads to end


class DevHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server with TCP_NODELAY on every connection and a registry of open connections."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: ServerState) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.state = state
        self.influx_headers = f"X-Influxdb-Build: OSS\r\nX-Influxdb-Version: {state.version}\r\n"
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._connections_lock = threading.Lock()
        self._closing = False
        self._wake_reader, self._wake_writer = socket.socketpair()
        try:
            super().__init__(address, Handler)
        except BaseException:
            self._wake_reader.close()
            self._wake_writer.close()
            raise

    def serve_until_stopped(self) -> None:
        """Accept connections until `stop_serving()`; unlike serve_forever it wakes at once, with no polling."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while True:
                for key, _events in selector.select():
                    if key.fileobj is self._wake_reader:
                        return
                    self._accept_one()

    def _accept_one(self) -> None:
        try:
            request, address = self.get_request()
        except OSError:
            return
        try:
            self.process_request(request, address)  # ThreadingMixIn: one thread per connection
        except Exception:
            self.handle_error(request, address)
            self.shutdown_request(request)

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

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms delayed-ACK stalls
        return sock, address

    def track(self, connection: socket.socket) -> None:
        """Register a handler thread's connection; once closing, shut it at once so the thread ends."""
        with self._connections_lock:
            self._connections[connection] = threading.current_thread()
            closing = self._closing
        if closing:  # accepted just before stop(): do not let it idle for IDLE_TIMEOUT
            _shut(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.pop(connection, None)

    def close_connections(self, join_timeout: float = JOIN_TIMEOUT) -> None:
        """Wake every handler thread blocked on a keep-alive connection, then wait (briefly) for them to end.

        Connections registered afterwards are shut as they register (see `track`).
        """
        with self._connections_lock:
            self._closing = True
            tracked = list(self._connections.items())
        for connection, _thread in tracked:
            _shut(connection)
        deadline = time.monotonic() + join_timeout
        for _connection, thread in tracked:
            if thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


class DevServer:
    """An InfluxDB OSS v2 look-alike for the remotes and replications APIs (see the package docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        org: str = "demo-org",
        bucket: str = "demo-bucket",
        db_path: str | os.PathLike[str] | None = None,
        read_only_token: str | None = None,
        seed_demo: bool = False,
        demo_target: DemoTarget | None = None,
        faults: FaultConfig | None = None,
        version: str = DEFAULT_VERSION,
        id_seed: int | None = None,
    ) -> None:
        if token is not None and token == read_only_token:
            raise ValueError("the read-only token must differ from the operator token")
        if not version.isascii() or not version.isprintable():
            raise ValueError("version must be printable ASCII")
        self.host = host
        self.port = port
        self.org_name = org
        self.bucket_name = bucket
        self.db_path = None if db_path is None else os.fspath(db_path)
        self.read_only_token = read_only_token
        self.seed_demo = seed_demo
        self.demo_target = demo_target
        self.version = version
        self.id_seed = id_seed
        self._faults = faults if faults is not None else FaultConfig()
        self._given_token = token
        self.token: str = token or ""
        self.token_source = "given" if token else ""
        self.org_id = ""
        self.bucket_id = ""
        self.user_id = ""
        self._state: ServerState | None = None
        self._httpd: DevHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def faults(self) -> FaultConfig:
        """The live fault settings: change a field and the next request sees it."""
        return self._faults

    @faults.setter
    def faults(self, value: FaultConfig) -> None:
        self._faults = value
        if self._state is not None:
            self._state.faults = value

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    def start(self) -> None:
        """Open the database, set up the tenant, listen, and serve on a daemon thread."""
        if self._httpd is not None:
            return
        store = Store(self.db_path)
        ids = IdSource(self.id_seed)
        try:
            tenant = bootstrap(
                store, ids, self.org_name, self.bucket_name, self._given_token, self.read_only_token
            )
            if self.seed_demo:
                seed_demo(store, ids, tenant.org_id, tenant.bucket_id, self.demo_target)
            principals = {tok: Principal(kind, user) for tok, (kind, user) in store.tokens().items()}
            state = ServerState(
                store=store,
                version=self.version,
                org_id=tenant.org_id,
                org_name=tenant.org_name,
                bucket_id=tenant.bucket_id,
                bucket_name=tenant.bucket_name,
                user_id=tenant.user_id,
                principals=principals,
                faults=self._faults,
                ids=ids,
                lists=ResponseCache(enabled=os.environ.get("REMOTES_TUI_SERVE_LIST_CACHE") != "0"),
                log_requests=os.environ.get("REMOTES_TUI_SERVE_LOG") == "1",
            )
            httpd = DevHTTPServer((self.host, self.port), state)
        except BaseException:
            store.close()
            raise
        self.token, self.token_source = tenant.token, tenant.token_source
        self.org_id, self.bucket_id, self.user_id = tenant.org_id, tenant.bucket_id, tenant.user_id
        self.port = int(httpd.server_address[1])
        self._state, self._httpd = state, httpd
        self._thread = threading.Thread(
            target=httpd.serve_until_stopped, name=f"devserver:{self.port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close open connections and the database. Safe to call twice."""
        httpd, state, thread = self._httpd, self._state, self._thread
        if httpd is None or state is None:
            return
        self._httpd = self._state = self._thread = None
        httpd.stop_serving()
        if thread is not None:
            thread.join(timeout=5)
        httpd.server_close()
        httpd.close_connections()
        state.store.close()

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
