"""n / e / d: open the create, edit and delete modals, then refresh with the cursor where the user expects.

`RemoteWriteActions` is a helper the main screen owns (`screen.writes`), kept apart so the screen's file stays
about layout and state. The modals save or delete by themselves (in workers); this only opens them, reacts
to the result, and says once per session, in one line, when remote tokens can only be kept in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from remotes_tui.tokens import TokenStore, remote_key

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.profiles.session import Session
    from remotes_tui.ui.screens.main import MainScreen


MEMORY_ONLY_NOTICE = "Tokens kept for this session only: start an OS keyring."
"""Said once per session when a remote's token could only be kept in memory (one line in a toast)."""


def deleted_text(name: str, replications: int) -> str:
    """The toast after a delete: "Deleted remote 'x'." or "Deleted remote 'x' and its 2 replications."."""
    if replications:
        return f"Deleted remote {name!r} and its {_replications(replications)}."
    return f"Deleted remote {name!r}."


def _replications(count: int) -> str:
    return f"{count} replication" if count == 1 else f"{count} replications"


class RemoteWriteActions:
    """The main screen's write actions: open the form or the delete dialog, then reload the list."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.memory_notice_shown = False
        """True once the session-only token notice was shown (at most once per run of the app)."""

    def _writable(self) -> tuple[Session, str] | None:
        """The session and org ID if writes are allowed now; else say why not, in one line."""
        screen = self.screen
        session = screen.session
        if session is None or session.org is None:
            screen.notify(screen.why_not("new_remote") or "Not connected yet.", severity="warning")
            return None
        if session.read_only:
            screen.notify(
                "This window is read-only: nothing can be created, edited or deleted.", severity="warning"
            )
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
        self._open_form(None)

    def edit_remote(self) -> None:
        if self._writable() is not None and (remote := self._selected()) is not None:
            self._open_form(remote)

    def _open_form(self, original: RemoteConnection | None) -> None:
        """The create (original None) or edit form; it saves itself, then `_after_save` reloads."""
        writable = self._writable()
        if writable is None:
            return
        session, org_id = writable
        from remotes_tui.ui.modals.remote_form import RemoteFormModal  # imported when first used

        modal = RemoteFormModal(
            session.client,
            org_id,
            original=original,
            token_store=session.token_store,
            server_url=session.server_url,
        )
        self.screen.app.push_screen(modal, callback=self._after_save)

    def delete_remote(self) -> None:
        writable = self._writable()
        remote = self._selected() if writable is not None else None
        if writable is None or remote is None:
            return
        session, org_id = writable
        from remotes_tui.ui.modals.delete_remote import DeleteRemoteModal  # imported when first used

        modal = DeleteRemoteModal(
            session.client, org_id, remote, token_store=session.token_store, server_url=session.server_url
        )
        screen = self.screen

        def after_delete(deleted: bool | None) -> None:
            gone = len(modal.deleted_replications)
            if deleted:
                screen.notify(deleted_text(remote.name, gone), title="Deleted")
                # The deleted ID is gone, so the table keeps the cursor's row: the neighbour.
                screen.load_remotes(keep_id=remote.id)
            elif gone:
                # Stopped part-way (the dialog said why): the remote stays, some replications went.
                screen.notify(
                    f"Deleted {_replications(gone)} of {remote.name!r}; the remote itself was kept.",
                    title="Partly deleted",
                    severity="warning",
                )
                screen.load_remotes(keep_id=remote.id)

        screen.app.push_screen(modal, callback=after_delete)

    def _after_save(self, saved: RemoteConnection | None) -> None:
        if saved is None:
            return
        screen = self.screen
        screen.notify(f"Saved remote {saved.name!r}.", title="Saved")
        screen.load_remotes(keep_id=saved.id)
        session = screen.session
        if session is not None and not session.demo and not self.memory_notice_shown:
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
