"""The delete dialog for a remote connection: shows the replications that use it and deletes nothing by surprise.

The server refuses to delete a remote that a replication still references; deleting those replications too is
a separate, explicit choice (like `influx remote delete --delete-replications`), unticked by default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static
from textual.worker import Worker, WorkerState

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
    partial_failure,
    refusal,
    replication_line,
    replications_found,
)
from remotes_tui.ui.modals.emoji_width import display_text
from remotes_tui.ui.modals.key_hints import key_hints
from remotes_tui.ui.styles import styles_dir


class DeleteRemoteModal(ModalScreen[bool]):
    """Confirm deleting one remote; dismisses with True once it is gone from the server, else False.

    `deleted_replications` lists every replication this dialog deleted (ticked "Also delete its
    replications"), in the order they went, without repeats; it is complete before the dialog dismisses, so
    the dismiss callback can say "and its 2 replications" in its toast. It can be non-empty after a False
    too: a delete that stopped part-way keeps the replications it already deleted.
    """

    CSS_PATH = styles_dir() / "modals.tcss"
    AUTO_FOCUS = "#delete-cancel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Delete", id="delete-remote.confirm"),
        Binding("n,escape", "cancel", "Cancel", id="delete-remote.cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    @dataclass
    class ReplicationsChecked(Message):
        """The replications that use the remote, with local bucket names where they could be found."""

        replications: list[Replication]
        bucket_names: dict[str, str]

    @dataclass
    class ReplicationsCheckFailed(Message):
        """Listing the replications that use the remote failed."""

        error: ApiError

    @dataclass(kw_only=True)
    class DeleteFinished(Message):
        """What the delete worker did: which replications went, whether the remote went, and why not."""

        deleted: list[Replication]
        remote_deleted: bool
        error: ApiError | None = None
        failed: Replication | None = None
        still_using: list[Replication] | None = None

    @dataclass
    class TokenForgotten(Message):
        """The remote's saved token was removed, or `problem` says why it could not be."""

        problem: str | None

    def __init__(
        self,
        client: InfluxClient,
        org_id: str,
        remote: RemoteConnection,
        *,
        token_store: TokenStore,
        server_url: str,
    ) -> None:
        super().__init__()
        self._client = client
        self._org_id = org_id
        self._remote = remote
        self._token_store = token_store
        self._server_url = server_url
        self._replications: list[Replication] = []
        self._bucket_names: dict[str, str] = {}
        self._deleting = False
        self.deleted_replications: list[Replication] = []
        """Every replication this dialog deleted, filled before it dismisses (see the class docstring)."""

    @property
    def deleting(self) -> bool:
        """True while delete requests are in flight."""
        return self._deleting

    def compose(self) -> ComposeResult:
        remote = self._remote
        with Vertical(id="delete-dialog", classes="modal-dialog"):
            yield Static(Content("Delete remote connection?"), classes="modal-title")
            yield Static(
                Content.assemble(
                    ("Name  ", "dim"),
                    (display_text(remote.name), "bold"),
                    "\n",
                    ("URL   ", "dim"),
                    remote.remote_url,
                ),
                id="delete-target",
            )
            yield Static(id="delete-error", classes="modal-error")
            yield Static(Content("Checking for replications…"), id="delete-status")
            yield VerticalScroll(id="delete-replications")
            yield Checkbox("Also delete its replications", False, id="delete-with-replications")
            with Horizontal(classes="modal-buttons"):
                yield Button("Delete", variant="error", id="delete-confirm")
                yield Button("Cancel", id="delete-cancel")
            yield Static(classes="modal-help")

    def on_mount(self) -> None:
        self.query_one(".modal-help", Static).update(key_hints(self))
        self.query_one("#delete-replications").display = False
        self.query_one("#delete-with-replications").display = False
        self._check_replications()

    # -- which replications use the remote -------------------------------------------------------------------

    @work(exclusive=True, group="check-replications", exit_on_error=False)
    async def _check_replications(self) -> None:
        try:
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
        self.query_one("#delete-status", Static).update(
            Content(f"Could not check which replications use this remote: {message.error}")
        )

    def _show_replications(self, replications: Sequence[Replication]) -> None:
        """List the replications (or say there are none) and offer the explicit choice to delete them too."""
        self._replications = sorted(replications, key=lambda replication: replication.name.lower())
        count = len(self._replications)
        self.query_one("#delete-status", Static).update(Content(replications_found(count)))
        listing = self.query_one("#delete-replications", VerticalScroll)
        listing.remove_children()
        listing.mount_all(
            Static(replication_line(replication, self._bucket_names), classes="delete-replication")
            for replication in self._replications
        )
        listing.display = count > 0
        checkbox = self.query_one("#delete-with-replications", Checkbox)
        checkbox.label = also_delete_label(count)
        checkbox.display = count > 0
        if count == 0:
            checkbox.value = False

    # -- deleting -----------------------------------------------------------------------------------------

    @on(Button.Pressed, "#delete-confirm")
    def action_confirm(self) -> None:
        """Delete (with the replications only when the box is ticked); ignored while a delete runs."""
        if self._deleting:
            return
        with_replications = self.query_one("#delete-with-replications", Checkbox).value
        self._set_deleting(True)
        self._show_error("")
        self._delete(list(self._replications) if with_replications else [])

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
    async def _delete(self, replications: list[Replication]) -> None:
        """Delete each replication, stopping at the first failure, then the remote."""
        deleted: list[Replication] = []
        for replication in replications:
            try:
                await self._client.replications.delete(replication.id)
            except NotFoundError:
                pass  # already gone: that is what we wanted
            except ApiError as error:
                self.post_message(
                    self.DeleteFinished(
                        deleted=deleted, remote_deleted=False, error=error, failed=replication
                    )
                )
                return
            deleted.append(replication)
        try:
            await self._client.remotes.delete(self._remote.id)
        except NotFoundError:
            pass  # someone else deleted it meanwhile: it is gone either way
        except RemoteInUseError as error:
            try:
                still_using = await self._client.replications.list(self._org_id, remote_id=self._remote.id)
            except ApiError:
                still_using = None
            self.post_message(
                self.DeleteFinished(
                    deleted=deleted, remote_deleted=False, error=error, still_using=still_using
                )
            )
            return
        except ApiError as error:
            self.post_message(self.DeleteFinished(deleted=deleted, remote_deleted=False, error=error))
            return
        self.post_message(self.DeleteFinished(deleted=deleted, remote_deleted=True))

    @on(DeleteFinished)
    def _delete_finished(self, message: DeleteFinished) -> None:
        known = {replication.id for replication in self.deleted_replications}
        self.deleted_replications += [r for r in message.deleted if r.id not in known]
        if message.remote_deleted:
            self._forget_token()
            return
        self._set_deleting(False)
        gone = {replication.id for replication in message.deleted}
        if message.still_using is not None:
            self._show_replications(message.still_using)
        elif gone:
            self._show_replications([r for r in self._replications if r.id not in gone])
        if isinstance(message.error, RemoteInUseError):
            count = None if message.still_using is None else len(message.still_using)
            self._show_error(refusal(count, message.deleted))
        else:
            self._show_error(partial_failure(message.deleted, message.failed, message.error))
        self.query_one("#delete-cancel", Button).focus()

    @work(thread=True, exclusive=True, group="forget-token", exit_on_error=False)
    def _forget_token(self) -> None:
        """Remove the remote's saved token from the (blocking) token store, if one was kept."""
        key = remote_key(self._server_url, self._remote.id)
        problem: str | None = None
        try:
            if self._token_store.get(key) is not None:
                self._token_store.delete(key)
        except Exception as error:
            problem = str(error) or type(error).__name__
        self.post_message(self.TokenForgotten(problem))

    @on(TokenForgotten)
    def _token_forgotten(self, message: TokenForgotten) -> None:
        if message.problem is not None:
            self.notify(
                f"Deleted the remote, but could not remove its saved token from the keyring: {message.problem}",
                severity="warning",
                timeout=10,
            )
        self.dismiss(True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while deleting: say so and let the user decide again."""
        if event.state is WorkerState.ERROR and event.worker.group == "delete-remote":
            self._set_deleting(False)
            self._show_error(
                f"Deleting failed unexpectedly ({type(event.worker.error).__name__}). Refresh to see what "
                "is left."
            )

    @on(Button.Pressed, "#delete-cancel")
    def action_cancel(self) -> None:
        """Close without deleting; ignored while a delete is in flight, so it is never cut in half."""
        if not self._deleting:
            self.dismiss(False)
