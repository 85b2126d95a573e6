"""SVG snapshots of the import plan on the demo server: a file with one new remote and two that differ, before
and after `u` ticks "Update those that differ", at 80x24 and 120x36. Nothing is imported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox

from remotes_tui.devserver import DevServer
from tests.support.waiting import main_loaded, settle
from tests.ui.support_bulk import text_of
from tests.ui.test_main_snapshots import demo_app
from tests.ui.test_transfer_palette import export_file, import_through_palette

SnapCompare = Callable[..., bool]


async def plan_file(server: DevServer, tmp_path: Path) -> Path:
    """The demo server's remotes as a file, with two changed and one added (a copy of the first, renamed)."""
    path = await export_file(server, tmp_path)
    document = json.loads(path.read_text())
    remotes = document["remotes"]
    remotes[0]["description"] = "moved to the new rack"
    remotes[1]["remoteURL"] = "https://central-backup.example.com:8086"
    remotes.append({**remotes[2], "name": "central-dr"})
    path.write_text(json.dumps(document))
    return path


CASES = [
    pytest.param((size, ticked), id=f"{size[0]}x{size[1]}-{'ticked' if ticked else 'conflicts'}")
    for size in ((80, 24), (120, 36))
    for ticked in (False, True)
]


@pytest.mark.parametrize("case", CASES)
def test_snapshot_import_plan(
    snap_compare: SnapCompare, snapshot_demo_server: DevServer, tmp_path: Path, case: Any
) -> None:
    size, ticked = case
    app = demo_app(snapshot_demo_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        await main_loaded(pilot)
        modal = await import_through_palette(pilot, await plan_file(snapshot_demo_server, tmp_path))
        if ticked:
            await pilot.press("u")
            await settle(pilot)
        assert modal.query_one("#plan-update", Checkbox).value is ticked
        assert text_of(app, "#plan-summary") == (
            "Plan: 1 to create, 2 to update, 6 unchanged, 0 conflicts."
            if ticked
            else "Plan: 1 to create, 0 to update, 6 unchanged, 2 conflicts."
        )

        # What needs a decision or will be written comes first, unchanged last (the list scrolls at 80x24).
        actions = [str(line.render()).split()[0] for line in app.screen.query(".plan-item")]
        assert actions == ["update" if ticked else "conflict"] * 2 + ["create"] + ["unchanged"] * 6

    assert snap_compare(app, terminal_size=size, run_before=run_before)
