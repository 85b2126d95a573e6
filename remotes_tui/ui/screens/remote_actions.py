"""n / e / d: open the create, edit and delete modals, then refresh with the cursor where the user expects.

`d` deletes the selected remote, or every marked one with one confirmation; what a delete removed is kept
(`last_delete`, for this session) so that `u` on the same screen (the main screen, or the fleet) can recreate
it.

`RemoteWriteActions` is a helper a screen owns (`screen.writes`), kept apart so the screen's file stays about
layout and state. The modals save or delete by themselves (in workers); this only opens them, reacts to the
result, and says once per session, in one line, when remote tokens can only be kept in memory.

The screen says which connection a write goes to (`session_for`): the main screen's one server, or in the
fleet the selected remote's own server (the server under the server list's cursor for a new remote).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from remotes_tui.tokens import TokenStore, remote_key
from remotes_tui.ui.screens.undo_delete import DeletedBatch, batch_of
from remotes_tui.ui.screens.write_host import WriteHost

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.profiles.session import Session


MEMORY_ONLY_NOTICE = "Tokens kept for this session only: start an OS keyring."
"""Said once per session when a remote's token could only be kept in memory (one line in a toast)."""


def deleted_text(name: str, replications: int) -> str:
    """The toast after a delete: "Deleted remote 'x'." or "Deleted remote 'x' and its 2 replications."."""
    if replications:
        return f"Deleted remote {name!r} and its {_replications(replications)}."
    return f"Deleted remote {name!r}."


def _replications(count: int) -> str:
    return f"{count} replication" if count == 1 else f"{count} replications"


def bulk_deleted_text(asked: int, gone: int, kept: Sequence[tuple[str, str]], replications: int) -> str:
    """The toast after a bulk delete: how many went (and their replications), and which stayed and why."""
    also = f" and {_replications(replications)}" if replications else ""
    if not kept:
        return f"Deleted {gone} remotes{also}."
    from remotes_tui.ui.modals.deletion_text import kept_by_reason

    why = "; ".join(f"kept {names}: {reason}" for reason, names in kept_by_reason(kept))
    did = f"Deleted {gone} of {asked} remotes{also}" if gone else "Deleted none of the remotes"
    return f"{did}; {why}."


class RemoteWriteActions:
    """The main screen's write actions: open the form or the delete dialog, then reload the list."""

    def __init__(self, screen: WriteHost) -> None:
        self.screen = screen
        self.memory_notice_shown = False
        """True once the session-only token notice was shown (at most once per run of the app)."""
        self.last_delete: DeletedBatch | None = None
        """What the last delete of this session removed (the remotes, their saved tokens, the replications),
        for the main screen's undo; None before any, or once undone."""

    def _writable(self, action: str) -> tuple[Session, str] | None:
        """The session and org ID if `action` may write now; else say why not, in one line."""
        screen = self.screen
        session = screen.session_for(action)
        if session is None or session.org is None:
            screen.notify(screen.why_not(action) or "Not connected yet.", severity="warning")
            return None
        if session.read_only:
            screen.notify(screen.read_only_text(session), severity="warning")
            return None
        return session, session.org.id

    def _selected(self) -> RemoteConnection | None:
        remote = self.screen.selected
        if remote is None:
            self.screen.notify(
                self.screen.why_not("edit_remote") or "Select a remote first.", severity="warning"
            )
        return remote

    def new_remote(self) -> None:
        self._open_form(None, "new_remote")

    def edit_remote(self) -> None:
        if self._writable("edit_remote") is not None and (remote := self._selected()) is not None:
            self._open_form(remote, "edit_remote")

    def _open_form(self, original: RemoteConnection | None, action: str) -> None:
        """The create (original None) or edit form; it saves itself, then `_after_save` reloads."""
        writable = self._writable(action)
        if writable is None:
            return
        session, org_id = writable
        from remotes_tui.ui.modals.remote_form import RemoteFormModal  # imported when first used

        modal = RemoteFormModal(
            session.client,
            org_id,
            original=original,
            token_store=session.token_store,
            server_label=self._server_label(session),
        )
        self.screen.app.push_screen(modal, callback=lambda saved: self._after_save(session, saved))

    def _server_label(self, session: Session) -> str | None:
        """The server's name in a dialog's title when the screen shows several servers (the fleet)."""
        return session.server_label if self.screen.many_servers else None

    def delete_remote(self, marked: Sequence[RemoteConnection] = ()) -> None:
        """Delete the marked remotes (one confirmation for all), or else the selected one."""
        writable = self._writable("delete_remote")
        if writable is None:
            return
        targets = list(marked)
        if not targets and (remote := self._selected()) is not None:
            targets = [remote]
        if not targets:
            return
        session, org_id = writable
        from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal  # imported when first used

        modal = DeleteRemoteModal(
            session.client,
            org_id,
            targets if len(targets) > 1 else targets[0],
            token_store=session.token_store,
            server_label=self._server_label(session),
        )
        screen = self.screen
        title = "Deleted (u undoes)"

        def after_delete(deleted: bool | None) -> None:
            removed, gone = modal.deleted_remotes, len(modal.deleted_replications)
            if removed:
                self.last_delete = batch_of(session, removed, modal.saved_tokens, modal.deleted_replications)
            if len(targets) > 1:
                if removed or gone:
                    ids = {remote.id for remote in removed}
                    kept = [
                        (remote.name, modal.kept_reasons.get(remote.id, "not deleted"))
                        for remote in targets
                        if remote.id not in ids
                    ]
                    text = bulk_deleted_text(len(targets), len(removed), kept, gone)
                    screen.notify(text, title=title, severity="warning" if kept else "information")
            elif deleted:
                screen.notify(deleted_text(targets[0].name, gone), title=title)
            elif gone:
                # Stopped part-way (the dialog said why): the remote stays, some replications went.
                screen.notify(
                    f"Deleted {_replications(gone)} of {targets[0].name!r}; the remote itself was kept.",
                    title="Partly deleted",
                    severity="warning",
                )
            if removed or gone:
                # A deleted ID is gone, so the table keeps the cursor's row: the neighbour.
                keep = screen.selected.id if len(targets) > 1 and screen.selected else targets[0].id
                screen.reload_after_write(session, keep)

        screen.app.push_screen(modal, callback=after_delete)

    def _after_save(self, session: Session, saved: RemoteConnection | None) -> None:
        if saved is None:
            return
        screen = self.screen
        screen.notify(f"Saved remote {saved.name!r}.", title="Saved")
        screen.reload_after_write(session, saved.id)
        if not session.demo and not self.memory_notice_shown:
            key = remote_key(session.server_url, saved.id)
            screen.run_worker(
                lambda: self._check_kept_in_memory(session.token_store, key),
                thread=True,
                exclusive=True,
                group="token-in-memory",
                exit_on_error=False,
            )

    def _check_kept_in_memory(self, store: TokenStore, key: str) -> None:
        """In a thread (store calls block): if the form kept the token in memory only, say so once."""
        try:
            if store.get(key) is None or store.persistent:
                return
        except Exception:  # a failing store was already reported by the form
            return
        self.screen.app.call_from_thread(self._say_kept_in_memory)

    def _say_kept_in_memory(self) -> None:
        if not self.memory_notice_shown:
            self.memory_notice_shown = True
            self.screen.notify(MEMORY_ONLY_NOTICE, severity="warning", timeout=10)
