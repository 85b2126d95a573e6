"""App-wide messages: the app tells the main screen about its connection, workers carry their results.

Every message names the `Session` it belongs to, so a late answer from a replaced connection is dropped.

The service layer's types are imported for type checking only: this module is loaded before the first
frame, and the service layer (httpx, pydantic) after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from remotes_tui.api import ApiError, Organization, PingInfo, RemoteConnection
    from remotes_tui.api.health import HealthIndex
    from remotes_tui.profiles.session import Session


@dataclass
class ConnectionReady(Message):
    """The org was found and the server pinged; `remotes` is the first list when it was fetched too.

    `remotes_error` is set when the server answered the org lookup but listing the remotes failed.
    """

    session: Session
    org: Organization
    ping: PingInfo | None
    remotes: Sequence[RemoteConnection] | None
    remotes_error: ApiError | None = None


@dataclass
class ConnectionFailed(Message):
    """The org could not be resolved or the server could not be reached."""

    session: Session
    error: ApiError


@dataclass
class RemotesLoaded(Message):
    """A fresh list of remotes; the cursor should stay on `keep_id` when given.

    `health` is built from the replications listed alongside (`HealthIndex.unknown()` when that failed).
    """

    session: Session
    remotes: Sequence[RemoteConnection]
    keep_id: str | None = None
    health: HealthIndex | None = None


@dataclass
class HealthLoaded(Message):
    """The replications were listed on their own (after the start-up's list of remotes)."""

    session: Session
    health: HealthIndex


@dataclass
class RemotesLoadFailed(Message):
    """Listing the remotes failed; `error` is a sentence for the user."""

    session: Session
    error: ApiError
