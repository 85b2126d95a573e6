"""Rotating a token across the fleet in the app, with the real keyring, over real HTTP: choose the URL, type
the token once (hidden), confirm once; one server fails half-way; the result lists it, `r` retries only it,
and every remote's token is the new one, checked in the keyring and by a real write to the central server
(which accepts only the new token). The token is never on screen or in a toast."""

from __future__ import annotations

from typing import Any

from remotes_tui.devserver import FaultConfig
from remotes_tui.fleet import RotationState
from remotes_tui.profiles import ProfileStore
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from remotes_tui.ui.fleet_modals.rotation import RotationModal
from tests.support.fleet_servers import (
    CENTRAL_BUCKET,
    NEW_REMOTE_TOKEN,
    OLD_REMOTE_TOKEN,
    accept_only,
    add_remotes,
    free_port,
    make_central,
    running,
    validate_all,
)
from tests.support.keys import burst
from tests.support.screen_text import screen_lines
from tests.support.servers import TEST_TOKEN, make_server
from tests.support.toasts import record_messages
from tests.support.waiting import press_to_show, wait_until
from tests.ui.fleet_support import fleet_app, fleet_loaded, plan_rotation, save_profile, save_profiles

SIZE = (120, 36)


async def test_a_rotation_with_a_server_failing_half_way_is_finished_by_the_retry(
    profile_store: ProfileStore, real_keyring: KeyringTokenStore
) -> None:
    down_port = free_port()
    with running(make_central(), make_server(), make_server(), make_server()) as (central, e1, e2, e3):
        accept_only(central, OLD_REMOTE_TOKEN)
        ours = {"url": central.url, "remote_org_id": central.org_id, "replicate_to": CENTRAL_BUCKET}
        r1 = await add_remotes(e1, ["central-a", "central-b"], **ours)
        r2 = await add_remotes(e2, ["central"], **ours)
        r3 = await add_remotes(e3, ["central-1", "central-2"], **ours)
        await add_remotes(e2, ["elsewhere"], url="https://elsewhere.example.com:8086")
        save_profiles(profile_store, real_keyring, [("edge-1", e1), ("edge-2", e2), ("edge-3", e3)])
        save_profile(profile_store, real_keyring, "edge-down", f"http://127.0.0.1:{down_port}")
        e3.faults = FaultConfig(error_status=503, error_rate=1.0, paths=(f"/api/v2/remotes/{r3[1].id}",))
        accept_only(central, NEW_REMOTE_TOKEN, instead_of=OLD_REMOTE_TOKEN)

        app = fleet_app(profile_store, real_keyring)
        notes = record_messages(app)
        async with app.run_test(size=SIZE) as pilot:
            fleet = await fleet_loaded(pilot)
            row = next(r for r in fleet.table.visible_rows if r.remote.name == "central-a")
            fleet.table.select_id(row.key)
            modal = await press_to_show(pilot, "R", screen=RotationModal)
            assert modal.url == central.url  # the selected remote's URL comes first
            await pilot.press("enter")
            await wait_until(lambda: modal.phase == "token")
            burst(pilot, NEW_REMOTE_TOKEN)
            await pilot.pause()
            assert NEW_REMOTE_TOKEN not in "\n".join(screen_lines(app))
            await pilot.press("enter")
            await wait_until(lambda: modal.phase == "plan")
            plan_text = modal.items_text
            assert [line.split()[:2] for line in plan_text.splitlines()] == [
                ["edge-1", "central-a"],
                ["edge-1", "central-b"],
                ["edge-2", "central"],
                ["edge-3", "central-1"],
                ["edge-3", "central-2"],
            ]
            shown = "\n".join(screen_lines(app))
            assert "edge-down did not load" in shown
            assert NEW_REMOTE_TOKEN not in shown
            await pilot.press("y")
            await wait_until(lambda: modal.phase == "run" and not modal.rotating and modal.plan is not None)
            await wait_until(
                lambda: "still has the old one" in str(modal.query_one("#rotation-summary").content)
            )
            assert modal.plan is not None
            failed = [item for item in modal.plan.items if item.state is RotationState.FAILED]
            assert [(i.server.name, i.remote.name) for i in failed] == [("edge-3", "central-2")]
            result = "\n".join(screen_lines(app))
            assert "✗ edge-3" in result and "still the old token" in result
            assert "4 of 5 remotes have the new token; 1 still has the old one." in result
            assert real_keyring.get(remote_key(e3.url, r3[1].id)) is None

            e3.faults = FaultConfig()
            with e1.hold("/api/v2/remotes") as e1_held, e2.hold("/api/v2/remotes") as e2_held:
                await pilot.press("r")
                await wait_until(
                    lambda: modal.plan is not None and modal.plan.complete and not modal.rotating
                )
                assert e1_held.total == 0 and e2_held.total == 0  # the retry sent only edge-3's remote
            await pilot.pause()
            assert "5 of 5 remotes have the new token." in "\n".join(screen_lines(app))
            final = "\n".join(screen_lines(app))
            await pilot.press("escape")
            await wait_until(lambda: app.screen is fleet)

        for message in notes:
            assert NEW_REMOTE_TOKEN not in message and TEST_TOKEN not in message
        assert NEW_REMOTE_TOKEN not in final
        for edge, remotes in ((e1, r1), (e2, r2), (e3, r3)):
            for remote in remotes:
                assert real_keyring.get(remote_key(edge.url, remote.id)) == NEW_REMOTE_TOKEN
            assert set((await validate_all(edge)).values()) == {None}  # a real write to central, new token


async def test_escape_goes_back_from_the_token_and_nothing_is_sent(profile_store: ProfileStore) -> None:
    tokens = MemoryTokenStore()
    with running(make_server()) as (edge,):
        await add_remotes(edge, ["central"], url="https://central.example.com:8086")
        save_profiles(profile_store, tokens, [("edge", edge)])
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            fleet = await fleet_loaded(pilot)
            with edge.hold("/api/v2/remotes/") as held:
                modal = await press_to_show(pilot, "R", screen=RotationModal)
                await pilot.press("enter")
                await wait_until(lambda: modal.phase == "token")
                await pilot.press("enter")  # no token typed
                assert "Type the new token" in str(modal.query_one("#rotation-error").content)
                await pilot.press("escape")
                assert modal.phase == "url"
                await pilot.press("escape")
                await wait_until(lambda: app.screen is fleet)
                assert held.total == 0


async def check_in_the_plan(pilot: Any, app: Any, token: str) -> dict[str, Any]:
    """R, the URL, `token`, then `t` in the plan: the connection test's outcome per step (the dialogs are
    closed again; nothing was confirmed)."""
    from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal, StepView

    fleet = app.screen
    modal = await plan_rotation(pilot, token)
    dialog = await press_to_show(pilot, "t", screen=RemoteCheckModal)
    await wait_until(lambda: not dialog.running and dialog.report is not None)
    steps = {view.step.key: view.step.outcome for view in dialog.query(StepView)}
    assert token not in "\n".join(screen_lines(app))
    await pilot.press("escape")
    await wait_until(lambda: app.screen is modal)
    await pilot.press("escape")
    await wait_until(lambda: app.screen is fleet)
    return steps


async def test_t_tests_the_new_token_against_the_url_before_anything_is_written(
    profile_store: ProfileStore,
) -> None:
    """Issue 10 with issue 9's connection test: in the plan, `t` checks the new token against the URL (the
    central accepts it, and an empty write to the replications' remote bucket goes through); a token the
    central refuses fails the token step; and no remote is changed by either."""
    from remotes_tui.api.remote_check import Outcome

    tokens = MemoryTokenStore()
    with running(make_central(), make_server()) as (central, edge):
        accept_only(central, NEW_REMOTE_TOKEN)
        ours = {"url": central.url, "remote_org_id": central.org_id, "replicate_to": CENTRAL_BUCKET}
        await add_remotes(edge, ["central-a", "central-b"], **ours)
        save_profiles(profile_store, tokens, [("edge", edge)])
        app = fleet_app(profile_store, tokens)
        async with app.run_test(size=SIZE) as pilot:
            fleet = await fleet_loaded(pilot)
            await wait_until(lambda: fleet.reports["edge"].health is not None)
            with edge.hold("/api/v2/remotes/") as held:
                good = await check_in_the_plan(pilot, app, NEW_REMOTE_TOKEN)
                assert [key.split(":")[0] for key in good] == ["url", "token", "org", "write", "edge"], good
                assert good.pop("edge") is Outcome.SKIPPED  # the edge's own view needs a saved token
                assert set(good.values()) == {Outcome.PASSED}, good
                bad = await check_in_the_plan(pilot, app, "not-the-new-token-0008")
                assert bad["token"] is Outcome.FAILED, bad
                assert held.total == 0  # nothing was written to any remote
