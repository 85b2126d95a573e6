"""SVG snapshots of the profile screens at 80x24 and 120x36, reached with the keys a user presses.

The profile form (empty, filled, with errors), the switcher and the session-token prompt are opened with `p`
in the real app on a server with repeatable IDs, labelled "demo" so no port shows; the first-run screen is
the real first-run app, with a working keyring and without one. Tokens come from the real Secret Service
(the texts differ with and without a keyring); none may appear in a snapshot. Profile URLs are fixed strings.
Update with:  scripts/with-secret-service .venv/bin/pytest tests/ui/test_profile_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList

from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile, ProfileStore
from remotes_tui.tokens import LazyTokenStore, profile_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from remotes_tui.ui.profile_screens import (
    FirstRunApp,
    ProfileFormScreen,
    ProfileSwitcherModal,
    SessionTokenModal,
)
from tests.support.keys import deliver
from tests.support.servers import TEST_TOKEN
from tests.support.snapshots import SecretFreeSnapshot, steady_cursors
from tests.support.waiting import main_loaded, press_to_show, press_until_settled, settle, wait_until
from tests.ui.conftest import build_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
TYPED_TOKEN = "typed-profile-token-DO-NOT-LEAK-0006"
SAVED_TOKEN = "saved-profile-token-DO-NOT-LEAK-0007"
SECRETS = [TEST_TOKEN, TYPED_TOKEN, SAVED_TOKEN]

RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture
def saved_profiles(profile_store: ProfileStore, real_keyring: KeyringTokenStore) -> ProfileStore:
    """Three saved servers (fixed URLs): edge-1 active with its token, central read-only, lab without a token."""
    profile_store.add(Profile(name="edge-1", url="http://edge-1.plant.example:8086", org="plant-north"))
    profile_store.add(
        Profile(
            name="central",
            url="https://central.example.com:8086",
            org_id="0a1b2c3d4e5f6789",
            read_only=True,
        )
    )
    profile_store.add(Profile(name="lab", url="https://lab.example.com:8443", org="lab", skip_verify=True))
    profile_store.use("edge-1")
    real_keyring.set(profile_key("edge-1"), SAVED_TOKEN)
    real_keyring.set(profile_key("central"), SAVED_TOKEN)
    return profile_store


def profiles_app(server: DevServer, keyring: KeyringTokenStore) -> App[Any]:
    return build_app(server, token_store=keyring, server_label="demo", profile_name="edge-1")


async def open_switcher(pilot: Pilot[Any]) -> ProfileSwitcherModal:
    await main_loaded(pilot)
    switcher = await press_to_show(pilot, "p", screen=ProfileSwitcherModal)
    await wait_until(lambda: switcher.query_one(OptionList).option_count == 3)
    await settle(pilot)
    return switcher


async def open_new_profile_form(pilot: Pilot[Any]) -> ProfileFormScreen:
    await open_switcher(pilot)
    return await press_until_settled(pilot, "a", screen=ProfileFormScreen)


def then_check(run: RunBefore) -> RunBefore:
    """`run`, then steady cursors and a live check that no token is on screen."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await run(pilot)
        await settle(pilot)
        steady_cursors(pilot.app)
        await pilot.pause()
        screenshot = pilot.app.export_screenshot()
        assert not any(secret in screenshot for secret in SECRETS)

    return run_before


async def empty_form(pilot: Pilot[Any]) -> None:
    await open_new_profile_form(pilot)


async def filled_form(pilot: Pilot[Any]) -> None:
    await open_new_profile_form(pilot)
    await deliver(pilot, "paste", f"edge-7\thttp://edge-7.plant.example:8086\tplant-north\t{TYPED_TOKEN}")


async def form_with_errors(pilot: Pilot[Any]) -> None:
    await open_new_profile_form(pilot)
    await deliver(pilot, "paste", "list\tlocalhost:8086")
    await pilot.press("ctrl+s")


async def switcher(pilot: Pilot[Any]) -> None:
    await open_switcher(pilot)


async def session_token(pilot: Pilot[Any]) -> None:
    await open_switcher(pilot)
    await pilot.press("end", "enter")  # "lab": no token saved for it
    await wait_until(lambda: isinstance(pilot.app.screen, SessionTokenModal))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "run",
    [
        pytest.param(empty_form, id="form-empty"),
        pytest.param(filled_form, id="form-filled"),
        pytest.param(form_with_errors, id="form-errors"),
        pytest.param(switcher, id="switcher"),
        pytest.param(session_token, id="session-token"),
    ],
)
def test_snapshot_profile_screens(
    snap_check: SecretFreeSnapshot,
    snapshot_empty_server: DevServer,
    saved_profiles: ProfileStore,
    real_keyring: KeyringTokenStore,
    run: RunBefore,
    size: tuple[int, int],
) -> None:
    app = profiles_app(snapshot_empty_server, real_keyring)
    snap_check(app, terminal_size=size, run_before=then_check(run), secrets=SECRETS)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_first_run(
    snap_check: SecretFreeSnapshot,
    profile_store: ProfileStore,
    real_keyring: KeyringTokenStore,
    size: tuple[int, int],
) -> None:
    app = FirstRunApp(profiles=profile_store, tokens=real_keyring)
    snap_check(app, terminal_size=size, run_before=then_check(settle), secrets=SECRETS)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.usefixtures("no_keyring")
def test_snapshot_first_run_without_a_keyring(
    snap_check: SecretFreeSnapshot,
    profile_store: ProfileStore,
    size: tuple[int, int],
) -> None:
    app = FirstRunApp(profiles=profile_store, tokens=LazyTokenStore())
    snap_check(app, terminal_size=size, run_before=then_check(settle), secrets=SECRETS)
