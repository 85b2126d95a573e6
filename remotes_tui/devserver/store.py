"""All SQL: one SQLite connection shared by the handler threads and guarded by a lock.

Constraint violations are left as `sqlite3.IntegrityError` so the routes can pass SQLite's own message on, as
influxd does. Rows come back as tuples in the column orders below (cheaper than row factories).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from .schema import SCHEMA, SCHEMA_VERSION

# Fixed SELECT heads; the routes unpack rows in exactly these column orders.
_REMOTE_SELECT = (
    "SELECT id, org_id, name, description, remote_url, remote_org_id, allow_insecure_tls FROM remotes"
)
_REPLICATION_SELECT = (
    "SELECT id, org_id, name, description, remote_id, local_bucket_id, remote_bucket_id, remote_bucket_name,"
    " max_queue_size_bytes, current_queue_size_bytes, remaining_bytes_to_be_synced, latest_response_code,"
    " latest_error_message, drop_non_retryable_data, max_age_seconds FROM replications"
)
_ORG_SELECT = "SELECT id, name, description, created_at, updated_at FROM orgs"
_BUCKET_SELECT = (
    "SELECT id, org_id, type, description, name, retention_seconds, shard_group_seconds, created_at, updated_at"
    " FROM buckets"
)

# Columns a PATCH may set: request field -> column. Only these names are ever put into SQL text.
REMOTE_UPDATABLE = {
    "name": "name",
    "description": "description",
    "remoteURL": "remote_url",
    "remoteAPIToken": "remote_api_token",
    "remoteOrgID": "remote_org_id",
    "allowInsecureTLS": "allow_insecure_tls",
}
REPLICATION_UPDATABLE = {
    "name": "name",
    "description": "description",
    "remoteID": "remote_id",
    "remoteBucketID": "remote_bucket_id",
    "remoteBucketName": "remote_bucket_name",
    "maxQueueSizeBytes": "max_queue_size_bytes",
    "dropNonRetryableData": "drop_non_retryable_data",
    "maxAgeSeconds": "max_age_seconds",
}

Row = tuple[Any, ...]
Generation = tuple[int, int]


def now_text() -> str:
    """The current UTC time as RFC 3339 with a Z, like Go's time.Time in JSON."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class Store:
    """The dev server's database: remotes, replications, orgs, buckets, users and tokens."""

    def __init__(self, path: str | None) -> None:
        self._lock = threading.RLock()
        if path:
            create_private(path)
        self._db = sqlite3.connect(
            path or ":memory:", check_same_thread=False, isolation_level=None, cached_statements=256
        )
        self._db.execute("PRAGMA foreign_keys = ON")  # influxd is built with the sqlite_foreign_keys tag
        if path:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(SCHEMA)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._shared = bool(path)
        self.closed = False

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self.closed = True
                self._db.close()

    def generation(self) -> Generation:
        """A value that changes whenever any row is inserted, updated or deleted, by any connection.

        `total_changes` counts this connection's writes only; a database file can also be written by another
        server (or process) on the same path, which `PRAGMA data_version` reveals. An in-memory database has
        no other writer, so it skips the PRAGMA.
        """
        with self._lock:
            if self._shared:
                return self._db.total_changes, self._db.execute("PRAGMA data_version").fetchone()[0]
            return self._db.total_changes, 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run several statements atomically (used to bootstrap and seed)."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> Row | None:
        with self._lock:
            row: Row | None = self._db.execute(sql, args).fetchone()
            return row

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # --- tenant: orgs, buckets, users, tokens -------------------------------------------------------------

    def org_by_name(self, name: str) -> Row | None:
        return self._one(_ORG_SELECT + " WHERE name = ?", (name,))

    def org_by_id(self, org_id: str) -> Row | None:
        return self._one(_ORG_SELECT + " WHERE id = ?", (org_id,))

    def orgs(self) -> list[Row]:
        return self._all(_ORG_SELECT + " ORDER BY id")

    def add_org(self, org_id: str, name: str) -> None:
        stamp = now_text()
        self._run(
            "INSERT INTO orgs (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (org_id, name, stamp, stamp),
        )

    def buckets(
        self, org_id: str | None = None, name: str | None = None, bucket_id: str | None = None
    ) -> list[Row]:
        """Buckets matching every given filter, sorted by name like influxd's org/name index."""
        where, args = _where({"org_id": org_id, "name": name, "id": bucket_id})
        return self._all(_BUCKET_SELECT + where + " ORDER BY org_id, name", args)

    def bucket_by_id(self, bucket_id: str) -> Row | None:
        return self._one(_BUCKET_SELECT + " WHERE id = ?", (bucket_id,))

    def add_bucket(
        self,
        bucket_id: str,
        org_id: str,
        name: str,
        *,
        kind: str = "user",
        description: str = "",
        retention_seconds: int = 0,
        shard_group_seconds: int = 604800,
    ) -> None:
        stamp = now_text()
        self._run(
            "INSERT INTO buckets (id, org_id, name, type, description, retention_seconds, shard_group_seconds,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                bucket_id,
                org_id,
                name,
                kind,
                description,
                retention_seconds,
                shard_group_seconds,
                stamp,
                stamp,
            ),
        )

    def user_by_name(self, name: str) -> str | None:
        row = self._one("SELECT id FROM users WHERE name = ?", (name,))
        return None if row is None else str(row[0])

    def add_user(self, user_id: str, name: str) -> None:
        self._run("INSERT INTO users (id, name) VALUES (?, ?)", (user_id, name))

    def tokens(self) -> dict[str, tuple[str, str]]:
        """Every token -> (kind, user id)."""
        return {
            token: (kind, user) for token, kind, user in self._all("SELECT token, kind, user_id FROM tokens")
        }

    def first_operator_token(self) -> str | None:
        row = self._one("SELECT token FROM tokens WHERE kind = 'operator' ORDER BY created_at, rowid LIMIT 1")
        return None if row is None else str(row[0])

    def add_token(self, token: str, kind: str, user_id: str) -> None:
        """Store `token`; a known token keeps its creation time and takes the kind it is given now."""
        self._run(
            "INSERT INTO tokens (token, kind, user_id, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (token) DO UPDATE SET kind = excluded.kind",
            (token, kind, user_id, now_text()),
        )

    # --- remotes ------------------------------------------------------------------------------------------

    def remotes(self, org_id: str, name: str | None = None, remote_url: str | None = None) -> list[Row]:
        """Remotes of an org, in the order of influxd's (org_id, remote_url) index, then insertion order."""
        where, args = _where({"org_id": org_id, "name": name, "remote_url": remote_url})
        return self._all(_REMOTE_SELECT + where + " ORDER BY remote_url, rowid", args)

    def remote(self, remote_id: str) -> Row | None:
        return self._one(_REMOTE_SELECT + " WHERE id = ?", (remote_id,))

    def count_remotes(self, org_id: str) -> int:
        row = self._one("SELECT count(*) FROM remotes WHERE org_id = ?", (org_id,))
        return int(row[0]) if row else 0

    def add_remote(
        self,
        remote_id: str,
        org_id: str,
        name: str,
        description: str | None,
        remote_url: str,
        token: str,
        remote_org_id: str | None,
        allow_insecure_tls: bool,
    ) -> Row | None:
        stamp = now_text()
        with self._lock:
            self._db.execute(
                "INSERT INTO remotes (id, org_id, name, description, remote_url, remote_api_token,"
                " remote_org_id, allow_insecure_tls, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    remote_id,
                    org_id,
                    name,
                    description,
                    remote_url,
                    token,
                    remote_org_id,
                    allow_insecure_tls,
                    stamp,
                    stamp,
                ),
            )
            return self.remote(remote_id)

    def update_remote(self, remote_id: str, changes: Mapping[str, Any]) -> Row | None:
        """Apply the given request fields (see REMOTE_UPDATABLE); None when the remote does not exist."""
        return self._update("remotes", REMOTE_UPDATABLE, remote_id, changes, self.remote)

    def delete_remote(self, remote_id: str) -> bool:
        return self._run("DELETE FROM remotes WHERE id = ?", (remote_id,)) > 0

    def remote_http_config(self, remote_id: str) -> tuple[str, str, str | None, bool] | None:
        """(remote_url, remote_api_token, remote_org_id, allow_insecure_tls) of a remote."""
        row = self._one(
            "SELECT remote_url, remote_api_token, remote_org_id, allow_insecure_tls FROM remotes WHERE id = ?",
            (remote_id,),
        )
        return None if row is None else (row[0], row[1], row[2], bool(row[3]))

    # --- replications -------------------------------------------------------------------------------------

    def replications(
        self,
        org_id: str,
        name: str | None = None,
        remote_id: str | None = None,
        local_bucket_id: str | None = None,
    ) -> list[Row]:
        """Replications of an org in the order SQLite's planner gives influxd's query (no ORDER BY there)."""
        where, args = _where(
            {"org_id": org_id, "name": name, "remote_id": remote_id, "local_bucket_id": local_bucket_id}
        )
        order = " ORDER BY rowid" if local_bucket_id is not None else " ORDER BY remote_id, rowid"
        return self._all(_REPLICATION_SELECT + where + order, args)

    def replication(self, replication_id: str) -> Row | None:
        return self._one(_REPLICATION_SELECT + " WHERE id = ?", (replication_id,))

    def add_replication(self, values: Mapping[str, Any]) -> Row | None:
        """Insert a replication; `values` maps column names (those of the INSERT below) to values."""
        stamp = now_text()
        with self._lock:
            self._db.execute(
                "INSERT INTO replications (id, org_id, name, description, remote_id, local_bucket_id,"
                " remote_bucket_id, remote_bucket_name, max_queue_size_bytes, max_age_seconds,"
                " latest_response_code, latest_error_message, drop_non_retryable_data, created_at, updated_at,"
                " current_queue_size_bytes, remaining_bytes_to_be_synced)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    values["id"],
                    values["org_id"],
                    values["name"],
                    values.get("description"),
                    values["remote_id"],
                    values["local_bucket_id"],
                    values.get("remote_bucket_id"),
                    values.get("remote_bucket_name", ""),
                    values["max_queue_size_bytes"],
                    values["max_age_seconds"],
                    values.get("latest_response_code"),
                    values.get("latest_error_message"),
                    bool(values.get("drop_non_retryable_data")),
                    stamp,
                    stamp,
                    values.get("current_queue_size_bytes", 0),
                    values.get("remaining_bytes_to_be_synced", 0),
                ),
            )
            return self.replication(values["id"])

    def update_replication(self, replication_id: str, changes: Mapping[str, Any]) -> Row | None:
        """Apply the given request fields (see REPLICATION_UPDATABLE); None when it does not exist."""
        return self._update("replications", REPLICATION_UPDATABLE, replication_id, changes, self.replication)

    def delete_replication(self, replication_id: str) -> bool:
        return self._run("DELETE FROM replications WHERE id = ?", (replication_id,)) > 0

    def replication_http_config(self, replication_id: str) -> tuple[Any, ...] | None:
        """(remote_url, token, remote_org_id, allow_insecure_tls, remote_bucket_id, remote_bucket_name)."""
        config = self.replication_write_config(replication_id)
        return None if config is None else config[:6]

    def replication_write_config(self, replication_id: str) -> tuple[Any, ...] | None:
        """replication_http_config plus drop_non_retryable_data: what the writer re-reads before each attempt."""
        return self._one(
            "SELECT r.remote_url, r.remote_api_token, r.remote_org_id, r.allow_insecure_tls,"
            " p.remote_bucket_id, p.remote_bucket_name, p.drop_non_retryable_data"
            " FROM replications AS p JOIN remotes AS r ON r.id = p.remote_id WHERE p.id = ?",
            (replication_id,),
        )

    # --- the replication engine's state -------------------------------------------------------------------

    def replications_of_bucket(self, bucket_id: str) -> list[tuple[str, int, int, int]]:
        """(id, max_queue_size_bytes, current_queue_size_bytes, remaining_bytes_to_be_synced) per replication."""
        return [
            (str(r[0]), int(r[1]), int(r[2]), int(r[3]))
            for r in self._all(
                "SELECT id, max_queue_size_bytes, current_queue_size_bytes, remaining_bytes_to_be_synced"
                " FROM replications WHERE local_bucket_id = ? ORDER BY rowid",
                (bucket_id,),
            )
        ]

    def set_queue_sizes(self, replication_id: str, current: int, remaining: int) -> None:
        self._run(
            "UPDATE replications SET current_queue_size_bytes = ?, remaining_bytes_to_be_synced = ?"
            " WHERE id = ? AND (current_queue_size_bytes != ? OR remaining_bytes_to_be_synced != ?)",
            (current, remaining, replication_id, current, remaining),
        )

    def set_response_info(self, replication_id: str, code: int, message: str) -> None:
        """influxd's UpdateResponseInfo: the latest status and error text ("" after a success)."""
        self._run(
            "UPDATE replications SET latest_response_code = ?, latest_error_message = ? WHERE id = ?"
            " AND (latest_response_code IS NOT ? OR latest_error_message IS NOT ?)",
            (code, message, replication_id, code, message),
        )

    def delete_token(self, token: str) -> bool:
        return self._run("DELETE FROM tokens WHERE token = ?", (token,)) > 0

    # --- helpers ------------------------------------------------------------------------------------------

    def _update(
        self, table: str, updatable: Mapping[str, str], row_id: str, changes: Mapping[str, Any], reread: Any
    ) -> Row | None:
        sets = [f"{updatable[field]} = ?" for field in changes]
        args = [*changes.values(), now_text(), row_id]
        with self._lock:
            cursor = self._db.execute(
                f"UPDATE {table} SET {', '.join([*sets, 'updated_at = ?'])} WHERE id = ?",  # noqa: S608
                args,
            )
            if cursor.rowcount == 0:
                return None
            row: Row | None = reread(row_id)
            return row


def create_private(path: str) -> None:
    """Create the database file 0600 (owner only: it holds tokens) unless it exists.

    SQLite creates the `-wal` and `-shm` files with the database file's permissions, so they are 0600 too.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # sqlite3.connect reports the problem in its own words
    os.close(fd)


def _where(filters: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """` WHERE a = ? AND b = ?` for the filters that are not None (keys are fixed column names)."""
    used = [(column, value) for column, value in filters.items() if value is not None]
    if not used:
        return "", ()
    return " WHERE " + " AND ".join(f"{column} = ?" for column, _ in used), tuple(value for _, value in used)
