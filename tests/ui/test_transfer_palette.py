"""The palette's export and import on the main screen, over real HTTP against two bundled servers."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input

from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.transfer import document_from_remotes, dumps
from remotes_tui.ui.modals.import_plan import ImportPlanModal
from remotes_tui.ui.modals.path_prompt import PathPrompt
from remotes_tui.ui.modals.remote_token_prompt import RemoteTokenPrompt
from remotes_tui.ui.screens.main import MainScreen
from tests.support.palette import run_from_palette
from tests.support.servers import make_server
from tests.support.toasts import record_messages
from tests.support.waiting import main_loaded, press_to_show, press_until_settled, settle, wait_until
from tests.ui.conftest import build_app
from tests.ui.support_bulk import TOKENS, server_remotes, text_of, three_remotes

SIZE = (120, 36)


async def test_export_writes_the_default_file_without_tokens(
    ui_server: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fleet = await three_remotes(ui_server)
    app = build_app(ui_server, token_store=fleet.store)
    notes = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await run_from_palette(pilot, "export remotes", "Export remotes to a file…")
        await wait_until(lambda: isinstance(app.screen, PathPrompt))
        await pilot.pause()
        assert screen.session is not None and screen.session.org is not None
        default = f"remotes-{screen.session.org.name}.json"
        assert app.screen.query_one("#path-input", Input).value == default
        await pilot.press("enter")
        await wait_until(lambda: screen.transfer.last_export is not None)
        await settle(pilot)
    written = tmp_path / default
    assert screen.transfer.last_export == written
    assert notes[-1] == f"Wrote 3 remotes to {written} (no tokens)."
    text = written.read_text()
    assert not any(token in text for token in [*TOKENS.values(), ui_server.token])
    document = json.loads(text)
    assert [remote["name"] for remote in document["remotes"]] == sorted(TOKENS)
    assert document["server"] == ui_server.url and document["orgID"] == ui_server.org_id


def path_prompt_state(pilot: Pilot[Any]) -> tuple[str, str]:
    """What the path prompt holds and the error under it."""
    screen = pilot.app.screen
    assert isinstance(screen, PathPrompt)
    return screen.query_one("#path-input", Input).value, text_of(pilot.app, "#path-error")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("{tmp}/no-such-folder/remotes.json", "No such file or directory"),
        ("{tmp}/a-file/remotes.json", "Not a directory"),
        ("~/no-such-folder/remotes.json", "No such file or directory"),  # comes back with its ~, as typed
    ],
)
async def test_an_export_that_cannot_be_written_asks_again_with_the_path_as_typed(
    ui_server: DevServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, reason: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "a-file").write_text("not a folder")
    fleet = await three_remotes(ui_server)
    app = build_app(ui_server, token_store=fleet.store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await run_from_palette(pilot, "export remotes", "Export remotes to a file…")
        await wait_until(lambda: isinstance(app.screen, PathPrompt))
        first = app.screen
        typed = typed.format(tmp=tmp_path)
        first.query_one("#path-input", Input).value = typed
        await pilot.press("enter")
        await wait_until(lambda: isinstance(app.screen, PathPrompt) and app.screen is not first)
        await settle(pilot)
        where = typed.replace("~", str(tmp_path))
        assert path_prompt_state(pilot) == (typed, f"Could not write {where}: {reason}. Nothing was written.")
        assert await asyncio.to_thread(os.listdir, tmp_path) == ["a-file"]  # no file, no temporary file left

        app.screen.query_one("#path-input", Input).value = str(tmp_path / "remotes.json")
        await pilot.press("enter")
        await wait_until(lambda: screen.transfer.last_export is not None)
    assert screen.transfer.last_export == tmp_path / "remotes.json"
    assert len(json.loads((tmp_path / "remotes.json").read_text())["remotes"]) == 3


async def test_a_file_that_cannot_be_imported_asks_again_with_the_path_as_typed(
    ui_server: DevServer, tmp_path: Path
) -> None:
    not_json = tmp_path / "notes.json"
    not_json.write_text("remotes: central-eu")
    app = build_app(ui_server)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        await run_from_palette(pilot, "import remotes", "Import remotes from a file…")
        await wait_until(lambda: isinstance(app.screen, PathPrompt))
        first = app.screen
        first.query_one("#path-input", Input).value = str(not_json)
        await pilot.press("enter")
        await wait_until(lambda: isinstance(app.screen, PathPrompt) and app.screen is not first)
        await settle(pilot)
        typed, error = path_prompt_state(pilot)
        assert typed == str(not_json)
        assert error.startswith(f"{not_json} is not valid JSON (") and error.endswith("Nothing was imported.")
    assert await server_remotes(ui_server) == []


async def import_through_palette(pilot: Pilot[Any], path: Path) -> ImportPlanModal:
    await run_from_palette(pilot, "import remotes", "Import remotes from a file…")
    await wait_until(lambda: isinstance(pilot.app.screen, PathPrompt))
    pilot.app.screen.query_one("#path-input", Input).value = str(path)
    return await press_until_settled(pilot, "enter", screen=ImportPlanModal)


async def export_file(source: DevServer, tmp_path: Path) -> Path:
    path = tmp_path / "remotes.json"
    remotes = await server_remotes(source)
    path.write_text(dumps(document_from_remotes(remotes, server=source.url, org_id=source.org_id)))
    return path


async def test_import_shows_the_plan_first_then_creates_and_a_second_import_changes_nothing(
    ui_server: DevServer, tmp_path: Path
) -> None:
    fleet = await three_remotes(ui_server)  # the source server; its saved tokens are found by URL
    path = await export_file(ui_server, tmp_path)
    with make_server() as target:
        app = build_app(target, token_store=fleet.store)
        notes = record_messages(app)
        async with app.run_test(size=SIZE) as pilot:
            screen = await main_loaded(pilot)
            modal = await import_through_palette(pilot, path)
            assert text_of(app, "#plan-summary") == (
                "Plan: 3 to create, 0 to update, 0 unchanged, 0 conflicts."
            )
            lines = [str(line.render()) for line in app.screen.query(".plan-item")]
            assert lines[0].startswith("create    central-a  http://")
            assert await server_remotes(target) == []  # nothing is written before the confirmation
            await pilot.press("y")
            await wait_until(lambda: screen.transfer.last_report is not None and app.screen is screen)
            await wait_until(lambda: screen.table.total_count == 3)
            await settle(pilot)
            assert notes[-1] == "Imported remotes.json: 3 created, 0 updated, 0 unchanged."
            created = {remote.name: remote for remote in await server_remotes(target)}
            for name, token in TOKENS.items():
                assert fleet.store.get(remote_key(target.url, created[name].id)) == token

            modal = await import_through_palette(pilot, path)
            assert (
                text_of(app, "#plan-summary") == "Plan: 0 to create, 0 to update, 3 unchanged, 0 conflicts."
            )
            assert modal.query_one("#plan-confirm", Button).disabled
            assert "Update those that differ" not in text_of(app, ".modal-help")  # nothing differs
            await pilot.press("escape")
            await wait_until(lambda: app.screen is screen)
        assert len(await server_remotes(target)) == 3


async def test_import_without_a_saved_token_asks_and_a_cancel_writes_nothing(
    ui_server: DevServer, tmp_path: Path
) -> None:
    await three_remotes(ui_server)
    path = await export_file(ui_server, tmp_path)
    with make_server() as target:
        app = build_app(target, token_store=MemoryTokenStore())
        notes = record_messages(app)
        async with app.run_test(size=SIZE) as pilot:
            screen = await main_loaded(pilot)
            await import_through_palette(pilot, path)
            await press_to_show(pilot, "y", screen=RemoteTokenPrompt)
            await pilot.pause()
            assert "No token is saved on this machine" in str(
                app.screen.query_one("#test-token-reason").render()
            )
            first = app.screen
            first.query_one("#test-token", Input).value = "typed-for-the-first-url"
            await pilot.press("enter")
            await wait_until(lambda: isinstance(app.screen, RemoteTokenPrompt) and app.screen is not first)
            await pilot.press("escape")  # the second URL's prompt: cancelled
            await wait_until(lambda: app.screen is screen and bool(notes))
            assert notes[-1].startswith("Import cancelled: no token for http://")
            assert notes[-1].endswith("Nothing was written.")
            assert isinstance(screen, MainScreen)
        assert await server_remotes(target) == []


async def test_a_remote_that_differs_is_a_conflict_unless_the_box_is_ticked(
    ui_server: DevServer, tmp_path: Path
) -> None:
    fleet = await three_remotes(ui_server)
    path = await export_file(ui_server, tmp_path)
    document = json.loads(path.read_text())
    document["remotes"][0]["description"] = "changed in the file"
    path.write_text(json.dumps(document))
    app = build_app(ui_server, token_store=fleet.store)
    notes = record_messages(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        modal = await import_through_palette(pilot, path)
        assert text_of(app, "#plan-summary") == "Plan: 0 to create, 0 to update, 2 unchanged, 1 conflict."
        assert modal.query_one("#plan-confirm", Button).disabled
        assert "u Update those that differ" in text_of(app, ".modal-help")
        await pilot.press("u")  # from the Cancel button, where the dialog opens
        await settle(pilot)
        assert modal.query_one("#plan-update", Checkbox).value
        assert text_of(app, "#plan-summary") == "Plan: 0 to create, 1 to update, 2 unchanged, 0 conflicts."
        await pilot.click("#plan-update")
        await settle(pilot)
        assert text_of(app, "#plan-summary") == "Plan: 0 to create, 0 to update, 2 unchanged, 1 conflict."
        await pilot.click("#plan-update")
        await settle(pilot)
        assert text_of(app, "#plan-summary") == "Plan: 0 to create, 1 to update, 2 unchanged, 0 conflicts."
        await pilot.press("y")
        await wait_until(lambda: screen.transfer.last_report is not None)
        await settle(pilot)
        assert notes[-1] == "Imported remotes.json: 0 created, 1 updated, 2 unchanged."
    changed = {remote.name: remote for remote in await server_remotes(ui_server)}["central-a"]
    assert changed.description == "changed in the file"
