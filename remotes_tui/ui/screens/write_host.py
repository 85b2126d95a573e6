"""`WriteHost`: what a screen with write actions offers them (the main screen and the fleet view).

A module of its own so that the write actions (`remote_actions`) and the undo (`undo_delete`) both depend on
it, not on each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from remotes_tui.api import RemoteConnection
    from remotes_tui.profiles.session import Session


class WriteHost(Protocol):
    """What a screen with write actions provides (MainScreen, FleetScreen: see `RemotesBrowser`)."""

    many_servers: bool
    """Dialogs name the server they act on (the fleet)."""

    @property
    def app(self) -> App[Any]: ...

    @property
    def selected(self) -> RemoteConnection | None: ...

    def session_for(self, action: str) -> Session | None:
        """The connection `action` (new_remote, edit_remote, delete_remote) would write to now."""
        ...

    def shows(self, session: Session) -> bool:
        """True while this screen still shows `session`'s server: a test asked for, or a delete to undo, on a
        connection since replaced is dropped or refused."""
        ...

    def read_only_text(self, session: Session) -> str:
        """Why nothing can be written through `session` (it is read-only), in one sentence."""
        ...

    def why_not(self, action: str) -> str: ...

    def reload_after_write(self, session: Session, remote_id: str) -> None:
        """Reload the list of `session`'s server with the cursor on `remote_id` (or its neighbour)."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Any: ...
