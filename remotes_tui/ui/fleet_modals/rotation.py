"""Rotate one remote URL's API token on every server of the fleet, in four steps in one dialog:

1. the URL (the fleet's remote URLs, the selected remote's first);
2. the new token, typed once (hidden; never shown, logged or put in a message);
3. the plan: every remote on every loaded server that points at the URL, and the servers that did not load
   (their remotes cannot be seen, so they keep the old token); `t` first tests the new token against the URL
   (the connection test: the URL, the token, the remote org, an empty write to each remote bucket the
   replications use; nothing is changed); one confirmation;
4. the run: each remote's state as it changes, then which have the new token and which still have the old
   one, and a retry of only those.

The token lives in this dialog's memory only while it is open (the retry needs it); the rotation itself is
`fleet.rotation`, below the UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, ProgressBar, Static

from remotes_tui.ui.coalesced_call import CoalescedCall
from remotes_tui.ui.fleet_modals.url_groups import highlight_url, url_list
from remotes_tui.ui.modals.dialog_parts import modal_buttons
from remotes_tui.ui.modals.emoji_width import display_text
from remotes_tui.ui.modals.form_input import FormInput
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir

if TYPE_CHECKING:
    from remotes_tui.fleet import RotationItem, RotationPlan, ServerReport, UrlGroup

Phase = Literal["url", "token", "plan", "run"]

_MARKS = {
    "pending": ("·", "$text-muted"),
    "rotating": ("…", "$text-primary"),
    "new token": ("✓", "$text-success"),
    "not saved": ("!", "$text-warning"),
    "old token": ("✗", "$text-error"),
    "unknown": ("?", "$text-warning"),
}


def item_line(item: RotationItem, *, name_width: int, remote_width: int, show_state: bool) -> Content:
    """`✓ edge-01   central-eu   new token, saved in the token store` (the plan: without the state)."""
    server = display_text(item.server.name).ljust(name_width)
    remote = display_text(item.remote.name).ljust(remote_width)
    if not show_state:
        return Content.assemble("  ", (server, "bold"), "  ", remote, ("  " + item.remote.id, "$text-muted"))
    mark, style = _MARKS[item.state.value]
    return Content.assemble((f"{mark} ", style), (server, "bold"), "  ", remote, "  ", (item.outcome, style))


class RotationModal(ModalScreen[None]):
    """Choose a URL, type the new token, confirm, watch each remote get it, retry what is not done."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "fleet.tcss"]
    AUTO_FOCUS = "#rotation-urls"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rotation.cancel"),
        Binding("t", "test_token", "Test the token", id="rotation.test"),
        Binding("y", "confirm", "Rotate", id="rotation.confirm"),
        Binding("r", "retry", "Retry", id="rotation.retry"),
    ]

    def __init__(
        self, reports: Sequence[ServerReport], groups: Sequence[UrlGroup], *, url: str | None
    ) -> None:
        super().__init__()
        self.reports = list(reports)
        self.groups = list(groups)
        self.url = url
        self.phase: Phase = "url"
        self.plan: RotationPlan | None = None
        self._token = ""
        self._rotating = False
        self._redraw = CoalescedCall(self.call_later, partial(self._draw_items, show_state=True))
        """The items drawn again once per batch of state changes."""

    # -- layout --------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="rotation-dialog", classes="modal-dialog"):
            yield Static(
                Content("Rotate a remote token across the fleet"), id="rotation-title", classes="modal-title"
            )
            yield Static("", id="rotation-lead", markup=False)
            yield url_list(self.groups, id="rotation-urls")
            yield FormInput(password=True, placeholder="the new API token", id="rotation-token")
            yield Static("", id="rotation-error", classes="form-error", markup=False)
            yield ProgressBar(total=1, show_eta=False, id="rotation-progress")
            with VerticalScroll(id="rotation-items-box"):
                yield Static("", id="rotation-items")
            yield Static("", id="rotation-summary", markup=False)
            yield from modal_buttons(
                Button("Test the token", id="rotation-test"),
                Button("Rotate", variant="error", id="rotation-go"),
                Button("Retry", variant="primary", id="rotation-retry"),
                Button("Cancel", id="rotation-cancel"),
            )

    def on_mount(self) -> None:
        highlight_url(self.query_one("#rotation-urls", OptionList), self.url)
        self._show_phase("url")

    # -- phases --------------------------------------------------------------------------------------

    def _show_phase(self, phase: Phase) -> None:
        self.phase = phase
        visible = {
            "url": ("#rotation-urls",),
            "token": ("#rotation-token",),
            "plan": (
                "#rotation-items-box",
                "#rotation-summary",
                "#rotation-test",
                "#rotation-go",
                "#rotation-cancel",
            ),
            "run": (
                "#rotation-items-box",
                "#rotation-summary",
                "#rotation-progress",
                "#rotation-retry",
                "#rotation-cancel",
            ),
        }[phase]
        for selector in (
            "#rotation-urls",
            "#rotation-token",
            "#rotation-progress",
            "#rotation-items-box",
            "#rotation-summary",
            "#rotation-test",
            "#rotation-go",
            "#rotation-retry",
            "#rotation-cancel",
        ):
            self.query_one(selector).display = selector in visible
        self._set_error("")
        lead = self.query_one("#rotation-lead", Static)
        if phase == "url":
            lead.update("Which remote URL gets a new token? (Enter picks it.)")
            self.query_one("#rotation-urls").focus()
        elif phase == "token":
            lead.update(f"The new API token for {self.url}: typed once, hidden, never saved in a file.")
            self.query_one("#rotation-token").focus()
        elif phase == "plan":
            self._show_plan()
            self.query_one("#rotation-cancel").focus()
        self._show_hints()

    def _show_hints(self, descriptions: dict[str, str] | None = None) -> None:
        """The key help once the bindings reflect the new phase."""
        self.refresh_bindings()
        self.call_after_refresh(
            lambda: self.query_one(".modal-help", Static).update(key_hints(self, descriptions))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("confirm", "test_token"):
            return bool(self.phase == "plan" and self.plan is not None and self.plan.items)
        if action == "retry":
            if self.phase != "run":
                return False
            return True if not self._rotating and self.plan is not None and self.plan.remaining else None
        return True

    @on(OptionList.OptionSelected, "#rotation-urls")
    def _url_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.url = event.option.id
        self._show_phase("token")

    @on(Input.Submitted, "#rotation-token")
    def _token_given(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#rotation-token", Input)
        token = field.value.strip()
        if not token:
            self._set_error("Type the new token, or press Escape to choose another URL.")
            return
        self._token = token
        field.value = ""  # from here on the token is only in this dialog's memory
        self._show_phase("plan")

    def _show_plan(self) -> None:
        from remotes_tui.fleet import plan_rotation

        assert self.url is not None
        self.plan = plan = plan_rotation(self.url, self.reports)
        servers = len(plan.servers)
        count = len(plan.items)
        lead = self.query_one("#rotation-lead", Static)
        if not count:
            lead.update(f"No loaded server has a remote pointing at {self.url}.")
        else:
            lead.update(
                f"{count} remote{'s' if count != 1 else ''} on {servers} server{'s' if servers != 1 else ''} "
                f"point at {self.url}. Each gets the new token (only the token changes), and it is kept in "
                "the token store under each remote. t tests the new token against the URL first."
            )
        self._draw_items(show_state=False)
        notes = []
        if plan.unsearched:
            names = ", ".join(plan.unsearched)
            one = len(plan.unsearched) == 1
            notes.append(
                f"Not searched: {names} did not load, so any of {'its' if one else 'their'} remotes pointing at "
                f"this URL keeps the old token. Rotate again once {'it answers' if one else 'they answer'} "
                "(r in the fleet)."
            )
        if plan.read_only:
            names = ", ".join(plan.read_only)
            notes.append(f"Left alone: {names} {'is' if len(plan.read_only) == 1 else 'are'} read-only.")
        summary = "\n".join(notes)
        self.query_one("#rotation-summary", Static).update(summary)
        self.query_one("#rotation-go", Button).disabled = not count

    # -- testing the token first ---------------------------------------------------------------------

    @on(Button.Pressed, "#rotation-test")
    def action_test_token(self) -> None:
        """The connection test of the new token against the URL, before anything is written: the URL, the
        token, the remote org, and an empty write to each remote bucket the plan's replications use."""
        from remotes_tui.api import InvalidInputError
        from remotes_tui.api.remote_check import RemoteCheck, target_from_values
        from remotes_tui.ui.modals.remote_check_dialog import RemoteCheckModal

        if self.phase != "plan" or self.plan is None or not self.plan.items or self.url is None:
            return
        orgs = [item.remote.remote_org_id for item in self.plan.items if item.remote.remote_org_id]
        first = self.plan.items[0].remote
        try:
            target = target_from_values(
                remote_url=self.url,
                remote_api_token=self._token,
                remote_org_id=max(set(orgs), key=orgs.count) if orgs else None,
                allow_insecure_tls=first.allow_insecure_tls,
                name=first.name,
            )
        except InvalidInputError as error:
            self._set_error(" ".join(error.field_errors.values()))
            return
        uses = self._replications_using_the_url()

        async def make() -> RemoteCheck:
            return RemoteCheck(target, replications=uses)

        self.app.push_screen(
            RemoteCheckModal(f"Test the new token for {self.url} (nothing changed yet)", make)
        )

    def _replications_using_the_url(self) -> list[Any]:
        """One replication per remote bucket among those using the plan's remotes (from the fleet's health)."""
        assert self.plan is not None
        by_server = {report.name: report for report in self.reports}
        buckets: dict[str, Any] = {}
        for item in self.plan.items:
            report = by_server.get(item.server.name)
            index = report.health if report is not None else None
            if index is None or not index.known:
                continue
            for replication in index.replications_of(item.remote.id):
                buckets.setdefault(replication.remote_bucket, replication)
        return list(buckets.values())

    # -- running -------------------------------------------------------------------------------------

    @on(Button.Pressed, "#rotation-go")
    def action_confirm(self) -> None:
        if self.phase != "plan" or self.plan is None or not self.plan.items:
            return
        self._show_phase("run")
        self._start()

    @on(Button.Pressed, "#rotation-retry")
    def action_retry(self) -> None:
        if self.phase == "run" and not self._rotating and self.plan is not None and self.plan.remaining:
            self._start()

    def _start(self) -> None:
        assert self.plan is not None
        remaining = len(self.plan.remaining)
        progress = self.query_one("#rotation-progress", ProgressBar)
        progress.update(total=remaining, progress=0)
        self._rotating = True
        self.query_one("#rotation-lead", Static).update(
            f"Rotating {remaining} remote{'s' if remaining != 1 else ''} pointing at {self.url}…"
        )
        self.query_one("#rotation-retry", Button).disabled = True
        self.refresh_bindings()
        self._rotate(self.plan)

    @work(exclusive=True, group="rotation", exit_on_error=False)
    async def _rotate(self, plan: RotationPlan) -> None:
        from remotes_tui.fleet import RotationState, rotate

        progress = self.query_one("#rotation-progress", ProgressBar)

        def changed(item: RotationItem) -> None:
            if item.state is not RotationState.RUNNING:
                progress.advance(1)
            self._redraw.request()

        try:
            await rotate(plan, self._token, on_change=changed)
        finally:
            self._rotating = False
            self._finished()

    def _finished(self) -> None:
        assert self.plan is not None
        plan = self.plan
        self._draw_items(show_state=True)
        lead = self.query_one("#rotation-lead", Static)
        if plan.complete:
            lead.update(f"Done: every remote pointing at {self.url} has the new token.")
        else:
            left = len(plan.remaining)
            lead.update(
                f"Not finished: {left} remote{' still needs' if left == 1 else 's still need'} the new token "
                f"(each line says why). Retry sends only {'that one' if left == 1 else 'those'}."
            )
        self.query_one("#rotation-summary", Static).update(plan.summary())
        retry = self.query_one("#rotation-retry", Button)
        retry.disabled = plan.complete
        retry.label = f"Retry {len(plan.remaining)}" if plan.remaining else "Retry"
        self.query_one("#rotation-cancel", Button).label = "Close"
        (retry if not plan.complete else self.query_one("#rotation-cancel", Button)).focus()
        self._show_hints({"cancel": "Close"})

    def _draw_items(self, *, show_state: bool) -> None:
        if self.plan is None:
            return
        items = self.plan.items
        servers = min(max((len(item.server.name) for item in items), default=0), 20)
        remotes = min(max((len(item.remote.name) for item in items), default=0), 24)
        lines = [
            item_line(item, name_width=servers, remote_width=remotes, show_state=show_state) for item in items
        ]
        self.query_one("#rotation-items", Static).update(Content("\n").join(lines))

    @property
    def rotating(self) -> bool:
        """True while the PATCHes of a run (or a retry) are in flight."""
        return self._rotating

    @property
    def items_text(self) -> str:
        """The list as plain text (for tests and screen readers)."""
        return str(self.query_one("#rotation-items", Static).content)

    # -- leaving -------------------------------------------------------------------------------------

    @on(Button.Pressed, "#rotation-cancel")
    def action_cancel(self) -> None:
        if self._rotating:
            self.notify(
                "Wait: the rotation is running (each remote's request is in flight).", severity="warning"
            )
            return
        if self.phase == "token":
            self._show_phase("url")
            return
        self._token = ""
        self.dismiss(None)

    def _set_error(self, text: str) -> None:
        error = self.query_one("#rotation-error", Static)
        error.update(text)
        error.display = bool(text)
