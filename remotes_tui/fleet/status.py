"""Where one fleet server stands: loading, ok, or the one reason it is not, in words a user acts on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from remotes_tui.api import (
    ApiError,
    EndpointNotFoundError,
    ForbiddenError,
    NotFoundError,
    RemoteConnection,
    TransportError,
    UnauthorizedError,
)
from remotes_tui.fleet.members import FleetServer

if TYPE_CHECKING:
    from remotes_tui.api.health import HealthIndex


class ServerStatus(StrEnum):
    """A server's state in the fleet's server list (the value is the word shown)."""

    LOADING = "loading"
    OK = "ok"
    READ_ONLY = "read-only"
    UNREACHABLE = "unreachable"
    TOKEN_REFUSED = "token refused"
    ORG_MISSING = "org missing"
    NO_TOKEN = "no token"
    FAILED = "failed"

    @property
    def loaded(self) -> bool:
        """True when the server's remotes are known (ok or read-only)."""
        return self in (ServerStatus.OK, ServerStatus.READ_ONLY)

    @property
    def failed(self) -> bool:
        return self not in (ServerStatus.LOADING, ServerStatus.OK, ServerStatus.READ_ONLY)


@dataclass(frozen=True)
class ServerReport:
    """One server's last load: its status, its remotes (when loaded), its build and round trip, or the error
    as one line. `stale` is True while a reload runs (the remotes shown are the previous ones)."""

    server: FleetServer
    status: ServerStatus
    remotes: tuple[RemoteConnection, ...] = field(default=(), repr=False)
    version: str | None = None
    round_trip: float | None = None
    """Seconds `/ping` took."""
    error: str | None = None
    stale: bool = False
    health: HealthIndex | None = field(default=None, repr=False)
    """The health of its remotes, from its replications (None until they are loaded, after the remotes)."""

    @property
    def name(self) -> str:
        return self.server.name

    @property
    def detail(self) -> str:
        """What follows the status word: `2.7.12 · 12 ms`, or the error's one line."""
        if self.status.loaded:
            parts = [
                self.version or "",
                f"{self.round_trip * 1000:.0f} ms" if self.round_trip is not None else "",
            ]
            return " · ".join(part for part in parts if part)
        return self.error or ""


def loading_report(server: FleetServer, previous: ServerReport | None = None) -> ServerReport:
    """The report while a (re)load runs: the previous remotes stay, marked stale."""
    if previous is not None and previous.status.loaded:
        return ServerReport(
            server,
            ServerStatus.LOADING,
            previous.remotes,
            previous.version,
            previous.round_trip,
            stale=True,
            health=previous.health,
        )
    return ServerReport(server, ServerStatus.LOADING)


def status_of(error: ApiError) -> ServerStatus:
    """The server status an error of its load means."""
    if isinstance(error, TransportError):
        return ServerStatus.UNREACHABLE
    if isinstance(error, UnauthorizedError | ForbiddenError):
        return ServerStatus.TOKEN_REFUSED
    if isinstance(error, NotFoundError) and not isinstance(error, EndpointNotFoundError):
        return ServerStatus.ORG_MISSING
    return ServerStatus.FAILED


def one_line(text: str) -> str:
    """A message as one line (a server's sentence may hold newlines)."""
    return " ".join(text.split())
