"""The import plan, shown before anything is written: what each remote of the file would become (create /
update / unchanged / conflict), and one button to carry it out.

Remotes that differ are conflicts unless the user ticks "Update the N that differ" (the command line's
`--update`; `u` ticks it from anywhere in the dialog); the plan is then made again with updates. Dismisses with
the plan to apply, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static

from remotes_tui.api import RemoteConnection
from remotes_tui.transfer import Action, Plan, PlanItem, TransferDocument, make_plan
from remotes_tui.ui.modals.dialog_parts import modal_buttons, yes_no_bindings
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir
from remotes_tui.ui.widgets.tick_box import TickBox

ACTION_STYLES = {
    Action.CREATE: "bold $text-success",
    Action.UPDATE: "bold $text-warning",
    Action.UNCHANGED: "dim",
    Action.CONFLICT: "bold $text-error",
}


def item_line(item: PlanItem) -> Content:
    """'create     name  https://url', 'update     name  changes: remote URL', 'conflict   name  differs in …'."""
    return Content.assemble(
        (f"{item.action.value:<10}", ACTION_STYLES[item.action]),
        (item.spec.name, "bold"),
        "  ",
        (item.detail(), "dim"),
    )


def plan_note(plan: Plan) -> str:
    """What the Import button will do, in one sentence."""
    writes = len(plan.writes)
    conflicts = len(plan.of(Action.CONFLICT))
    if not writes and conflicts:
        return f"Nothing to write unless you tick the box: {conflicts} differ from the file and are left as they are."
    if not writes:
        return "Nothing to write: the server already has every remote of the file as it is."
    tokens = "; a remote's API token comes from the keyring, or you are asked" if plan.token_urls() else ""
    return f"Import sends {writes} request{'s' if writes != 1 else ''}{tokens}. Nothing is deleted."


LISTING_ORDER = (Action.CONFLICT, Action.UPDATE, Action.CREATE, Action.UNCHANGED)
"""What the list shows first: what needs a decision, then what will be written; unchanged remotes last, so the
changes are in view without scrolling. Within an action, the file's order."""

FIXED_LINES = 14
"""Lines of the dialog besides the list: title, summary, note, buttons, keys, margins and border."""
CHECKBOX_LINES = 4


class ImportPlanModal(ModalScreen[Plan | None]):
    """Show the plan for importing `document` into the org's `existing` remotes; confirm or cancel."""

    CSS_PATH = [styles_dir() / "modals.tcss", styles_dir() / "transfer.tcss"]
    AUTO_FOCUS = "#plan-cancel"
    BINDINGS: ClassVar[list[BindingType]] = [
        *yes_no_bindings("import-plan", "Import", "Cancel"),
        Binding("u", "toggle_update", "Update those that differ", id="import-plan.update"),
    ]

    def __init__(self, source: str, document: TransferDocument, existing: Sequence[RemoteConnection]) -> None:
        super().__init__()
        self._source = source
        self._document = document
        self._existing = list(existing)
        self.plan = make_plan(document.remotes, self._existing, update=False)
        self._some_differ = bool(self.plan.of(Action.CONFLICT))

    def compose(self) -> ComposeResult:
        conflicts = len(self.plan.of(Action.CONFLICT))
        with Vertical(id="plan-dialog", classes="modal-dialog"):
            yield Static(
                Content.assemble("Import remotes from ", (self._source, "bold")), classes="modal-title"
            )
            yield Static(id="plan-summary")
            yield VerticalScroll(id="plan-items")
            yield TickBox(f"Update the {conflicts} that differ", False, id="plan-update")
            yield Static(id="plan-note")
            yield from modal_buttons(
                Button("Import", variant="primary", id="plan-confirm"),
                Button("Cancel", id="plan-cancel"),
            )

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))
        self.query_one("#plan-update").display = self._some_differ
        self._show_plan()
        self.on_resize()

    def on_resize(self) -> None:
        """The list of remotes takes the lines the rest leaves (it scrolls past them), so the buttons show."""
        fixed = FIXED_LINES + (CHECKBOX_LINES if self.query_one("#plan-update").display else 0)
        self.query_one("#plan-items").styles.max_height = max(3, self.app.size.height - fixed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`u` only when some remotes differ (the box is shown)."""
        return self._some_differ if action == "toggle_update" else True

    def action_toggle_update(self) -> None:
        self.query_one("#plan-update", Checkbox).toggle()

    @on(Checkbox.Changed, "#plan-update")
    def _update_changed(self, event: Checkbox.Changed) -> None:
        self.plan = make_plan(self._document.remotes, self._existing, update=event.value)
        self._show_plan()

    def _show_plan(self) -> None:
        plan = self.plan
        self.query_one("#plan-summary", Static).update(Content(f"Plan: {plan.summary()}."))
        listing = self.query_one("#plan-items", VerticalScroll)
        listing.remove_children()
        shown = sorted(plan.items, key=lambda item: LISTING_ORDER.index(item.action))
        listing.mount_all(Static(item_line(item), classes="plan-item") for item in shown)
        listing.display = bool(plan.items)
        self.query_one("#plan-note", Static).update(Content(plan_note(plan)))
        self.query_one("#plan-confirm", Button).disabled = not plan.writes

    @on(Button.Pressed, "#plan-confirm")
    def action_confirm(self) -> None:
        if self.plan.writes:
            self.dismiss(self.plan)

    @on(Button.Pressed, "#plan-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
