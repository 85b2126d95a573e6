"""The SQLite schema: remotes and replications exactly as influxd's migrations leave them, plus the tenant tables.

The constraint names, column order and indexes matter: SQLite's own error texts (`UNIQUE constraint failed:
remotes.org_id, remotes.name`, `FOREIGN KEY constraint failed`) reach clients unchanged, and the list order
comes from the index the planner picks. influxd keeps orgs, buckets, users and tokens in its key-value store;
here they are plain tables so that a `--db` file keeps them too.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS remotes (
    id                 VARCHAR(16) NOT NULL PRIMARY KEY,
    org_id             VARCHAR(16) NOT NULL,
    name               TEXT        NOT NULL,
    description        TEXT,
    remote_url         TEXT        NOT NULL,
    remote_api_token   TEXT        NOT NULL,
    remote_org_id      VARCHAR(16),
    allow_insecure_tls BOOLEAN     NOT NULL,
    created_at         TIMESTAMP   NOT NULL,
    updated_at         TIMESTAMP   NOT NULL,

    CONSTRAINT remotes_uniq_orgid_name UNIQUE (org_id, name)
);
CREATE INDEX IF NOT EXISTS idx_remote_url_per_org ON remotes (org_id, remote_url);

CREATE TABLE IF NOT EXISTS replications (
    id                           VARCHAR(16) NOT NULL PRIMARY KEY,
    org_id                       VARCHAR(16) NOT NULL,
    name                         TEXT        NOT NULL,
    description                  TEXT,
    remote_id                    VARCHAR(16) NOT NULL,
    local_bucket_id              VARCHAR(16) NOT NULL,
    remote_bucket_id             VARCHAR(16),
    remote_bucket_name           TEXT DEFAULT '',
    max_queue_size_bytes         INTEGER     NOT NULL,
    max_age_seconds              INTEGER     NOT NULL,
    latest_response_code         INTEGER,
    latest_error_message         TEXT,
    drop_non_retryable_data      BOOLEAN     NOT NULL,
    created_at                   TIMESTAMP   NOT NULL,
    updated_at                   TIMESTAMP   NOT NULL,
    -- influxd computes these two from its on-disk queue; the dev server stores them.
    current_queue_size_bytes     INTEGER     NOT NULL DEFAULT 0,
    remaining_bytes_to_be_synced INTEGER     NOT NULL DEFAULT 0,

    CONSTRAINT replications_uniq_orgid_name UNIQUE (org_id, name),
    CONSTRAINT replications_one_of_id_name CHECK (remote_bucket_id IS NOT NULL OR remote_bucket_name != ''),
    FOREIGN KEY (remote_id) REFERENCES remotes (id)
);
CREATE INDEX IF NOT EXISTS idx_local_bucket_id_per_org ON replications (org_id, local_bucket_id);
CREATE INDEX IF NOT EXISTS idx_remote_id_per_org ON replications (org_id, remote_id);

CREATE TABLE IF NOT EXISTS orgs (
    id          VARCHAR(16) NOT NULL PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE,
    description TEXT        NOT NULL DEFAULT '',
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL
);

CREATE TABLE IF NOT EXISTS buckets (
    id                  VARCHAR(16) NOT NULL PRIMARY KEY,
    org_id              VARCHAR(16) NOT NULL REFERENCES orgs (id),
    name                TEXT        NOT NULL,
    type                TEXT        NOT NULL DEFAULT 'user',
    description         TEXT        NOT NULL DEFAULT '',
    retention_seconds   INTEGER     NOT NULL DEFAULT 0,
    shard_group_seconds INTEGER     NOT NULL DEFAULT 604800,
    created_at          TEXT        NOT NULL,
    updated_at          TEXT        NOT NULL,

    CONSTRAINT buckets_uniq_orgid_name UNIQUE (org_id, name)
);

CREATE TABLE IF NOT EXISTS users (
    id     VARCHAR(16) NOT NULL PRIMARY KEY,
    name   TEXT        NOT NULL UNIQUE,
    status TEXT        NOT NULL DEFAULT 'active'
);

CREATE TABLE IF NOT EXISTS tokens (
    token      TEXT        NOT NULL PRIMARY KEY,
    kind       TEXT        NOT NULL CHECK (kind IN ('operator', 'read')),
    user_id    VARCHAR(16) NOT NULL REFERENCES users (id),
    created_at TEXT        NOT NULL
);
"""
