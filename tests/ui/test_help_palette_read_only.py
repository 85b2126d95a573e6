"""The help screen and the command palette come from the real bindings; read-only mode hides every write."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit
from textual.pilot import Pilot

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore
from remotes_tui.ui.commands import RemoteCommands
from remotes_tui.ui.screens.help import HelpScreen
from remotes_tui.ui.screens.main import MainScreen
from tests.support.palette import run_from_palette
from tests.support.servers import settings_for
from tests.support.waiting import main_loaded, press_to_show, wait_until
from tests.ui.conftest import build_app

SIZE = (120, 36)
WRITE_KEYS = {"n": "new_remote", "e": "edit_remote", "d": "delete_remote"}


def footer_keys(screen: MainScreen) -> set[str]:
    """The keys the footer shows right now (what a user sees at the bottom)."""
    return {
        key for key, active in screen.active_bindings.items() if active.binding.show and active.node is screen
    }


async def open_help(pilot: Pilot[Any]) -> HelpScreen:
    return await press_to_show(pilot, "question_mark", screen=HelpScreen)


async def test_help_lists_every_main_screen_binding_with_its_key(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server)
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        help_screen = await open_help(pilot)
        lines = help_screen.lines
        assert lines[0] == "Remotes"
        for binding in MainScreen.BINDINGS:
            key = binding.key  # type: ignore[union-attr]
            display = app.get_key_display(binding.with_key(key))  # type: ignore[union-attr]
            description = binding.description  # type: ignore[union-attr]
            assert any(line.startswith(display + " ") and f" {description}" in line for line in lines), (
                f"{display} {description!r} missing from the help: {lines}"
            )
        # Groups come from the nodes that define the bindings: the table's cursor keys and the app's.
        table = lines.index("Remotes table")
        assert lines[table + 1].startswith("↑ / k ") and lines[table + 1].split()[-1] == "Up"
        assert any(line.startswith(app.get_key_display(Binding("ctrl+p", ""))) for line in lines)
        assert "Everywhere" in lines
        await pilot.press("escape")
        assert app.screen is main
        help_screen = await open_help(pilot)
        await pilot.press("q")
        assert app.screen is main and app.is_running


async def test_the_help_follows_a_keymap_change(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        app.set_keymap({"cycle-sort": "o"})
        await pilot.pause()
        help_screen = await open_help(pilot)
        assert any(line.startswith("o ") and " Sort " in line for line in help_screen.lines)
        assert not any(line.startswith("s ") for line in help_screen.lines)


async def test_palette_lists_every_main_screen_command(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server, allow_profiles=False)
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        provider = RemoteCommands(main)
        titles = [hit.text async for hit in provider.discover() if isinstance(hit, DiscoveryHit)]
        for title in (
            "New remote connection",
            "Edit remote connection",
            "Delete remote connection",
            "Filter remotes",
            "Clear filter",
            "Cycle sort column",
            "Reverse sort order",
            "Sort by name",
            "Sort by remote URL",
            "Sort by remote org ID",
            "Sort by insecure TLS",
            "Sort by ID",
            "Refresh remotes",
            "Copy remote ID",
            "Copy remote URL",
            "Hide or show details",
            "Show keys",
            "Quit",
        ):
            assert title in titles
        assert "Switch profile" not in titles  # profiles are off here, as in the demo

        hits = [hit async for hit in provider.search("sort url")]
        assert hits and isinstance(hits[0], Hit) and hits[0].text == "Sort by remote URL"
        assert hits[0].help is not None

        # Through the real palette: ctrl+p, type, enter runs the same action as the key.
        await run_from_palette(pilot, "sort by remote url", "Sort by remote URL")
        await wait_until(lambda: main.table.sort_key == "remote_url")
        assert app.screen is main


async def test_palette_offers_switch_profile_when_the_app_has_it(ui_demo_server: DevServer) -> None:
    calls: list[str] = []

    class SwitchingApp(RemotesApp):
        def action_switch_profile(self) -> None:
            calls.append("switch")

    app = SwitchingApp(settings_for(ui_demo_server), token_store=MemoryTokenStore())
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        provider = RemoteCommands(main)
        hits = {hit.text: hit async for hit in provider.discover() if isinstance(hit, DiscoveryHit)}
        assert "Switch profile" in hits
        await hits["Switch profile"].command()
        assert calls == ["switch"]


async def test_read_only_hides_and_refuses_every_write(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        assert main.header.read_only and main.header.text.startswith(" READ-ONLY ")
        for key, action in WRITE_KEYS.items():
            assert main.check_action(action, ()) is False
            assert key not in main.active_bindings
        assert not set(WRITE_KEYS) & footer_keys(main)
        assert {"slash", "s", "r", "y", "question_mark", "q"} <= footer_keys(main)

        for key in WRITE_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is main  # no form, no delete dialog

        provider = RemoteCommands(main)
        titles = [hit.text async for hit in provider.discover() if isinstance(hit, DiscoveryHit)]
        assert not {"New remote connection", "Edit remote connection", "Delete remote connection"} & set(
            titles
        )
        assert "Refresh remotes" in titles

        help_screen = await open_help(pilot)
        for word in ("New", "Edit", "Delete"):
            assert not any(f" {word}  " in line for line in help_screen.lines)


async def test_writable_mode_shows_the_write_keys(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server)
    async with app.run_test(size=SIZE) as pilot:
        main = await main_loaded(pilot)
        assert set(WRITE_KEYS) <= footer_keys(main)
        assert not main.header.read_only and "READ-ONLY" not in main.header.text
        for action in WRITE_KEYS.values():
            assert main.check_action(action, ()) is True
