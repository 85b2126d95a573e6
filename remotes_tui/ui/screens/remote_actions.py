"""n / e / d: open the create, edit and delete modals, then refresh with the cursor where the user expects.

A mixin of `MainScreen`, kept apart so the screen's file stays about layout and state. The modals save or
delete by themselves (in workers); this only opens them and reacts to the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from remotes_tui.api import RemoteConnection
from remotes_tui.ui.screens.session import Session

if TYPE_CHECKING:
    from textual.screen import Screen

    from remotes_tui.ui.widgets.remotes_table import RemotesTable

    _Base = Screen[None]
else:
    _Base = object


class RemoteWriteActions(_Base):
    """The write actions; the screen provides `session`, `state`, `table` and `load_remotes`."""

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
            if deleted:
                self.notify(f"Deleted remote {remote.name!r}.", title="Deleted")
                # The deleted ID is gone, so the table keeps the cursor's row: the neighbour.
                self.load_remotes(keep_id=remote.id)

        self.app.push_screen(modal, callback=after_delete)

    def _after_save(self, saved: RemoteConnection | None) -> None:
        if saved is None:
            return
        self.notify(f"Saved remote {saved.name!r}.", title="Saved")
        self.load_remotes(keep_id=saved.id)
