"""`DevServer`: an InfluxDB-OSS-compatible HTTP(S) server on a background thread, for demos and tests.

`start()` binds, opens the database, sets up the tenant and returns once the socket listens; `stop()` shuts the
listener, closes every open keep-alive connection (also one accepted just before, as it registers), waits up to
JOIN_TIMEOUT for the handler threads, and closes the database. Usable as a context manager.
"""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Mapping
from typing import Literal

from . import limits
from .auth import OPERATOR, READ_ONLY, Principal
from .bootstrap import Tenant, bootstrap
from .cache import ResponseCache
from .faults import FaultConfig
from .handler import Handler
from .hold import DEFAULT_MAX_HOLD, Hold, HoldGate
from .httpd import JOIN_TIMEOUT, DevHTTPServer
from .ids import IdSource
from .logsafe import escape
from .replicator import Replicator, RetrySettings
from .seed import REPLICA_BUCKET, SELF, DemoTarget, seed_demo
from .state import ServerState
from .store import Store
from .tls import server_context
from .trickle import Trickle

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

    Replication (see replicator.py): `POST /api/v2/write` into a bucket queues the points for each of its
    replications and sends them to the remote in the background; the replications API shows the real
    `latestResponseCode`, `latestErrorMessage`, `currentQueueSizeBytes` and `remainingBytesToBeSynced`. Nothing
    runs before the first write. Delivery is at least once (a write that timed out may have landed).
    - `replication_retry=RetrySettings(first_backoff=0.5, max_backoff=900, timeout=120)`: influxd's defaults;
      tests pass small ones. `server.replicate_now()` makes every waiting replication retry at once.
    - `server.points_received("bucket")` / `server.bytes_received("bucket")` (name or ID; default the
      server's bucket): what `POST /api/v2/write` accepted (also `GET /_devserver/received?bucket=`).
    - `server.add_token("t", read_only=False)` / `server.revoke_token("t")`: accept a new token, or refuse one
      from now on (a central whose token "expired").

    Demo: `seed_demo=True` adds the demo remotes and replications (their stored sizes and statuses; nothing
    changes until points are written, so UI snapshots are repeatable). `demo_target=DemoTarget(...)` points them
    at another server, `demo_target="self"` at this one (its `demo-replica` bucket); `demo_targets={name: ...}`
    points single remotes elsewhere (`remotes-tui --demo` runs three central servers). `demo_trickle=True` (needs
    a target) writes ~128 KiB/s of gzip points into the bucket: the healthy replications drain to the target,
    and `nightly-backup` (its remote refuses the token) fills past 80% of its queue in about 45 s.
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
        demo_target: DemoTarget | Literal["self"] | None = None,
        faults: FaultConfig | None = None,
        version: str = DEFAULT_VERSION,
        id_seed: int | None = None,
        *,
        tls_cert: str | os.PathLike[str] | None = None,
        tls_key: str | os.PathLike[str] | None = None,
        max_connections: int | None = None,
        request_timeout: float = limits.REQUEST_TIMEOUT,
        idle_timeout: float = limits.IDLE_TIMEOUT,
        demo_trickle: bool = False,
        demo_targets: Mapping[str, DemoTarget] | None = None,
        replication_retry: RetrySettings | None = None,
    ) -> None:
        if token is not None and token == read_only_token:
            raise ValueError("the read-only token must differ from the operator token")
        if not version.isascii() or not version.isprintable():
            raise ValueError("version must be printable ASCII")
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("TLS needs both a certificate file and a key file")
        if demo_trickle and (not seed_demo or demo_target is None):
            raise ValueError(
                'demo_trickle needs seed_demo=True and a demo_target (a DemoTarget, or "self"): without one the'
                " seeded remotes point at example URLs, which replication would try to reach"
            )
        self.host = host
        self.port = port
        self.org_name = org
        self.bucket_name = bucket
        self.db_path = None if db_path is None else os.fspath(db_path)
        self.read_only_token = read_only_token
        self.seed_demo = seed_demo
        self.demo_target = demo_target
        self.demo_targets = dict(demo_targets or {})
        """Per seeded remote name, another target than `demo_target` (the demo's several central servers)."""
        self.version = version
        self.id_seed = id_seed
        self.tls_cert = None if tls_cert is None else os.fspath(tls_cert)
        self.tls_key = None if tls_key is None else os.fspath(tls_key)
        self.max_connections = max_connections
        self.request_timeout = request_timeout
        self.idle_timeout = idle_timeout
        self.demo_trickle = demo_trickle
        self.replication_retry = replication_retry or RetrySettings()
        self._trickle: Trickle | None = None
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

    def replicate_now(self) -> None:
        """Every replication waiting out a retry backoff tries again at once."""
        self._running_state().replicator.flush()

    def points_received(self, bucket: str | None = None) -> int:
        """Points accepted by `POST /api/v2/write` into `bucket` (a name or an ID; default: the server's)."""
        return self._running_state().received.of(self._bucket_id_of(bucket))[0]

    def bytes_received(self, bucket: str | None = None) -> int:
        """Line-protocol bytes (after gzip decoding) accepted into `bucket` (a name or an ID)."""
        return self._running_state().received.of(self._bucket_id_of(bucket))[1]

    def add_token(self, token: str, read_only: bool = False) -> None:
        """Accept `token` from now on: all access, or reads only (stored in the --db file too)."""
        state = self._running_state()
        if not token:
            raise ValueError("a token cannot be empty")
        kind = READ_ONLY if read_only else OPERATOR
        state.store.add_token(token, kind, state.tenant.user_id)
        state.principals[token] = Principal(kind, state.tenant.user_id)

    def revoke_token(self, token: str) -> bool:
        """Refuse `token` from now on (401), like an expired or deleted token; False if it was not known."""
        state = self._running_state()
        known = state.principals.pop(token, None) is not None
        return state.store.delete_token(token) or known

    def _running_state(self) -> ServerState:
        if self._state is None:
            raise RuntimeError("the server is not running: start() it first")
        return self._state

    def _bucket_id_of(self, bucket: str | None) -> str:
        state = self._running_state()
        if bucket is None:
            return state.tenant.bucket_id
        rows = state.store.buckets(state.tenant.org_id, bucket_id=bucket) or state.store.buckets(name=bucket)
        if not rows:
            raise ValueError(f"no bucket named or with the ID {bucket!r}")
        return str(rows[0][0])

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def as_demo_target(self) -> DemoTarget:
        """This (started) server as where another server's demo remotes point: its URL, org, bucket and
        operator token."""
        return DemoTarget(url=self.url, org_id=self.org_id, bucket=self.bucket_name, token=self.token)

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
            handler=Handler,
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
        if self.demo_trickle:
            self._trickle = Trickle(state.replicator, self.bucket_id, self.org_name, state.stopping)
            self._trickle.start()

    def _open_state(self) -> ServerState:
        """The database with the tenant (and the demo data) in it, and everything the handlers share."""
        store = Store(self.db_path)
        ids = IdSource(self.id_seed)
        try:
            tenant = bootstrap(
                store, ids, self.org_name, self.bucket_name, self._given_token, self.read_only_token
            )
            if self.seed_demo:
                seed_demo(
                    store,
                    ids,
                    tenant.org_id,
                    tenant.bucket_id,
                    self._seed_target(store, ids, tenant),
                    self.demo_targets,
                )
            principals = {tok: Principal(kind, user) for tok, (kind, user) in store.tokens().items()}
            state = ServerState(
                store=store,
                replicator=Replicator(store, self.version, self.replication_retry),
                version=self.version,
                tenant=tenant,
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

    def _seed_target(self, store: Store, ids: IdSource, tenant: Tenant) -> DemoTarget | None:
        """The demo target; for SELF, this server and its second bucket (created here when missing)."""
        if self.demo_target != SELF:
            return self.demo_target if isinstance(self.demo_target, DemoTarget) else None
        if not store.buckets(tenant.org_id, name=REPLICA_BUCKET):
            store.add_bucket(
                ids.new(), tenant.org_id, REPLICA_BUCKET, description="Where the demo replicates to"
            )
        return DemoTarget(url=self.url, org_id=tenant.org_id, bucket=REPLICA_BUCKET, token=tenant.token)

    def stop(self) -> None:
        """Stop serving, the trickle and the replication engine, close connections and the database.

        Safe to call twice; no thread of this server is left running afterwards (a replication attempt stuck
        in a DNS lookup, which cannot be interrupted, is the one exception: a daemon thread, abandoned).
        """
        httpd, state, thread = self._httpd, self._state, self._thread
        if httpd is None or state is None:
            return
        self._httpd = self._state = self._thread = None
        state.stopping.set()
        self._holds.changed()  # held requests see `stopping` and go on
        if self._trickle is not None:
            self._trickle.stop()
            self._trickle = None
        state.replicator.stop()
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
