"""`DevServer`: an InfluxDB-OSS-compatible HTTP(S) server on a background thread, for demos and tests.

`start()` binds, opens the database, sets up the tenant and returns once the socket listens; `stop()` shuts the
listener, closes every open keep-alive connection (also one accepted just before, as it registers), waits up to
JOIN_TIMEOUT for the handler threads, and closes the database. Usable as a context manager.
"""

from __future__ import annotations

import os
import ssl
import threading

from . import limits
from .auth import Principal
from .bootstrap import bootstrap
from .cache import ResponseCache
from .faults import FaultConfig
from .hold import DEFAULT_MAX_HOLD, Hold, HoldGate
from .httpd import JOIN_TIMEOUT, DevHTTPServer
from .ids import IdSource
from .logsafe import escape
from .seed import DemoTarget, seed_demo
from .state import ServerState
from .store import Store
from .tls import server_context

__all__ = ["DEFAULT_VERSION", "JOIN_TIMEOUT", "DevHTTPServer", "DevServer"]

DEFAULT_VERSION = "2.7.12"


class DevServer:
    """An InfluxDB OSS v2 look-alike for the remotes and replications APIs (see the package docstring).

    Faults: `server.faults` (a FaultConfig: latency, error statuses, drops, malformed bodies) changes live, also
    over `PUT /_devserver/faults`.

    Holding answers (instead of latency windows): requests to the given path prefixes wait until released.

        with server.hold("/api/v2/remotes") as held:    # or held = server.hold(...); ...; held.release()
            start_the_request()
            held.wait_held()                            # blocks until the server holds one (async: wait_held_async)
            ...                                         # assert the "loading" state
        # leaving the block releases every held request

    `hold(*prefixes, max_hold=30.0)`: a held request goes on by itself after `max_hold` seconds (at most 300),
    and when the server stops, so a test can never hang on it. `held.held` / `held.total` count the requests
    waiting now / ever held. Over HTTP: `PUT /_devserver/faults {"hold": ["/api/v2/remotes"]}`, then
    `{"hold": []}` releases; `GET /_devserver/held` answers `{"held": n}`.

    HTTPS: `DevServer(tls_cert="cert.pem", tls_key="key.pem")` serves TLS (then `url` starts with https://).
    Limits: `max_connections` (default from the open-files limit), `request_timeout` (seconds for the headers
    and body of one request), `idle_timeout` (seconds between keep-alive requests).
    """

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
        *,
        tls_cert: str | os.PathLike[str] | None = None,
        tls_key: str | os.PathLike[str] | None = None,
        max_connections: int | None = None,
        request_timeout: float = limits.REQUEST_TIMEOUT,
        idle_timeout: float = limits.IDLE_TIMEOUT,
    ) -> None:
        if token is not None and token == read_only_token:
            raise ValueError("the read-only token must differ from the operator token")
        if not version.isascii() or not version.isprintable():
            raise ValueError("version must be printable ASCII")
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("TLS needs both a certificate file and a key file")
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
        self.tls_cert = None if tls_cert is None else os.fspath(tls_cert)
        self.tls_key = None if tls_key is None else os.fspath(tls_key)
        self.max_connections = max_connections
        self.request_timeout = request_timeout
        self.idle_timeout = idle_timeout
        self._faults = faults if faults is not None else FaultConfig()
        self._given_token = token
        self.token: str = token or ""
        self.token_source = "given" if token else ""
        self.org_id = ""
        self.bucket_id = ""
        self.user_id = ""
        self._holds = HoldGate()
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
        self._holds.changed()

    def hold(self, *paths: str, max_hold: float = DEFAULT_MAX_HOLD) -> Hold:
        """Hold requests to these path prefixes until the returned handle is released (see the class doc)."""
        return self._holds.add(paths, max_hold)

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._httpd is not None

    def start(self) -> None:
        """Listen, open the database, set up the tenant, and serve on a daemon thread."""
        if self._httpd is not None:
            return
        context = None
        if self.tls_cert and self.tls_key:
            try:
                context = server_context(self.tls_cert, self.tls_key)
            except (OSError, ssl.SSLError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                raise ValueError(
                    f"cannot use the TLS certificate {escape(self.tls_cert)} and key {escape(self.tls_key)}: "
                    f"{escape(reason)}"
                ) from None
        httpd = DevHTTPServer(
            (self.host, self.port),
            self.version,
            max_connections=self.max_connections,
            tls_context=context,
            request_timeout=self.request_timeout,
            idle_timeout=self.idle_timeout,
        )
        self.port = int(httpd.server_address[1])
        try:
            state = self._open_state()
        except BaseException:
            httpd.server_close()
            raise
        httpd.state = state
        self._state, self._httpd = state, httpd
        self._thread = threading.Thread(
            target=httpd.serve_until_stopped, name=f"devserver:{self.port}", daemon=True
        )
        self._thread.start()

    def _open_state(self) -> ServerState:
        """The database with the tenant (and the demo data) in it, and everything the handlers share."""
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
                holds=self._holds,
                lists=ResponseCache(enabled=os.environ.get("REMOTES_TUI_SERVE_LIST_CACHE") != "0"),
                log_requests=os.environ.get("REMOTES_TUI_SERVE_LOG") == "1",
            )
        except BaseException:
            store.close()
            raise
        self.token, self.token_source = tenant.token, tenant.token_source
        self.org_id, self.bucket_id, self.user_id = tenant.org_id, tenant.bucket_id, tenant.user_id
        return state

    def stop(self) -> None:
        """Stop serving, close open connections and the database. Safe to call twice."""
        httpd, state, thread = self._httpd, self._state, self._thread
        if httpd is None or state is None:
            return
        self._httpd = self._state = self._thread = None
        state.stopping.set()
        self._holds.changed()  # held requests see `stopping` and go on
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
