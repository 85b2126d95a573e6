"""Two bundled servers that replicate for real: an edge with remotes pointing at a central, for health tests.

The edge retries fast (`FAST`), so a failing or recovering replication shows within a poll; every wait is
for a state, never a time window.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from remotes_tui.api import InfluxClient, Replication, ReplicationCreationRequest, creation_request
from remotes_tui.devserver import DevServer, RetrySettings
from tests.support.servers import TEST_TOKEN, settings_for

FAST = RetrySettings(first_backoff=0.02, max_backoff=0.2, timeout=60.0)
"""The edge's replication retries: fast, with a timeout no test reaches (so nothing lands twice)."""

REMOTE_TOKEN = "central-accepts-this-remote-token-0001"
"""The token the edge's remotes send to the central server (a secret: never on screen or in a message)."""

REFUSED_TOKEN = "a-token-central-refuses-0006"
"""A remote token the central server does not know: replications that send it are refused (401)."""


def make_central(db_path: Path | None = None, port: int = 0, **kwargs: Any) -> DevServer:
    """A (started) central server that accepts REMOTE_TOKEN; with `db_path` it can be restarted on `port`."""
    server = DevServer(
        port=port, token=TEST_TOKEN, org="central-org", bucket="central-bucket", db_path=db_path, **kwargs
    )
    server.start()
    server.add_token(REMOTE_TOKEN)
    return server


def make_edge(**kwargs: Any) -> DevServer:
    """A (started) edge server whose replications retry fast."""
    kwargs.setdefault("replication_retry", FAST)
    server = DevServer(port=0, token=TEST_TOKEN, org="edge-org", bucket="telemetry", **kwargs)
    server.start()
    return server


@pytest.fixture
def central(tmp_path: Path) -> Iterator[DevServer]:
    """A central server (`make_central`) on `tmp_path / "central.db"`, so a test can stop and restart it."""
    server = make_central(tmp_path / "central.db")
    yield server
    server.stop()


@pytest.fixture
def edge() -> Iterator[DevServer]:
    """An edge server (`make_edge`) whose replications retry fast."""
    server = make_edge()
    yield server
    server.stop()


async def add_remote(
    edge: DevServer,
    central: DevServer,
    name: str,
    *,
    token: str = REMOTE_TOKEN,
    url: str | None = None,
    remote_org_id: str | None = None,
    insecure: bool = False,
    buckets: tuple[tuple[str, str], ...] = (),
) -> tuple[str, list[Replication]]:
    """Create a remote on `edge` pointing at `central` and one replication per (name, remote bucket)."""
    async with InfluxClient(settings_for(edge)) as client:
        remote = await client.remotes.create(
            creation_request(
                org_id=edge.org_id,
                name=name,
                remote_url=url or central.url,
                remote_api_token=token,
                remote_org_id=remote_org_id or central.org_id,
                allow_insecure_tls=insecure,
            )
        )
        replications = [
            await client.replications.create(
                ReplicationCreationRequest(
                    name=replication_name,
                    org_id=edge.org_id,
                    remote_id=remote.id,
                    local_bucket_id=edge.bucket_id,
                    remote_bucket_name=bucket,
                )
            )
            for replication_name, bucket in buckets
        ]
    return remote.id, replications


def write_points(server: DevServer, count: int, start: int = 0) -> None:
    """Write `count` points into the server's own bucket (they replicate to every remote of that bucket)."""
    body = "".join(
        f"cpu,host=edge-{n % 4} usage={n}.5 {1_700_000_000_000_000_000 + n}\n"
        for n in range(start, start + count)
    )
    reply = httpx.post(
        f"{server.url}/api/v2/write",
        params={"org": server.org_id, "bucket": server.bucket_id},
        content=body.encode(),
        headers={"Authorization": f"Token {server.token}"},
        timeout=10,
    )
    assert reply.status_code == 204, reply.text


def wait_for(predicate: Callable[[], Any], limit: float = 15.0, what: str = "the state") -> Any:
    """Poll until `predicate()` is truthy (and return it); AssertionError after `limit` seconds."""
    deadline = time.monotonic() + limit
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never came within {limit} s")
        time.sleep(0.01)


async def until_failing(edge: DevServer, limit: float = 20.0) -> None:
    """Wait until the edge's replication has been refused by the central (code 401)."""
    deadline = time.monotonic() + limit
    async with InfluxClient(settings_for(edge)) as client:
        while True:
            edge.replicate_now()
            replications = await client.replications.list(edge.org_id)
            if replications and all(r.latest_response_code == 401 for r in replications):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the replication never failed with 401: {replications}")
            await asyncio.sleep(0.02)


@asynccontextmanager
async def healthy_and_failing_edges() -> AsyncIterator[tuple[DevServer, DevServer, DevServer]]:
    """A central and two edges, (central, healthy, failing), each edge with a remote "central" and one
    replication to it: the healthy edge's ("healthy-to-central") has nothing to send yet; the failing edge's
    ("failing-to-central") sends its points with a token the central refuses, and has been refused (401) by
    the time this yields. Every server is stopped on the way out."""
    central = make_central()
    healthy, failing = make_edge(), make_edge()
    try:
        await add_remote(healthy, central, "central", buckets=(("healthy-to-central", "central-bucket"),))
        await add_remote(
            failing,
            central,
            "central",
            token=REFUSED_TOKEN,
            buckets=(("failing-to-central", "central-bucket"),),
        )
        write_points(failing, 5)
        await until_failing(failing)
        yield central, healthy, failing
    finally:
        for server in (healthy, failing, central):
            server.stop()
