"""Demo data: eight realistic remote connections and five replications, for demos, screenshots and tests.

With a `DemoTarget` the remotes point at that server (its URL, org ID and token; replications name its bucket),
so validating a seeded replication really succeeds, except `backup-dc2`, whose token was "rotated" and fails
with a 401 like its replication's latest status says. With `SELF` they point at the seeding server itself and
its second bucket `demo-replica` (`remotes-tui serve --seed-demo`: replication works with one server). Without
a target they point at plausible https URLs (fixed strings: the UI snapshots use them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .ids import IdSource
from .store import Store

MiB = 1024 * 1024


@dataclass(frozen=True)
class DemoTarget:
    """Where the seeded demo remotes point: a server's URL, org ID, bucket name and token."""

    url: str
    org_id: str
    bucket: str
    token: str


SELF: Final = (
    "self"  # DevServer(demo_target=SELF): the remotes point at the server itself, bucket REPLICA_BUCKET
)
REPLICA_BUCKET = "demo-replica"

ROTATED_TOKEN = "rotated-and-no-longer-valid"
"""The token seeded for `backup-dc2` when the demo has a target: its target refuses it (401)."""


@dataclass(frozen=True)
class _Remote:
    name: str
    description: str | None
    url: str
    has_remote_org: bool = True
    insecure: bool = False
    bad_token: bool = False


_REMOTES = (
    _Remote("central-eu", "Primary central cluster, Frankfurt", "https://eu-central-1.influx.example.com"),
    _Remote("central-us", "Primary central cluster, Virginia", "https://us-east-1.influx.example.com"),
    _Remote(
        "backup-dc2",
        "Cold standby in the second data centre",
        "https://backup.dc2.example.net:8086",
        bad_token=True,
    ),
    _Remote("edge-aggregator", "Regional aggregator for the edge sites", "https://edge-agg.example.org:8086"),
    _Remote("staging-central", "Staging copy of the central cluster", "https://staging.influx.example.com"),
    _Remote(
        "legacy-1x",
        "InfluxDB 1.8 archive (no org)",
        "http://legacy-influx.example.net:8086",
        has_remote_org=False,
    ),
    _Remote(
        "lab-selfsigned",
        "Lab server with a self-signed certificate",
        "https://10.20.0.15:8086",
        insecure=True,
    ),
    _Remote("analytics-sandbox", None, "https://analytics.example.com:8443"),
)

# (name, description, remote name, by bucket name?, queue bytes, remaining bytes, code, error, drop non-retryable)
_REPLICATIONS = (
    ("telemetry-to-eu", "All device telemetry", "central-eu", True, 0, 0, 204, None, False),
    ("alerts-to-eu", "Alert events only", "central-eu", False, 3 * MiB, 0, 204, None, True),
    ("telemetry-to-us", "US copy of the telemetry", "central-us", True, 18 * MiB, 6 * MiB, 204, None, False),
    ("audit-to-us", None, "central-us", True, 0, 0, None, None, False),
    (
        "nightly-backup",
        "Everything, for disaster recovery",
        "backup-dc2",
        True,
        46 * MiB,
        41 * MiB,
        401,
        "unauthorized access",
        False,
    ),
)

_DEFAULT_REMOTE_ORG = "0f1e2d3c4b5a6978"
_DEFAULT_BUCKET_NAME = "telemetry"


def seed_demo(
    store: Store,
    ids: IdSource,
    org_id: str,
    local_bucket_id: str,
    default_target: DemoTarget | None,
    targets_by_remote: Mapping[str, DemoTarget] | None = None,
) -> None:
    """Add the demo remotes and replications to `org_id`, unless the org already has remotes.

    Each remote points at its entry in `targets_by_remote` (by remote name), else at `default_target`.
    """
    if store.count_remotes(org_id):
        return
    chosen = dict(targets_by_remote or {})
    with store.transaction():
        remote_ids: dict[str, str] = {}
        target_of: dict[str, DemoTarget | None] = {}
        for remote in _REMOTES:
            remote_id = ids.new()
            remote_ids[remote.name] = remote_id
            target = target_of[remote.name] = chosen.get(remote.name, default_target)
            url = target.url if target else remote.url
            token = target.token if target else f"demo-token-{remote.name}"
            if remote.bad_token:
                token = ROTATED_TOKEN
            remote_org = (target.org_id if target else _DEFAULT_REMOTE_ORG) if remote.has_remote_org else None
            store.add_remote(
                remote_id, org_id, remote.name, remote.description, url, token, remote_org, remote.insecure
            )
        for name, description, remote_name, by_name, queue, remaining, code, error, drop in _REPLICATIONS:
            target = target_of[remote_name]
            use_name = by_name or target is not None  # a target's bucket is known by name only
            store.add_replication(
                {
                    "id": ids.new(),
                    "org_id": org_id,
                    "name": name,
                    "description": description,
                    "remote_id": remote_ids[remote_name],
                    "local_bucket_id": local_bucket_id,
                    "remote_bucket_id": None if use_name else ids.new(),
                    "remote_bucket_name": (target.bucket if target else _DEFAULT_BUCKET_NAME)
                    if use_name
                    else "",
                    "max_queue_size_bytes": 67108860,
                    "max_age_seconds": 604800,
                    "latest_response_code": code,
                    "latest_error_message": error,
                    "drop_non_retryable_data": drop,
                    "current_queue_size_bytes": queue,
                    "remaining_bytes_to_be_synced": remaining,
                }
            )
