"""Bundled servers for tests and the connection settings that reach them."""

from __future__ import annotations

from typing import Any

from remotes_tui.api import ConnectionSettings, InfluxClient, RemoteConnection, creation_request
from remotes_tui.devserver import DevServer

TEST_TOKEN = "snapshot-token-DO-NOT-LEAK-0001"
"""The operator token of every UI test server; it must never appear on screen or in a snapshot."""

ID_SEED = 20260101
"""Seed for repeatable IDs (`DevServer(id_seed=ID_SEED)`), so snapshots do not change from run to run."""


def make_server(**kwargs: Any) -> DevServer:
    """A (not yet started) DevServer with the test token; pass `id_seed=` for repeatable IDs."""
    kwargs.setdefault("token", TEST_TOKEN)
    return DevServer(**kwargs)


def fail_requests(server: DevServer, status: int, *paths: str) -> None:
    """From now on the server answers every request to these path prefixes with `status` (until the test sets
    `server.faults.error_rate = 0.0`)."""
    server.faults.paths = paths
    server.faults.error_status = status
    server.faults.error_rate = 1.0


def settings_for(server: DevServer, **overrides: Any) -> ConnectionSettings:
    """Connection settings for a dev server with its operator token and org ID (override any field)."""
    values: dict[str, Any] = {"url": server.url, "token": server.token, "org_id": server.org_id}
    values.update(overrides)
    return ConnectionSettings(**values)


async def add_remote_via_api(
    server: DevServer, name: str, url: str, token: str, **fields: Any
) -> RemoteConnection:
    """Create a remote on `server` through its API, as another client would (`fields`: description,
    remote_org_id, allow_insecure_tls)."""
    async with InfluxClient(settings_for(server)) as client:
        return await client.remotes.create(
            creation_request(
                org_id=server.org_id, name=name, remote_url=url, remote_api_token=token, **fields
            )
        )


def replication_fields(server: DevServer, remote_id: str, name: str, remote_bucket: str) -> dict[str, str]:
    """What creates replication `name` from `server`'s bucket to `remote_bucket` through remote `remote_id`, by
    field name: our `ReplicationCreationRequest` and the official client's both take them as keywords."""
    return {
        "name": name,
        "org_id": server.org_id,
        "remote_id": remote_id,
        "local_bucket_id": server.bucket_id,
        "remote_bucket_name": remote_bucket,
    }
