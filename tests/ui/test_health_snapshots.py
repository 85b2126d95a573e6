"""Snapshots of health: the table with every health state (80x24 and 120x36), the health that cannot be
read, and the connection test's result (80x24 and 120x36). Each accepted SVG was rendered to PNG and looked at.

Repeatable: servers with fixed IDs, demo remotes with fixed URLs, a fixed wall clock (conftest) and a fixed
clock for the test's step times. Update with: .venv/bin/pytest tests/ui/test_health_snapshots.py --snapshot-update
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from remotes_tui.api import InfluxClient, ReplicationCreationRequest
from remotes_tui.api.remote_check import RemoteCheck, RemoteTarget
from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer, FaultConfig
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal
from tests.support.edge_central import REMOTE_TOKEN, add_remote, make_central, make_edge
from tests.support.replication_status import store_status
from tests.support.servers import ID_SEED, TEST_TOKEN, settings_for
from tests.support.snapshots import SecretFreeSnapshot
from tests.support.waiting import main_loaded, settle, wait_until
from tests.ui.conftest import build_app

SnapCompare = Callable[..., bool]
MiB = 1024 * 1024
SIZES = [(80, 24), (120, 36)]


async def every_health_state(server: DevServer) -> None:
    """Beside the demo's ok, no data yet, failing 401 and unused: a queue at 87%, a TLS failure, a refusal."""
    states = {
        "edge-aggregator": (204, "", 56 * MiB, 53 * MiB),
        "lab-selfsigned": (
            0,
            'Post "https://10.20.0.15:8086/api/v2/write?bucket=telemetry&org=0f1e2d3c4b5a6978": tls: failed to '
            "verify certificate: x509: certificate signed by unknown authority",
            12 * MiB,
            12 * MiB,
        ),
        "staging-central": (
            0,
            'Post "https://staging.influx.example.com/api/v2/write?bucket=telemetry&org=0f1e2d3c4b5a6978": dial '
            "tcp 192.0.2.10:443: connect: connection refused",
            3 * MiB,
            3 * MiB,
        ),
    }
    async with InfluxClient(settings_for(server)) as client:
        remotes = {remote.name: remote for remote in await client.remotes.list(server.org_id)}
        for name, (code, message, current, remaining) in states.items():
            replication = await client.replications.create(
                ReplicationCreationRequest(
                    name=f"to-{name}",
                    org_id=server.org_id,
                    remote_id=remotes[name].id,
                    local_bucket_id=server.bucket_id,
                    remote_bucket_name="telemetry",
                )
            )
            store_status(
                server, replication.id, code=code, message=message, current=current, remaining=remaining
            )


def demo_app(server: DevServer) -> RemotesApp:
    return build_app(server, token_store=MemoryTokenStore(), server_label="demo")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_snapshot_every_health_state_worst_first(
    snap_compare: SnapCompare, snapshot_demo_server: DevServer, size: tuple[int, int]
) -> None:
    asyncio.run(every_health_state(snapshot_demo_server))
    app = demo_app(snapshot_demo_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await main_loaded(pilot)
        await pilot.press("s", "home")  # sort by health: the worst first, and show it
        await settle(pilot)
        health = screen.table.health
        assert health is not None
        assert [health.label(r.id) for r in screen.table.visible_remotes] == [
            "failing 401",  # failing first, the fullest queue first: 72%, 19%, 5%
            "failing tls",
            "failing refused",
            "queue 87%",
            "no data yet",
            "ok",
            "unused",
            "unused",
        ]
        status = str(screen.status_line.content)
        assert status.startswith("8 remotes · 3 failing · 1 queue over 80% · updated just now"), status

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_health_that_cannot_be_read(
    snap_compare: SnapCompare, snapshot_demo_server: DevServer
) -> None:
    snapshot_demo_server.faults = FaultConfig(
        error_status=503, error_rate=1.0, paths=("/api/v2/replications",)
    )
    app = demo_app(snapshot_demo_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await main_loaded(pilot)
        await wait_until(lambda: "8 health unknown" in str(screen.status_line.content))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


@pytest.fixture
def check_servers() -> Iterator[tuple[DevServer, DevServer]]:
    central = make_central(id_seed=ID_SEED + 1)
    edge = make_edge(id_seed=ID_SEED + 2)
    yield edge, central
    edge.stop()
    central.stop()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_snapshot_connection_test_result(
    snap_check: SecretFreeSnapshot,
    snapshot_demo_server: DevServer,
    check_servers: tuple[DevServer, DevServer],
    size: tuple[int, int],
) -> None:
    """A real test of a real central (one bucket is missing there), shown over the demo's main screen."""
    edge, central = check_servers
    app = demo_app(snapshot_demo_server)
    ticks = itertools.count()

    async def run_before(pilot: Pilot[Any]) -> None:
        await main_loaded(pilot)
        remote_id, uses = await add_remote(
            edge, central, "central", buckets=(("to-central", "central-bucket"), ("to-archive", "archive"))
        )
        async with InfluxClient(settings_for(edge)) as edge_client:
            saved = await edge_client.remotes.get(remote_id)

            async def make() -> RemoteCheck:
                target = RemoteTarget.of_remote(saved, REMOTE_TOKEN)
                clock = lambda: next(ticks) * 0.0125  # noqa: E731 - 12.5 ms a step, on every run
                return RemoteCheck(target, replications=uses, edge=edge_client, clock=clock)

            dialog = RemoteCheckModal("Test central", make)
            await app.push_screen(dialog)
            await wait_until(lambda: dialog.settled and dialog.report is not None, seconds=20)
            await settle(pilot)
        assert dialog.report is not None and len(dialog.report.failed) == 2

    snap_check(app, terminal_size=size, run_before=run_before, secrets=[TEST_TOKEN, REMOTE_TOKEN])
