"""`p` in the real app: switch between two saved servers, and the header follows the active profile."""

from __future__ import annotations

import pytest
from textual.command import DiscoveryHit

from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import MemoryTokenStore, profile_key
from remotes_tui.ui.commands import RemoteCommands
from remotes_tui.ui.profile_screens import ProfileSwitcherModal
from remotes_tui.ui.screens.help import HelpScreen
from remotes_tui.ui.widgets.key_footer import KeyFooter
from remotes_tui.ui.widgets.server_header import ServerHeader
from tests.support.servers import add_remote_via_api, settings_for
from tests.support.waiting import main_loaded, press_to_show, wait_until

SIZE = (120, 36)


@pytest.fixture
async def two_sites(devserver: DevServer, target_server: DevServer, profile_store: ProfileStore):
    await add_remote_via_api(target_server, "only-on-central", "https://dr.example.com", "t")
    profile_store.add(Profile(name="edge", url=devserver.url, org=devserver.org_name))
    profile_store.add(
        Profile(name="central", url=target_server.url, org_id=target_server.org_id, read_only=True)
    )
    profile_store.use("edge")
    tokens = MemoryTokenStore()
    tokens.set(profile_key("edge"), devserver.token)
    tokens.set(profile_key("central"), target_server.token)
    return profile_store, tokens


async def test_p_switches_profile_and_the_header_and_table_follow(two_sites, devserver: DevServer) -> None:
    profiles, tokens = two_sites
    app = RemotesApp(settings_for(devserver), token_store=tokens, profile_name="edge")
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        header = app.query_one(ServerHeader)
        assert "profile edge" in header.parts["profile"]
        assert screen.query_one("RemotesTable").total_count == 0

        await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
        await pilot.press("home", "enter")  # "central" sorts first
        await wait_until(lambda: app.screen is screen and app.session is not None)
        await wait_until(lambda: screen.query_one("RemotesTable").total_count == 1)
        header = app.query_one(ServerHeader)
        assert "profile central" in header.parts["profile"]
        assert app.read_only, "the central profile is read-only"
        assert app.screen.check_action("new_remote", ()) is not True
        assert profiles.active_name == "central"


async def test_the_demo_has_no_profile_switcher(devserver: DevServer) -> None:
    """Hidden, not dimmed: no `p` in the footer, the help or the palette, and the key does nothing."""
    app = RemotesApp(settings_for(devserver), token_store=MemoryTokenStore(), allow_profiles=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert not isinstance(app.screen, ProfileSwitcherModal)
        assert app.check_action("switch_profile", ()) is False
        assert "p" not in screen.active_bindings
        footer = screen.query_one(KeyFooter)
        assert "switch_profile" not in footer.shown_actions and "refresh" in footer.shown_actions
        assert not [span for span in footer.spans if span.action == "switch_profile"]

        titles = [
            hit.text async for hit in RemoteCommands(screen).discover() if isinstance(hit, DiscoveryHit)
        ]
        assert "Switch profile" not in titles and "Refresh remotes" in titles

        help_screen = await press_to_show(pilot, "question_mark", screen=HelpScreen)
        help_lines = help_screen.lines
        assert any(line.startswith("r ") for line in help_lines)
        assert not any(line.startswith("p ") or "Profiles" in line for line in help_lines)


async def test_the_command_line_read_only_survives_a_profile_switch(two_sites, devserver: DevServer) -> None:
    """`--read-only` holds for every profile: switching to a writable one keeps the window read-only."""
    _, tokens = two_sites
    app = RemotesApp(settings_for(devserver), token_store=tokens, profile_name="edge", read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        assert app.read_only and screen.check_action("new_remote", ()) is False
        await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
        await pilot.press("end", "enter")  # "edge" sorts last and is not read-only
        await wait_until(lambda: app.screen is screen and app.session is not None)
        await main_loaded(pilot)
        assert app.session is not None and app.session.profile_name == "edge"
        assert app.read_only and app.session.read_only
        assert screen.check_action("new_remote", ()) is False
        assert "READ-ONLY" in app.query_one(ServerHeader).text


async def test_a_read_only_profile_does_not_stick_after_switching_away(
    two_sites, devserver: DevServer
) -> None:
    """Without `--read-only`, the read-only flag comes from the profile switched to."""
    _, tokens = two_sites
    app = RemotesApp(
        settings_for(devserver), token_store=tokens, profile_name="central", profile_read_only=True
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        assert app.read_only
        await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
        await pilot.press("end", "enter")  # "edge", writable
        await wait_until(lambda: app.screen is screen and app.session is not None)
        await main_loaded(pilot)
        assert app.session is not None and app.session.profile_name == "edge"
        assert not app.read_only and screen.check_action("new_remote", ()) is True
