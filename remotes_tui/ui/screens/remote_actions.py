"""n / e / d: open the create, edit and delete modals, then refresh with the cursor where the user expects.

A mixin of `MainScreen`, kept apart so the screen's file stays about layout and state. The modals save or
delete by themselves (in workers); this only opens them and reacts to the result, and says once when a
remote's token could only be kept in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from remotes_tui.api import RemoteConnection
from remotes_tui.profiles.session import Session
from remotes_tui.tokens import TokenStore, remote_key

if TYPE_CHECKING:
    from textual.screen import Screen

    from remotes_tui.ui.widgets.remotes_table import RemotesTable

    _Base = Screen[None]
else:
    _Base = object


MEMORY_ONLY_TITLE = "Token kept for this session only"
MEMORY_ONLY_MESSAGE = (
    "Remote API tokens are kept in memory for this session only: remotes-tui forgets them when it exits."
)
"""Said when a memory-only store gives no reason of its own (a `LazyTokenStore` has its `warning`)."""


def deleted_text(name: str, replications: int) -> str:
    """The toast after a delete: "Deleted remote 'x'." or "Deleted remote 'x' and its 2 replications."."""
    if replications:
        return f"Deleted remote {name!r} and its {_replications(replications)}."
    return f"Deleted remote {name!r}."


def _replications(count: int) -> str:
    return f"{count} replication" if count == 1 else f"{count} replications"


class TokenKeptInMemory(Message):
    """A remote's token was kept, but only in memory; `reason` is the sentence to show."""

    def __init__(self, store: TokenStore, reason: str) -> None:
        super().__init__()
        self.store = store
        self.reason = reason


class RemoteWriteActions(_Base):
    """The write actions; the screen provides `session`, `state`, `table` and `load_remotes`."""

    _memory_warning_store: TokenStore | None = None
    """The token store the memory-only warning was shown for (once per store)."""

    if TYPE_CHECKING:
        session: Session | None
        state: str

        @property
        def table(self) -> RemotesTable: ...

        def load_remotes(self, *, keep_id: str | None = None) -> None: ...

    def _writable(self) -> Session | None:
        """The session if writes are allowed and the org is known; else tell the user why not."""
        session = self.session
        if session is None or session.org is None:
            self.notify("Not connected yet: wait for the remotes to load, or press r.", severity="warning")
            return None
        if session.read_only:
            self.notify(
                "This window is read-only: nothing can be created, edited or deleted.", severity="warning"
            )
            return None
        return session

    def _selected_remote(self) -> RemoteConnection | None:
        remote = self.table.selected if self.state == "ready" else None
        if remote is None:
            self.notify("Select a remote first.", severity="warning")
        return remote

    def action_new_remote(self) -> None:
        self._open_form(None)

    def action_edit_remote(self) -> None:
        if self._writable() is not None and (remote := self._selected_remote()) is not None:
            self._open_form(remote)

    def _open_form(self, original: RemoteConnection | None) -> None:
        """The create (original None) or edit form; it saves itself, then `_after_save` refreshes."""
        session = self._writable()
        if session is None or session.org is None:
            return
        from remotes_tui.ui.modals.remote_form import RemoteFormModal  # imported when first used

        modal = RemoteFormModal(
            session.client,
            session.org.id,
            original=original,
            token_store=session.token_store,
            server_url=session.server_url,
        )
        self.app.push_screen(modal, callback=self._after_save)

    def action_delete_remote(self) -> None:
        session = self._writable()
        remote = self._selected_remote() if session is not None else None
        if session is None or session.org is None or remote is None:
            return
        from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal  # imported when first used

        modal = DeleteRemoteModal(
            session.client,
            session.org.id,
            remote,
            token_store=session.token_store,
            server_url=session.server_url,
        )

        def after_delete(deleted: bool | None) -> None:
            gone = len(modal.deleted_replications)
            if deleted:
                self.notify(deleted_text(remote.name, gone), title="Deleted")
                # The deleted ID is gone, so the table keeps the cursor's row: the neighbour.
                self.load_remotes(keep_id=remote.id)
            elif gone:
                # Stopped part-way (the dialog said why): the remote stays, some replications went.
                self.notify(
                    f"Deleted {_replications(gone)} of {remote.name!r}; the remote itself was kept.",
                    title="Partly deleted",
                    severity="warning",
                )
                self.load_remotes(keep_id=remote.id)

        self.app.push_screen(modal, callback=after_delete)

    def _after_save(self, saved: RemoteConnection | None) -> None:
        if saved is None:
            return
        self.notify(f"Saved remote {saved.name!r}.", title="Saved")
        self.load_remotes(keep_id=saved.id)
        session = self.session
        if session is not None and not session.demo and self._memory_warning_store is not session.token_store:
            self._check_token_kept_in_memory(session.token_store, remote_key(session.server_url, saved.id))

    @work(thread=True, exclusive=True, group="token-in-memory", exit_on_error=False)
    def _check_token_kept_in_memory(self, store: TokenStore, key: str) -> None:
        """Whether the form kept the saved remote's token in a memory-only store (blocking store calls)."""
        try:
            if store.get(key) is None or store.persistent:
                return
            reason = store.warning
        except Exception:  # a failing store was already reported by the form
            return
        self.post_message(TokenKeptInMemory(store, reason or MEMORY_ONLY_MESSAGE))

    def on_token_kept_in_memory(self, message: TokenKeptInMemory) -> None:
        """Warn once per token store (named handler: `@on` is not collected from a plain mixin)."""
        if self._memory_warning_store is message.store:
            return
        self._memory_warning_store = message.store
        self.notify(message.reason, title=MEMORY_ONLY_TITLE, severity="warning", timeout=15)
