"""Write the README's screenshots from the real app on demo data, then check that no token is in them.

    .venv/bin/python scripts/make_screenshots.py [--out screenshots]

It starts the bundled server seeded with the demo remotes (deterministic IDs), opens `RemotesApp` headless at
120x36 and saves three SVGs: the main screen with a remote that has replications highlighted, the new-remote
form showing validation errors, and the delete dialog for a remote with replications.
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
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal
from remotes_tui.ui.modals.remote_form import RemoteFormModal

ID_SEED = 20261126
SIZE = (120, 36)
HIGHLIGHTED = "central-eu"
"""A demo remote used by two replications."""
TYPED_TOKEN = "screenshot-token-never-shown"
ROOT = Path(__file__).resolve().parents[1]


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, seconds: float = 15.0
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


async def take(server: DevServer, out: Path) -> list[Path]:
    settings = ConnectionSettings(url=server.url, token=server.token, org_id=server.org_id)
    app = RemotesApp(settings, token_store=MemoryTokenStore(), server_label="demo")
    written: list[Path] = []

    def save(name: str) -> None:
        app.save_screenshot(name, path=str(out))
        written.append(out / name)

    async with app.run_test(size=SIZE) as pilot:
        main = app.main_screen
        await wait_until(pilot, lambda: main.state == "ready" and main.table.total_count > 0, "the remotes")
        remote = next(r for r in main.table.visible_remotes if r.name == HIGHLIGHTED)
        main.table.select_id(remote.id)
        main.table.focus()
        await wait_until(pilot, lambda: "telemetry-to-eu" in app.export_screenshot(), "the replications")
        await pilot.pause(0.2)
        save("main.svg")

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
        save("form-validation.svg")
        form.dismiss(None)
        await wait_until(pilot, lambda: app.screen is main, "the form to close")

        main.table.select_id(remote.id)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DeleteRemoteModal), "the delete dialog")
        status = app.screen.query_one("#delete-status", Static)
        await wait_until(pilot, lambda: "use this remote" in str(status.render()), "the replication check")
        await pilot.pause(0.2)
        save("delete-dialog.svg")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the SVGs")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with DevServer(port=0, seed_demo=True, id_seed=ID_SEED) as server:
        written = asyncio.run(take(server, out))
        secrets = [server.token, TYPED_TOKEN]
    for path in written:
        text = path.read_text(encoding="utf-8")
        leaked = [secret for secret in secrets if secret in text]
        if leaked:
            path.unlink()
            print(f"make_screenshots: {path.name} showed a token; deleted it.", file=sys.stderr)
            return 1
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
