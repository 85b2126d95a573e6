"""`t` and the form's Test button in the real app, over real HTTP against an edge and a central server.

The dialog shows each step as it completes; the token comes from the token store, or is asked for once and
never saved; a running test can be cancelled (a held answer, released by the test); the form tests values
that are not saved yet.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from remotes_tui.api.remote_check import Outcome
from remotes_tui.app import RemotesApp
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal, StepView
from remotes_tui.ui.modals.remote_form import RemoteFormModal
from remotes_tui.ui.modals.remote_token_prompt import RemoteTokenPrompt
from tests.support.edge_central import REMOTE_TOKEN, add_remote
from tests.support.forms import fill_form, shown
from tests.support.screen_text import screen_lines
from tests.support.servers import TEST_TOKEN
from tests.support.waiting import main_loaded, press_to_show, wait_until
from tests.ui.conftest import build_app

SIZE = (120, 36)


async def open_check(pilot: Pilot[Any]) -> RemoteCheckModal:
    await wait_until(lambda: isinstance(pilot.app.screen, RemoteCheckModal))
    dialog = pilot.app.screen
    assert isinstance(dialog, RemoteCheckModal)
    return dialog


async def finished(pilot: Pilot[Any]) -> RemoteCheckModal:
    dialog = await open_check(pilot)
    await wait_until(lambda: not dialog.running and dialog.report is not None)
    return dialog


def outcomes(dialog: RemoteCheckModal) -> dict[str, Outcome]:
    return {view.step.key: view.step.outcome for view in dialog.query(StepView)}


def assert_no_token_on_screen(pilot: Pilot[Any], *tokens: str) -> None:
    text = "\n".join(screen_lines(pilot.app))
    for token in (*tokens, TEST_TOKEN):
        assert token not in text


async def app_with_a_saved_token(edge: DevServer, central: DevServer, bucket: tuple[str, str]) -> RemotesApp:
    """The app on `edge`, with one remote to `central` (replication `bucket`: name, remote bucket) whose token
    is saved."""
    remote_id, _ = await add_remote(edge, central, "central", buckets=(bucket,))
    store = MemoryTokenStore()
    store.set(remote_key(edge.url, remote_id), REMOTE_TOKEN)
    return build_app(edge, token_store=store)


async def test_t_tests_the_selected_remote_with_its_saved_token(edge: DevServer, central: DevServer) -> None:
    app = await app_with_a_saved_token(edge, central, ("to-central", "central-bucket"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await pilot.press("t")
        dialog = await finished(pilot)
        steps = outcomes(dialog)
        assert set(steps.values()) == {Outcome.PASSED}
        assert [key.split(":")[0] for key in steps] == ["url", "token", "org", "write", "validate"]
        text = "\n".join(screen_lines(app))
        assert "PASS" in text and "All 5 checks passed" in text
        assert "Bucket 'central-bucket' accepts writes (to-central)" in text
        assert_no_token_on_screen(pilot, REMOTE_TOKEN)
        assert central.points_received("central-bucket") == 0
        await pilot.press("escape")
        await wait_until(lambda: app.screen is screen)


async def test_without_a_saved_token_t_asks_once_and_saves_nothing(
    edge: DevServer, central: DevServer
) -> None:
    remote_id, _ = await add_remote(edge, central, "central", buckets=(("to-central", "central-bucket"),))
    store = MemoryTokenStore()
    app = build_app(edge, token_store=store)
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        await press_to_show(pilot, "t", screen=RemoteTokenPrompt)
        await pilot.press("enter")  # empty: asks again, in words
        assert "Paste the token" in shown(app.screen, "#test-token-error")
        typed = "typed-but-not-the-right-one-77"
        await pilot.press(*typed, "enter")
        dialog = await finished(pilot)
        steps = outcomes(dialog)
        assert steps["url"] is Outcome.PASSED and steps["token"] is Outcome.FAILED
        assert "refused the token" in "\n".join(screen_lines(app))
        assert_no_token_on_screen(pilot, typed)
        assert store.get(remote_key(edge.url, remote_id)) is None  # used once, kept nowhere
        await pilot.press("r")  # run again: the same typed token, not asked again
        await wait_until(lambda: not dialog.running and dialog.report is not None)
        assert isinstance(app.screen, RemoteCheckModal)


async def test_a_running_test_can_be_cancelled(edge: DevServer, central: DevServer) -> None:
    app = await app_with_a_saved_token(edge, central, ("to-central", "central-bucket"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        with central.hold("/ping") as held:
            await pilot.press("t")
            dialog = await open_check(pilot)
            assert await held.wait_held_async()
            await wait_until(lambda: outcomes(dialog).get("url") is Outcome.RUNNING)
            await pilot.press("escape")
            await wait_until(lambda: not dialog.running)
        assert dialog.report is None
        assert set(outcomes(dialog).values()) == {Outcome.SKIPPED}
        assert all(view.step.sentence == "Cancelled." for view in dialog.query(StepView))
        assert "Cancelled" in "\n".join(screen_lines(app))
        await pilot.press("escape")
        await wait_until(lambda: app.screen is screen)


async def test_the_form_tests_values_before_they_are_saved(edge: DevServer, central: DevServer) -> None:
    app = build_app(edge)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        form = await press_to_show(pilot, "n", screen=RemoteFormModal)
        fill_form(pilot, name="central", remote_url=central.url, remote_org_id=central.org_id)
        await pilot.press("ctrl+r")  # no token yet: the field says so, no test runs
        assert shown(form, "#error-remote_api_token").startswith("Remote API token is required: paste ")
        assert app.screen is form

        fill_form(pilot, remote_api_token=REMOTE_TOKEN)
        await pilot.click("#form-test")
        dialog = await finished(pilot)
        assert outcomes(dialog) == {
            "url": Outcome.PASSED,
            "token": Outcome.PASSED,
            "org": Outcome.PASSED,
            "writes": Outcome.SKIPPED,
        }
        assert_no_token_on_screen(pilot, REMOTE_TOKEN)
        await pilot.press("escape")
        await wait_until(lambda: app.screen is form)
        assert form.query_one("#input-remote_url").value == central.url  # type: ignore[attr-defined]
        assert screen.table.total_count == 0  # nothing was saved


async def test_the_edit_form_tests_with_the_saved_token_and_the_remote_buckets(
    edge: DevServer, central: DevServer
) -> None:
    app = await app_with_a_saved_token(edge, central, ("to-nowhere", "no-such-bucket"))
    async with app.run_test(size=SIZE) as pilot:
        await main_loaded(pilot)
        form = await press_to_show(pilot, "e", screen=RemoteFormModal)
        await wait_until(lambda: form.query_one("#use-saved-token").display)  # the saved token is known
        await pilot.press("ctrl+r")  # the token field is empty: the saved token is used
        dialog = await finished(pilot)
        steps = outcomes(dialog)
        assert steps["token"] is Outcome.PASSED
        assert steps["write:no-such-bucket"] is Outcome.FAILED
        assert steps["edge"] is Outcome.SKIPPED
        text = "\n".join(screen_lines(app))
        assert "The remote has no bucket 'no-such-bucket' in that org" in text


async def test_at_80x24_a_passed_test_shows_its_first_step_and_long_titles_wrap_with_their_time(
    edge: DevServer, central: DevServer
) -> None:
    """The list follows the running step down; once every step passed it goes back to the first, and a
    write step naming two replications wraps instead of hiding its time under the scrollbar."""
    remote_id, _ = await add_remote(
        edge,
        central,
        "central",
        buckets=(("telemetry-to-central-eu", "central-bucket"), ("alerts-to-central-eu", "central-bucket")),
    )
    store = MemoryTokenStore()
    store.set(remote_key(edge.url, remote_id), REMOTE_TOKEN)
    app = build_app(edge, token_store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await main_loaded(pilot)
        await pilot.press("t")
        dialog = await finished(pilot)
        await wait_until(lambda: dialog.settled)
        await pilot.pause()
        assert set(outcomes(dialog).values()) == {Outcome.PASSED}
        assert dialog.query_one("#check-steps").scroll_y == 0
        assert any(line.lstrip("│ ").startswith("PASS  URL") for line in screen_lines(app))
        (write,) = [view for view in dialog.query(StepView) if view.step.key.startswith("write")]
        title, time = write.query_one(".check-title"), write.query_one(".check-time")
        assert title.size.height == 2  # wrapped in its own column
        content = dialog.query_one("#check-steps").scrollable_content_region  # the scrollbar left out
        assert time.region.y == title.region.y and time.region.right <= content.right
        assert str(time.render()).endswith(" ms")
