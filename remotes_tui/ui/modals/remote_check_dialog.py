"""The connection test's dialog: each step of a `RemoteCheck` as it completes (pass or fail, its time, the
sentence to act on); Escape cancels a running test, then closes; `r` runs it again.

The dialog is given a coroutine function that makes the check (it may list the replications first), so the
same dialog serves `t` on a saved remote and the form's Test button on values not yet saved. The token lives
in the check only; nothing here shows or keeps it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from remotes_tui.api import ApiError
from remotes_tui.api.remote_check import CheckReport, CheckStep, Outcome, RemoteCheck
from remotes_tui.ui.modals.dialog_parts import modal_buttons
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir

CheckMaker = Callable[[], Awaitable[RemoteCheck]]

BADGES: dict[Outcome, tuple[str, str]] = {
    Outcome.WAITING: ("  ·   ", "$text-muted"),
    Outcome.RUNNING: ("  …   ", "bold $text-accent"),
    Outcome.PASSED: (" PASS ", "bold $text-success"),
    Outcome.WARNING: (" WARN ", "bold $text-warning"),
    Outcome.FAILED: (" FAIL ", "bold reverse $text-error"),
    Outcome.SKIPPED: (" SKIP ", "$text-muted"),
}
"""A word for every outcome (the colour only repeats it)."""


def seconds_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s"


def step_badge(step: CheckStep) -> Content:
    """'PASS', 'FAIL'... in the outcome's colour."""
    badge, style = BADGES[step.outcome]
    return Content.styled(badge, style)


class StepView(Vertical):
    """One step: its badge, title and time on one row, and under them the sentence.

    The badge and the time are columns of their own: a long title (a bucket and the replications that use it)
    wraps in the middle, under itself, and the time stays on the first line.
    """

    def __init__(self, step: CheckStep) -> None:
        super().__init__(classes="check-step", id=f"step-{_dom_id(step.key)}")
        self.step = step

    def compose(self) -> ComposeResult:
        with Horizontal(classes="check-head"):
            yield Static(step_badge(self.step), classes="check-badge")
            yield Static(Content.styled(self.step.title, "bold"), classes="check-title")
            yield Static(seconds_text(self.step.seconds), classes="check-time")
        yield Static(Content(self.step.sentence), classes="check-sentence")

    def show(self, step: CheckStep) -> None:
        self.step = step
        self.query_one(".check-badge", Static).update(step_badge(step))
        self.query_one(".check-title", Static).update(Content.styled(step.title, "bold"))
        self.query_one(".check-time", Static).update(seconds_text(step.seconds))
        sentence = self.query_one(".check-sentence", Static)
        sentence.update(Content(step.sentence))
        sentence.display = bool(step.sentence)
        self.set_class(step.outcome is Outcome.FAILED, "-failed")


def _dom_id(key: str) -> str:
    """A step key as a DOM id (keys hold `:` and bucket names)."""
    return "".join(char if char.isalnum() or char in "-_" else "-" for char in key)


class RemoteCheckModal(ModalScreen[None]):
    """Runs one connection test at a time and shows it; dismisses with None."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "remote_check.tcss"]
    AUTO_FOCUS = "#check-close"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop_or_close", "Cancel", id="remote-check.stop-or-close"),
        Binding("r", "run_again", "Run again", id="remote-check.run-again"),
    ]

    def __init__(self, title: str, make_check: CheckMaker) -> None:
        super().__init__()
        self._title = title
        self._make_check = make_check
        self.running = False
        self.report: CheckReport | None = None
        """The last finished test (None while running, after a cancel, or when it could not start)."""
        self.settled = False
        """True once a finished test is on screen, scrolled to its first failure."""
        self.check: RemoteCheck | None = None
        self._pin_first_failure = False  # keep the first failure at the top while the finished steps lay out

    def compose(self) -> ComposeResult:
        with Vertical(id="check-dialog", classes="modal-dialog"):
            yield Static(Content(self._title), id="check-title", classes="modal-title")
            yield Static(
                "From this machine, with the remote's own token. Nothing is written but an empty write.",
                id="check-where",
            )
            yield VerticalScroll(id="check-steps")
            yield Static(id="check-summary")
            yield from modal_buttons(
                Button("Run again", id="check-again"),
                Button("Cancel", variant="primary", id="check-close"),
            )

    def on_mount(self) -> None:
        self.watch(self.query_one("#check-steps"), "virtual_size", self._steps_resized, init=False)
        self._start()

    def _steps_resized(self) -> None:
        """A step's final text can change the list's height over more than one refresh: scroll again."""
        if self._pin_first_failure:
            self.call_after_refresh(self._show_first_failure)

    # -- running ------------------------------------------------------------------------------------------

    def _start(self) -> None:
        self.report = None
        self.settled = False
        self._pin_first_failure = False
        self._set_running(True)
        self._summary("Testing…", "$text-muted")
        self._run()

    @work(exclusive=True, group="remote-check", exit_on_error=False)
    async def _run(self) -> None:
        steps = self.query_one("#check-steps", VerticalScroll)
        try:
            check = await self._make_check()
        except ApiError as error:
            await steps.remove_children()
            self._finish(None, f"The test could not start: {error}", "$text-error")
            return
        self.check = check
        await steps.remove_children()
        await steps.mount_all(StepView(step) for step in check.steps)
        try:
            report = await check.run(on_step=self._step_changed)
        except asyncio.CancelledError:
            self._finish(None, "Cancelled: the steps not finished were not run.", "$text-warning")
            raise
        style = "bold $text-error" if report.failed else "bold $text-success"
        self._finish(report, report.summary(), style)

    def _step_changed(self, step: CheckStep) -> None:
        for view in self.query(StepView):
            if view.step.key == step.key:
                view.show(step)
                if step.outcome is Outcome.RUNNING:
                    # Immediate: a deferred scroll could land after the final scroll to the first failure.
                    view.scroll_visible(animate=False, immediate=True)
                return

    def _finish(self, report: CheckReport | None, summary: str, style: str) -> None:
        self.report = report
        self._set_running(False)
        self._summary(summary, style)
        self._pin_first_failure = True
        self.call_after_refresh(self._show_first_failure)

    def _show_first_failure(self) -> None:
        """The list from its first step (it followed the running step down while the test ran), unless the first
        failure would not be whole there: then that failure at the top (again whenever the list's height changes
        after)."""
        steps = self.query_one("#check-steps", VerticalScroll)
        failed = [view for view in self.query(StepView) if view.step.outcome is Outcome.FAILED]
        if failed and failed[0].virtual_region.bottom > steps.scrollable_content_region.height:
            failed[0].scroll_visible(top=True, animate=False, immediate=True)
        else:
            steps.scroll_home(animate=False, immediate=True)
        self.settled = True

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.query_one("#check-again", Button).disabled = running
        self.query_one("#check-close", Button).label = "Cancel" if running else "Close"
        self.query_one(".modal-help", Static).update(
            key_hints(self, {"stop_or_close": "Cancel" if running else "Close"})
        )

    def _summary(self, text: str, style: str) -> None:
        self.query_one("#check-summary", Static).update(Content.styled(text, style))

    # -- keys and buttons ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#check-close")
    def action_stop_or_close(self) -> None:
        """While running: cancel the test (the dialog stays, showing what was done). Else close."""
        if self.running:
            self.workers.cancel_group(self, "remote-check")
            return
        self.dismiss(None)

    @on(Button.Pressed, "#check-again")
    def action_run_again(self) -> None:
        if not self.running:
            self._start()
