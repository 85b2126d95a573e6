"""The demo: still and repeatable without a trickle; with one, healthy replications drain and the 401 one fills."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from remotes_tui.devserver import DevServer

from .httpclient import Client
from .test_replication_engine import wait_for

REPO = Path(__file__).resolve().parents[2]
MAX_QUEUE = 67108860


def _replications(client: Client) -> dict[str, dict[str, Any]]:
    listed = client.get(f"/api/v2/replications?orgID={client.server.org_id}").json()["replications"]
    return {r["name"]: r for r in listed}


def test_the_seeded_demo_without_a_trickle_is_still_and_repeatable() -> None:
    def snapshot() -> tuple[Any, Any]:
        with DevServer(port=0, seed_demo=True, id_seed=7, token="t") as server:
            client = Client(server)
            first = _replications(client)
            again = _replications(client)
            client.close()
            names = [t.name for t in threading.enumerate()]
            assert not [n for n in names if n.startswith(("devserver-replication", "devserver-trickle"))]
            return first, again

    first, again = snapshot()
    assert first == again
    assert snapshot()[0] == first
    assert first["nightly-backup"]["currentQueueSizeBytes"] == 46 * 1024 * 1024
    assert first["nightly-backup"]["latestErrorMessage"] == "unauthorized access"


def test_a_trickle_needs_a_target() -> None:
    with pytest.raises(ValueError, match="demo_trickle needs seed_demo=True and a demo_target"):
        DevServer(seed_demo=True, demo_trickle=True)


@pytest.fixture
def demo() -> Iterator[tuple[DevServer, DevServer]]:
    with (
        DevServer(port=0, org="central-org", bucket="edge-data") as central,
        DevServer(
            port=0,
            org="edge-site-01",
            bucket="telemetry",
            seed_demo=True,
            demo_target=central.as_demo_target(),
            demo_trickle=True,
        ) as edge,
    ):
        yield edge, central


def test_with_the_trickle_healthy_replications_drain_and_the_refused_one_fills(
    demo: tuple[DevServer, DevServer],
) -> None:
    edge, central = demo
    client = Client(edge)
    seeded = 46 * 1024 * 1024
    wait_for(lambda: central.points_received("edge-data") > 0, what="points at the central server")

    def refused() -> dict[str, Any] | None:
        backup = _replications(client)["nightly-backup"]
        return (
            backup if backup.get("latestErrorMessage", "").startswith("invalid response code 401") else None
        )

    backup = wait_for(refused, what="the 401 of nightly-backup")
    assert backup["latestResponseCode"] == 401
    assert backup["latestErrorMessage"] == "invalid response code 401, must be 204: unauthorized access"

    trickle = edge._trickle
    assert trickle is not None
    wait_for(lambda: trickle.batches >= 4, what="four trickle batches")
    while True:  # a consistent reading: no batch landed between the two counts
        batches = trickle.batches
        current = _replications(client)["nightly-backup"]["currentQueueSizeBytes"]
        if trickle.batches == batches:
            break
    per_second = (current - seeded) / batches / 0.5
    seconds_to_80_percent = (0.8 * MAX_QUEUE - seeded) / per_second
    assert 20 < seconds_to_80_percent < 60, (per_second, seconds_to_80_percent)

    healthy = {name: r for name, r in _replications(client).items() if name != "nightly-backup"}
    for name, replication in healthy.items():
        assert replication.get("latestResponseCode") in (204, None), (name, replication)
        assert replication["remainingBytesToBeSynced"] < 1024 * 1024, (
            name,
            replication,
        )  # drained as it comes
    client.close()


def _serve(*args: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "remotes_tui", "serve", "--port", "0", "--token", "t", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert "listening on http://127.0.0.1:" in line, line
    return proc, int(line.split("http://127.0.0.1:", 1)[1].split()[0])


def _get(port: int, path: str) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Authorization": "Token t"})
    data = json.loads(conn.getresponse().read())
    conn.close()
    return data


def test_serve_seed_demo_replicates_to_itself() -> None:
    proc, port = _serve("--seed-demo")
    try:
        org_id = _get(port, "/api/v2/orgs")["orgs"][0]["id"]
        remotes = _get(port, f"/api/v2/remotes?orgID={org_id}")["remotes"]
        assert {r["remoteURL"] for r in remotes} == {f"http://127.0.0.1:{port}"}
        wait_for(lambda: _get(port, "/_devserver/received?bucket=demo-replica")["points"] > 0, what="points")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_serve_seed_demo_no_trickle_stays_still() -> None:
    proc, port = _serve("--seed-demo", "--no-trickle")
    try:
        org_id = _get(port, "/api/v2/orgs")["orgs"][0]["id"]
        first = _get(port, f"/api/v2/replications?orgID={org_id}")
        assert _get(port, "/_devserver/received?bucket=demo-replica")["points"] == 0
        assert _get(port, f"/api/v2/replications?orgID={org_id}") == first
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_no_trickle_goes_with_seed_demo() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "remotes_tui", "serve", "--no-trickle"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert "--no-trickle goes with --seed-demo" in err
