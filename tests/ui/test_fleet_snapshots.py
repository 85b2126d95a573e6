"""Snapshots of the fleet view (every server state, a spinner, the full error of the highlighted server) and of
a rotation's result (one remote still on the old token), at 80x24 and 120x36; each looked at as a picture.

Nothing random reaches them: IDs are seeded, the down server is port 1, round trips are set to fixed values
once loaded, the spinner is stopped on its first frame, and the server list's cursor is on the down server
(so the note under the list shows its fixed URL: the live servers' random ports are in no line shown). Update with:
    .venv/bin/pytest tests/ui/test_fleet_snapshots.py --snapshot-update
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer, FaultConfig
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.screens.fleet import FleetScreen
from tests.support.fleet_servers import add_remotes, running
from tests.support.servers import ID_SEED, TEST_TOKEN, make_server
from tests.support.snapshots import SecretFreeSnapshot
from tests.support.waiting import wait_until
from tests.ui.fleet_support import fleet_app, fleet_loaded, fleet_screen, plan_rotation, save_profile

CENTRAL = "https://central-eu.example.com:8086"
DOWN = "http://127.0.0.1:1"
ROTATED_TOKEN = "rotated-token-DO-NOT-LEAK-0003"
MADRID_TOKEN = "a-token-madrid-refuses-0004"
SIZES = [(120, 36), (80, 24)]

pytestmark = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")


def steady(screen: FleetScreen) -> None:
    """Fixed round trips (20 ms + 1 ms per server), the spinner on its first frame."""
    for index, name in enumerate(screen.server_list.names):
        report = screen.reports.get(name)
        if report is not None and report.round_trip is not None:
            steadier = dataclasses.replace(report, round_trip=0.020 + index / 1000)
            screen.reports[name] = steadier
            screen.server_list.show(steadier)
    screen.server_list.freeze_spinner()
    screen.server_list.focus()
    screen.server_list.select("edge-oslo")  # the note under the list: a fixed URL and error


async def details_settled(pilot: Pilot[Any], screen: FleetScreen) -> None:
    """Every loaded server's health is in, the table has its rows, the details pane has settled."""
    await wait_until(
        lambda: (
            all(r.health is not None for r in screen.reports.values() if r.status.loaded)
            and not screen._rows_pending
        )
    )
    detail = screen.detail
    await wait_until(
        lambda: (
            detail.remote is not None
            and not detail.query_one("#replications-loading").display
            and detail.fields.value("token") != "checking…"
        )
    )
    await pilot.pause()


async def steady_with_oslo_down(pilot: Pilot[Any], screen: FleetScreen) -> None:
    """Once the details have settled, fix what moves (`steady`); the note under the list says edge-oslo
    refused the connection."""
    await details_settled(pilot, screen)
    steady(screen)
    await pilot.pause()
    assert "Connection refused" in str(screen.server_note.content)


@dataclasses.dataclass
class Fleet:
    """Five running bundled servers (IDs seeded), and the profiles a test saves for them with their tokens."""

    servers: tuple[DevServer, ...]
    profiles: ProfileStore
    tokens: MemoryTokenStore = dataclasses.field(default_factory=MemoryTokenStore)

    def save(self, name: str, url: str, **kw: Any) -> None:
        """Profile `name` for `url` (`save_profile`: token, org, read_only, ...)."""
        save_profile(self.profiles, self.tokens, name, url, **kw)

    def app(self) -> RemotesApp:
        """The app as `remotes-tui --fleet` opens it on the saved profiles."""
        return fleet_app(self.profiles, self.tokens)


@pytest.fixture
def fleet(profile_store: ProfileStore) -> Iterator[Fleet]:
    servers = (
        make_server(seed_demo=True, id_seed=ID_SEED),
        make_server(id_seed=ID_SEED + 1),
        make_server(id_seed=ID_SEED + 2),
        make_server(id_seed=ID_SEED + 3),
        make_server(id_seed=ID_SEED + 4),
    )
    with running(*servers):
        yield Fleet(servers, profile_store)


def test_snapshot_fleet_view(snap_check: SecretFreeSnapshot, fleet: Fleet, size: tuple[int, int]) -> None:
    berlin, paris, madrid, lab, slow = fleet.servers

    async def setup() -> None:
        await add_remotes(paris, ["central-eu", "backup-dc2"], url=CENTRAL)
        await add_remotes(lab, ["central-eu"], url=CENTRAL)
        await add_remotes(slow, ["central-eu"], url=CENTRAL)

    asyncio.run(setup())
    fleet.save("edge-berlin", berlin.url)
    fleet.save("edge-paris", paris.url)
    fleet.save("edge-madrid", madrid.url, token=MADRID_TOKEN)
    fleet.save("edge-lab", lab.url, read_only=True)
    fleet.save("edge-noorg", lab.url, org="no-such-org")
    fleet.save("edge-oslo", DOWN)
    fleet.save("edge-slow", slow.url)
    app = fleet.app()

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await fleet_loaded(pilot, but=["edge-slow"])
        await steady_with_oslo_down(pilot, screen)

    with slow.hold("/api/v2/remotes"):
        snap_check(app, terminal_size=size, run_before=run_before, secrets=[TEST_TOKEN, MADRID_TOKEN])


def test_snapshot_rotation_result(
    snap_check: SecretFreeSnapshot, fleet: Fleet, size: tuple[int, int]
) -> None:
    _, paris, rome, lab, _ = fleet.servers

    async def setup() -> list[Any]:
        await add_remotes(paris, ["central-eu", "backup"], url=CENTRAL)
        await add_remotes(lab, ["central-eu"], url=CENTRAL)
        return await add_remotes(rome, ["central-eu", "central-eu-2"], url=CENTRAL)

    failing = asyncio.run(setup())
    fleet.save("edge-paris", paris.url)
    fleet.save("edge-rome", rome.url)
    fleet.save("edge-lab", lab.url)
    fleet.save("edge-oslo", DOWN)
    rome.faults = FaultConfig(error_status=503, error_rate=1.0, paths=(f"/api/v2/remotes/{failing[1].id}",))
    app = fleet.app()

    async def run_before(pilot: Pilot[Any]) -> None:
        await fleet_loaded(pilot)
        await steady_with_oslo_down(pilot, fleet_screen(app))
        modal = await plan_rotation(pilot, ROTATED_TOKEN)
        await pilot.press("y")
        await wait_until(lambda: modal.phase == "run" and not modal.rotating)
        await wait_until(lambda: "still has the old one" in str(modal.query_one("#rotation-summary").content))
        await pilot.pause()

    snap_check(app, terminal_size=size, run_before=run_before, secrets=[TEST_TOKEN, ROTATED_TOKEN])
