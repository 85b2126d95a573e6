"""Write the README's screenshots from the real app, then check that no token is in them.

    .venv/bin/python scripts/make_screenshots.py [--out screenshots]

Everything runs headless at 120x36 against bundled servers on loopback:

- the demo (`remotes-tui --demo`'s own servers: an edge replicating to three centrals, points flowing):
  `main.svg` (the table with its Health column, a remote with replications highlighted), `test-dialog.svg` (the
  connection test of that remote), `form-validation.svg` (the new-remote form with errors), `delete-dialog.svg`
  (the delete dialog of a remote with replications), `bulk-delete.svg` (three marked remotes, one in use);
- a fleet of three seeded servers and one that is down: `fleet.svg`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from remotes_tui.api import ConnectionSettings
from remotes_tui.app import RemotesApp
from remotes_tui.cli.demo import Demo, start_demo
from remotes_tui.devserver import DevServer
from remotes_tui.fleet import FleetServer
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal
from remotes_tui.ui.modals.remote_form import RemoteFormModal

SIZE = (120, 36)
HIGHLIGHTED = "central-eu"
"""A demo remote used by two replications."""
MARKED = ("analytics-sandbox", HIGHLIGHTED, "edge-aggregator")
"""Marked with space for the bulk delete: one of them is in use."""
TYPED_TOKEN = "screenshot-token-never-shown"
FLEET = ("edge-lab", "edge-paris", "edge-rome")
DOWN = ("edge-oslo", "http://127.0.0.1:1")
"""A fleet member nothing listens for (port 1): the server list says it is unreachable."""
ROOT = Path(__file__).resolve().parents[1]


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, seconds: float = 20.0
) -> None:
    try:
        async with asyncio.timeout(seconds):
            while not condition():
                await pilot.pause(0.05)
    except TimeoutError:
        raise SystemExit(f"make_screenshots: timed out waiting for {what}") from None


def still_cursor(app: RemotesApp) -> None:
    """Stop the input cursors blinking, so a screenshot never catches one half-way."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


async def demo_shots(demo: Demo, save: Callable[[RemotesApp, str], None]) -> None:
    app = RemotesApp(demo.settings, token_store=demo.token_store, server_label="demo", allow_profiles=False)
    async with app.run_test(size=SIZE) as pilot:
        main = app.main_screen
        await wait_until(pilot, lambda: main.state == "ready" and main.table.total_count > 0, "the remotes")
        remote = next(r for r in main.table.visible_remotes if r.name == HIGHLIGHTED)
        main.table.select_id(remote.id)
        main.table.focus()
        await wait_until(pilot, lambda: "telemetry-to-eu" in app.export_screenshot(), "the replications")
        await pilot.pause(0.2)
        save(app, "main.svg")

        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, RemoteCheckModal), "the connection test")
        dialog = app.screen
        assert isinstance(dialog, RemoteCheckModal)
        await wait_until(pilot, lambda: dialog.settled, "the connection test's result")
        await pilot.pause(0.2)
        save(app, "test-dialog.svg")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main, "the test dialog to close")

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, RemoteFormModal), "the new-remote form")
        form = app.screen
        for selector, text in (
            ("#input-remote_url", "ftp://central.example.com"),
            ("#input-remote_api_token", TYPED_TOKEN),
            ("#input-remote_org_id", "not-an-org-id"),
        ):
            form.query_one(selector, Input).value = text
        await pilot.press("ctrl+s")
        await pilot.pause()
        still_cursor(app)
        await pilot.pause(0.2)
        save(app, "form-validation.svg")
        form.dismiss(None)
        await wait_until(pilot, lambda: app.screen is main, "the form to close")

        main.table.select_id(remote.id)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteRemoteModal), "the delete dialog")
        status = app.screen.query_one("#delete-status", Static)
        await wait_until(pilot, lambda: "use this remote" in str(status.render()), "the replication check")
        await pilot.pause(0.2)
        save(app, "delete-dialog.svg")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main, "the delete dialog to close")

        for name in MARKED:
            main.table.select_id(next(r for r in main.table.visible_remotes if r.name == name).id)
            await pilot.pause()
            await pilot.press("space")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteRemoteModal), "the bulk delete dialog")
        outcome = app.screen.query_one("#delete-outcome", Static)
        await wait_until(pilot, lambda: HIGHLIGHTED in str(outcome.render()), "what the bulk delete would do")
        await pilot.pause(0.2)
        save(app, "bulk-delete.svg")


async def fleet_shot(servers: list[DevServer], save: Callable[[RemotesApp, str], None]) -> None:
    tokens = MemoryTokenStore()
    members = [
        FleetServer.of_settings(
            name, ConnectionSettings(url=server.url, token=server.token, org_id=server.org_id), tokens
        )
        for name, server in zip(FLEET, servers, strict=True)
    ]
    name, url = DOWN
    down = ConnectionSettings(url=url, token=TYPED_TOKEN, org_id="0000000000000001")
    members.append(FleetServer.of_settings(name, down, tokens))
    app = RemotesApp(token_store=tokens, fleet=members, allow_profiles=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.fleet_screen is not None, "the fleet")
        screen = app.fleet_screen
        assert screen is not None

        def settled() -> bool:
            reports = [screen.reports.get(member.name) for member in members]
            return all(r is not None and r.status.value != "loading" for r in reports) and all(
                r.health is not None for r in reports if r is not None and r.status.loaded
            )

        await wait_until(pilot, settled, "every server's answer")
        await pilot.pause(0.3)
        save(app, "fleet.svg")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the SVGs")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(app: RemotesApp, name: str) -> None:
        app.save_screenshot(name, path=str(out))
        written.append(out / name)

    secrets = [TYPED_TOKEN]
    demo = start_demo()
    try:
        secrets += [server.token for server in demo.servers]
        asyncio.run(demo_shots(demo, save))
    finally:
        demo.stop()
    fleet = [DevServer(port=0, seed_demo=True, id_seed=20261126 + n) for n in range(len(FLEET))]
    try:
        for server in fleet:
            server.start()
        secrets += [server.token for server in fleet]
        asyncio.run(fleet_shot(fleet, save))
    finally:
        for server in fleet:
            server.stop()
    for path in written:
        text = path.read_text(encoding="utf-8")
        if any(secret in text for secret in secrets):
            path.unlink()
            print(f"make_screenshots: {path.name} showed a token; deleted it.", file=sys.stderr)
            return 1
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
