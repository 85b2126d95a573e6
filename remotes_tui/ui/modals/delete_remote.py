"""The delete dialog for one remote connection or several marked ones: shows the replications that use them and
deletes nothing by surprise.

The server refuses to delete a remote that a replication still references; deleting those replications too is
a separate, explicit choice (like `influx remote delete --delete-replications`), unticked by default. With
several remotes, each is deleted on its own: one the server refuses stays (the dialog then lists only what is
left and says what went), the others go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static
from textual.worker import Worker

from remotes_tui.api import (
    ApiError,
    InfluxClient,
    NotFoundError,
    RemoteConnection,
    RemoteInUseError,
    Replication,
)
from remotes_tui.tokens import TokenStore, remote_key
from remotes_tui.ui.modals.deletion_text import (
    also_delete_label,
    bulk_failure,
    bulk_outcome,
    bulk_replications_found,
    in_use_line,
    partial_failure,
    refusal,
    remote_line,
    replication_line,
    replications_found,
    why_kept,
)
from remotes_tui.ui.modals.dialog_parts import modal_buttons, yes_no_bindings
from remotes_tui.ui.modals.emoji_width import display_text
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir
from remotes_tui.ui.widgets.tick_box import TickBox
from remotes_tui.ui.worker_failure import unexpected_failure


@dataclass
class RemoteOutcome:
    """What deleting one remote did: which of its replications went, whether it went, and why not."""

    remote: RemoteConnection
    deleted: list[Replication]
    remote_deleted: bool
    error: ApiError | None = None
    failed: Replication | None = None
    still_using: list[Replication] | None = None


DIALOG_WIDTH = 86
"""`.modal-dialog`'s width in modals.tcss."""
BULK_FIXED_LINES = 17
"""Lines of the bulk dialog besides its two lists: title, status, checkbox, the two-line outcome, buttons, keys,
margins and border."""


class DeleteRemoteModal(ModalScreen[bool]):
    """Confirm deleting one remote (or several); dismisses with True once all are gone from the server, else
    False.

    `deleted_remotes` and `deleted_replications` list what this dialog deleted, in the order it went, without
    repeats; `saved_tokens` holds the tokens that were saved for the deleted remotes (so an undo can give them
    back; never shown). All three are complete before the dialog dismisses, so the dismiss callback can say
    "and its 2 replications" in its toast. They can be non-empty after a False too: a delete that stopped
    part-way keeps what it already deleted.
    """

    CSS_PATH = styles_dir() / "modals.tcss"
    AUTO_FOCUS = "#delete-cancel"
    BINDINGS: ClassVar[list[BindingType]] = yes_no_bindings("delete-remote", "Delete", "Cancel")

    @dataclass
    class ReplicationsChecked(Message):
        """The replications that use the remote, with local bucket names where they could be found."""

        replications: list[Replication]
        bucket_names: dict[str, str]

    @dataclass
    class ReplicationsCheckFailed(Message):
        """Listing the replications that use the remote failed."""

        error: ApiError

    @dataclass
    class DeleteFinished(Message):
        """What the delete worker did, one outcome per remote it tried."""

        outcomes: list[RemoteOutcome]

    @dataclass
    class TokenForgotten(Message):
        """The deleted remotes' saved tokens were removed (`tokens`: those there were), or `problem` says why
        one could not be."""

        problem: str | None
        tokens: dict[str, str] = field(repr=False)
        dismiss: bool = False
        """Everything asked for is deleted: close the dialog now."""

    def __init__(
        self,
        client: InfluxClient,
        org_id: str,
        remote: RemoteConnection | Sequence[RemoteConnection],
        *,
        token_store: TokenStore,
        server_label: str | None = None,
    ) -> None:
        """`remote` is one remote, or the marked ones (a bulk delete: one confirmation for all). Their saved
        tokens are forgotten from `token_store` (under the client's server URL) once they are deleted.

        `server_label` names the remote's server, where several are on screen (the fleet)."""
        super().__init__()
        self._server_label = server_label
        self._client = client
        self._org_id = org_id
        self._remotes = [remote] if isinstance(remote, RemoteConnection) else list(remote)
        self._bulk = len(self._remotes) > 1
        self._token_store = token_store
        self._replications: list[Replication] = []
        self._bucket_names: dict[str, str] = {}
        self._deleting = False
        self._forgetting = 0
        self._cancel_pending = False
        self.deleted_remotes: list[RemoteConnection] = []
        self.deleted_replications: list[Replication] = []
        """Every replication this dialog deleted, filled before it dismisses (see the class docstring)."""
        self.saved_tokens: dict[str, str] = {}
        """Remote ID -> the token that was saved for it, for the deleted remotes that had one."""
        self.kept_reasons: dict[str, str] = {}
        """Remote ID -> why the last try did not delete it ('a replication still uses it')."""

    @property
    def _remote(self) -> RemoteConnection:
        return self._remotes[0]

    @property
    def deleting(self) -> bool:
        """True while delete requests are in flight."""
        return self._deleting

    def compose(self) -> ComposeResult:
        if self._bulk:
            yield from self._compose_bulk()
            return
        remote = self._remote
        with Vertical(id="delete-dialog", classes="modal-dialog"):
            yield Static(Content("Delete remote connection?"), classes="modal-title")
            server = (
                ()
                if self._server_label is None
                else (("Server  ", "dim"), display_text(self._server_label), "\n")
            )
            pad = "  " if self._server_label is not None else ""
            yield Static(
                Content.assemble(
                    *server,
                    (f"Name  {pad}", "dim"),
                    (display_text(remote.name), "bold"),
                    "\n",
                    (f"URL   {pad}", "dim"),
                    remote.remote_url,
                ),
                id="delete-target",
            )
            yield Static(id="delete-error", classes="modal-error")
            yield Static(Content("Checking for replications…"), id="delete-status")
            yield VerticalScroll(id="delete-replications")
            yield TickBox("Also delete its replications", False, id="delete-with-replications")
            yield from modal_buttons(
                Button("Delete", variant="error", id="delete-confirm"),
                Button("Cancel", id="delete-cancel"),
            )

    def _compose_bulk(self) -> ComposeResult:
        """Several remotes: their names and URLs (scrolling past a few), then the same parts as for one."""
        with Vertical(id="delete-dialog", classes="modal-dialog -bulk"):
            yield Static(Content(self._title()), classes="modal-title")
            with VerticalScroll(id="delete-targets"):
                yield Static(self._targets(), id="delete-target")
            yield Static(id="delete-error", classes="modal-error")
            yield Static(Content("Checking for replications…"), id="delete-status")
            yield VerticalScroll(id="delete-replications")
            yield TickBox("Also delete their replications", False, id="delete-with-replications")
            yield Static(id="delete-outcome")
            yield from modal_buttons(
                Button("Delete", variant="error", id="delete-confirm"),
                Button("Cancel", id="delete-cancel"),
            )

    def _title(self) -> str:
        count = len(self._remotes)
        return f"Delete {count} remote connections?" if count > 1 else "Delete remote connection?"

    def _targets(self) -> Content:
        server = () if self._server_label is None else (("Server  ", "dim"), display_text(self._server_label))
        lines = [Content.assemble(*server)] if server else []
        lines += [remote_line(remote) for remote in self._remotes]
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))
        self.query_one("#delete-replications").display = False
        self.query_one("#delete-with-replications").display = False
        if self._bulk:
            self.query_one("#delete-outcome").display = False
            self._fit_lists()
        self._check_replications()

    def on_resize(self) -> None:
        if self._bulk:
            error = self.query_one("#delete-error", Static)
            self._fit_lists(str(error.render()) if error.display else "")

    def _fit_lists(self, error: str = "") -> None:
        """Several remotes: share the terminal's spare lines between the two lists (each scrolls past its share),
        so the buttons and the keys stay on screen at 80x24, also under an error of a few lines."""
        width = max(20, min(self.app.size.width, DIALOG_WIDTH) - 8)
        error_lines = -(-len(error) // width) + 1 if error else 0
        room = max(4, self.app.size.height - BULK_FIXED_LINES - error_lines)
        self.query_one("#delete-targets").styles.max_height = max(2, room // 2)
        self.query_one("#delete-replications").styles.max_height = max(2, room - room // 2)

    # -- which replications use the remote -------------------------------------------------------------------

    @work(exclusive=True, group="check-replications", exit_on_error=False)
    async def _check_replications(self) -> None:
        try:
            if self._bulk:  # one request for the org, rather than one per remote
                ids = {remote.id for remote in self._remotes}
                every = await self._client.replications.list(self._org_id)
                replications = [replication for replication in every if replication.remote_id in ids]
            else:
                replications = await self._client.replications.list(self._org_id, remote_id=self._remote.id)
        except ApiError as error:
            self.post_message(self.ReplicationsCheckFailed(error))
            return
        names: dict[str, str] = {}
        if replications:
            try:
                names = {bucket.id: bucket.name for bucket in await self._client.buckets.list(self._org_id)}
            except ApiError:
                names = {}
        self.post_message(self.ReplicationsChecked(replications, names))

    @on(ReplicationsChecked)
    def _replications_checked(self, message: ReplicationsChecked) -> None:
        self._bucket_names = message.bucket_names
        self._show_replications(message.replications)

    @on(ReplicationsCheckFailed)
    def _replications_check_failed(self, message: ReplicationsCheckFailed) -> None:
        these = "these remotes" if self._bulk else "this remote"
        self.query_one("#delete-status", Static).update(
            Content(f"Could not check which replications use {these}: {message.error}")
        )

    def _show_replications(self, replications: Sequence[Replication]) -> None:
        """List the replications (or say there are none) and offer the explicit choice to delete them too."""
        order = {remote.id: index for index, remote in enumerate(self._remotes)}
        self._replications = sorted(
            replications,
            key=lambda replication: (order.get(replication.remote_id, 0), replication.name.lower()),
        )
        count = len(self._replications)
        listing = self.query_one("#delete-replications", VerticalScroll)
        listing.remove_children()
        if self._bulk:
            in_use = self._in_use()
            status = bulk_replications_found(len(in_use), len(self._remotes))
            lines: list[Content] = []
            for remote in in_use:
                uses = [r for r in self._replications if r.remote_id == remote.id]
                lines.append(in_use_line(remote, len(uses)))
                lines += [replication_line(r, self._bucket_names) for r in uses]
        else:
            status = replications_found(count)
            lines = [replication_line(r, self._bucket_names) for r in self._replications]
        self.query_one("#delete-status", Static).update(Content(status))
        listing.mount_all(Static(line, classes="delete-replication") for line in lines)
        listing.display = count > 0
        checkbox = self.query_one("#delete-with-replications", Checkbox)
        checkbox.label = also_delete_label(count, "their" if self._bulk else "its")
        checkbox.display = count > 0
        if count == 0:
            checkbox.value = False
        self._show_outcome()

    def _in_use(self) -> list[RemoteConnection]:
        """The remotes (in the dialog's order) that a listed replication uses."""
        used = {replication.remote_id for replication in self._replications}
        return [remote for remote in self._remotes if remote.id in used]

    @on(Checkbox.Changed, "#delete-with-replications")
    def _show_outcome(self) -> None:
        """Several remotes, some in use: say what the Delete button will do with the box as it is now."""
        if not self._bulk:
            return
        panel = self.query_one("#delete-outcome", Static)
        in_use = self._in_use()
        ticked = self.query_one("#delete-with-replications", Checkbox).value
        panel.update(Content(bulk_outcome(in_use, len(self._remotes), len(self._replications), ticked)))
        panel.display = bool(in_use)

    # -- deleting -----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#delete-confirm")
    def action_confirm(self) -> None:
        """Delete (with the replications only when the box is ticked); ignored while a delete runs."""
        if self._deleting or self._forgetting:
            return
        with_replications = self.query_one("#delete-with-replications", Checkbox).value
        self._set_deleting(True)
        self._show_error("")
        plan = [
            (remote, [r for r in self._replications if r.remote_id == remote.id] if with_replications else [])
            for remote in self._remotes
        ]
        self._delete(plan)

    def _set_deleting(self, deleting: bool) -> None:
        self._deleting = deleting
        for selector in ("#delete-confirm", "#delete-cancel", "#delete-with-replications"):
            self.query_one(selector).disabled = deleting
        self.query_one("#delete-confirm", Button).label = "Deleting…" if deleting else "Delete"

    def _show_error(self, text: str) -> None:
        panel = self.query_one("#delete-error", Static)
        panel.update(Content(text))
        panel.display = bool(text)

    @work(exclusive=True, group="delete-remote", exit_on_error=False)
    async def _delete(self, plan: list[tuple[RemoteConnection, list[Replication]]]) -> None:
        """Delete each remote in turn (its replications first, when asked); a refusal stops only that one."""
        outcomes = [await self._delete_one(remote, replications) for remote, replications in plan]
        self.post_message(self.DeleteFinished(outcomes))

    async def _delete_one(self, remote: RemoteConnection, replications: list[Replication]) -> RemoteOutcome:
        """Delete each replication, stopping at the first failure, then the remote."""
        deleted: list[Replication] = []
        for replication in replications:
            try:
                await self._client.replications.delete(replication.id)
            except NotFoundError:
                pass  # already gone: that is what we wanted
            except ApiError as error:
                return RemoteOutcome(remote, deleted, remote_deleted=False, error=error, failed=replication)
            deleted.append(replication)
        try:
            await self._client.remotes.delete(remote.id)
        except NotFoundError:
            pass  # someone else deleted it meanwhile: it is gone either way
        except RemoteInUseError as error:
            try:
                still_using = await self._client.replications.list(self._org_id, remote_id=remote.id)
            except ApiError:
                still_using = None
            return RemoteOutcome(remote, deleted, remote_deleted=False, error=error, still_using=still_using)
        except ApiError as error:
            return RemoteOutcome(remote, deleted, remote_deleted=False, error=error)
        return RemoteOutcome(remote, deleted, remote_deleted=True)

    @on(DeleteFinished)
    def _delete_finished(self, message: DeleteFinished) -> None:
        for outcome in message.outcomes:
            known = {replication.id for replication in self.deleted_replications}
            self.deleted_replications += [r for r in outcome.deleted if r.id not in known]
        gone = [outcome.remote for outcome in message.outcomes if outcome.remote_deleted]
        self.deleted_remotes += gone
        failed = [outcome for outcome in message.outcomes if not outcome.remote_deleted]
        for outcome in failed:
            self.kept_reasons[outcome.remote.id] = why_kept(outcome.error, outcome.failed)
        if gone:
            self._forget_tokens(gone, dismiss=not failed)
        if not failed:
            return
        self._set_deleting(False)
        if self._bulk:
            self._show_bulk_failure(gone, failed)
        else:
            self._show_failure(failed[0])
        self.query_one("#delete-cancel", Button).focus()

    def _show_failure(self, outcome: RemoteOutcome) -> None:
        """One remote that was not deleted: what is left of its replications, and why."""
        gone = {replication.id for replication in outcome.deleted}
        if outcome.still_using is not None:
            self._show_replications(outcome.still_using)
        elif gone:
            self._show_replications([r for r in self._replications if r.id not in gone])
        if isinstance(outcome.error, RemoteInUseError):
            count = None if outcome.still_using is None else len(outcome.still_using)
            self._show_error(refusal(count, outcome.deleted))
        else:
            self._show_error(partial_failure(outcome.deleted, outcome.failed, outcome.error))

    def _show_bulk_failure(self, gone: list[RemoteConnection], failed: list[RemoteOutcome]) -> None:
        """Several remotes, some kept: the dialog now holds only those, and says what went and why not."""
        self._remotes = [outcome.remote for outcome in failed]
        self.query_one(".modal-title", Static).update(Content(self._title()))
        self.query_one("#delete-target", Static).update(self._targets())
        left: list[Replication] = []
        for outcome in failed:
            if outcome.still_using is not None:
                left += outcome.still_using
            else:
                went = {replication.id for replication in outcome.deleted}
                left += [
                    r for r in self._replications if r.remote_id == outcome.remote.id and r.id not in went
                ]
        self._show_replications(left)
        error = bulk_failure(gone, [(o.remote, o.error, o.failed) for o in failed])
        self._show_error(error)
        self._fit_lists(error)

    def _forget_tokens(self, remotes: list[RemoteConnection], *, dismiss: bool) -> None:
        self._forgetting += 1
        self._forget(remotes, dismiss)

    @work(thread=True, group="forget-token", exit_on_error=False)
    def _forget(self, remotes: list[RemoteConnection], dismiss: bool) -> None:
        """Remove the deleted remotes' saved tokens from the (blocking) token store, keeping them for an undo."""
        problem: str | None = None
        tokens: dict[str, str] = {}
        for remote in remotes:
            key = remote_key(self._client.settings.base_url, remote.id)
            try:
                token = self._token_store.get(key)
                if token is not None:
                    tokens[remote.id] = token
                    self._token_store.delete(key)
            except Exception as error:
                problem = str(error) or type(error).__name__
        self.post_message(self.TokenForgotten(problem, tokens, dismiss))

    @on(TokenForgotten)
    def _token_forgotten(self, message: TokenForgotten) -> None:
        self._forgetting -= 1
        self.saved_tokens.update(message.tokens)
        if message.problem is not None:
            what = "the remotes" if self._bulk else "the remote"
            self.notify(
                f"Deleted {what}, but could not remove a saved token from the keyring: {message.problem}",
                severity="warning",
                timeout=10,
            )
        if message.dismiss:
            self.dismiss(True)
        elif self._cancel_pending and not self._forgetting:
            self.dismiss(False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while deleting: say so and let the user decide again."""
        if (error := unexpected_failure(event, "delete-remote")) is not None:
            self._set_deleting(False)
            self._show_error(f"Deleting failed unexpectedly ({error}). Refresh to see what is left.")

    @on(Button.Pressed, "#delete-cancel")
    def action_cancel(self) -> None:
        """Close without deleting; ignored while a delete is in flight, so it is never cut in half (after the
        deleted remotes' tokens are put away, so the caller can offer an undo)."""
        if self._deleting:
            return
        if self._forgetting:
            self._cancel_pending = True
        else:
            self.dismiss(False)
