"""First start of a dev server: make sure the user, org, buckets and tokens exist, reusing what a `--db` holds.

Like an influxd that was set up once, a database keeps its org ID, bucket ID and tokens across restarts: a token
given again still works, and with no token given the stored operator token is reused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from .auth import OPERATOR, READ_ONLY
from .ids import IdSource
from .store import Store

USER_NAME = "admin"

# influxd creates these two system buckets in every org.
SYSTEM_BUCKETS = (
    ("_monitoring", "System bucket for monitoring logs", 604800, 86400),
    ("_tasks", "System bucket for task logs", 259200, 86400),
)


@dataclass(frozen=True)
class Tenant:
    """The IDs and token a started dev server answers with; `token_source` is generated, stored or given."""

    org_id: str
    org_name: str
    bucket_id: str
    bucket_name: str
    user_id: str
    token: str = field(repr=False)  # never in a log line or a traceback
    token_source: str


def bootstrap(
    store: Store, ids: IdSource, org: str, bucket: str, token: str | None, read_only_token: str | None
) -> Tenant:
    """Create or reuse the tenant in `store` and register the tokens."""
    with store.transaction():
        user_id = store.user_by_name(USER_NAME)
        if user_id is None:
            user_id = ids.new()
            store.add_user(user_id, USER_NAME)

        org_row = store.org_by_name(org)
        if org_row is None:
            org_id = ids.new()
            store.add_org(org_id, org)
            for name, description, retention, shard_group in SYSTEM_BUCKETS:
                store.add_bucket(
                    ids.new(),
                    org_id,
                    name,
                    kind="system",
                    description=description,
                    retention_seconds=retention,
                    shard_group_seconds=shard_group,
                )
        else:
            org_id = str(org_row[0])

        existing = store.buckets(org_id, name=bucket)
        if existing:
            bucket_id = str(existing[0][0])
        else:
            bucket_id = ids.new()
            store.add_bucket(bucket_id, org_id, bucket)

        source = "given"
        if token is None:
            token = store.first_operator_token()
            source = "stored"
            if token is None:
                token = secrets.token_urlsafe(32)
                source = "generated"
        if token == read_only_token:
            raise ValueError("the read-only token must differ from the operator token")
        store.add_token(token, OPERATOR, user_id)
        if read_only_token is not None:
            store.add_token(read_only_token, READ_ONLY, user_id)
    return Tenant(org_id, org, bucket_id, bucket, user_id, token, source)
