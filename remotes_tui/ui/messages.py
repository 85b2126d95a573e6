"""App-wide messages that carry the results of network workers to the handlers that update widgets.

Every message names the `Session` it belongs to, so a late answer from a replaced connection is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message

from remotes_tui.api import ApiError, Organization, PingInfo, RemoteConnection

if TYPE_CHECKING:
    from remotes_tui.profiles.session import Session


class ConnectionReady(Message):
    """The org was found and the server pinged; `remotes` is the first list when it was fetched too.

    `remotes_error` is set when the server answered the org lookup but listing the remotes failed.
    """

    def __init__(
        self,
        session: Session,
        org: Organization,
        ping: PingInfo | None,
        remotes: Sequence[RemoteConnection] | None,
        remotes_error: ApiError | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.org = org
        self.ping = ping
        self.remotes = remotes
        self.remotes_error = remotes_error


class ConnectionFailed(Message):
    """The org could not be resolved or the server could not be reached."""

    def __init__(self, session: Session, error: ApiError) -> None:
        super().__init__()
        self.session = session
        self.error = error


class RemotesLoaded(Message):
    """A fresh list of remotes; the cursor should stay on `keep_id` when given."""

    def __init__(
        self, session: Session, remotes: Sequence[RemoteConnection], *, keep_id: str | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.remotes = remotes
        self.keep_id = keep_id


class RemotesLoadFailed(Message):
    """Listing the remotes failed; `error` is a sentence for the user."""

    def __init__(self, session: Session, error: ApiError) -> None:
        super().__init__()
        self.session = session
        self.error = error
