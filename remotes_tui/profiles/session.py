"""One connection as the screens see it: the client, the org, the server's build, and how it was opened.

The app creates a `Session` per connection (at start-up and on every profile switch) and hands it to the
main screen; workers tag their results with it so an answer from a replaced connection is ignored.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from remotes_tui.api import (
    ApiError,
    ConnectionSettings,
    InfluxClient,
    NotInfluxDBError,
    Organization,
    PingInfo,
    RemoteConnection,
)
from remotes_tui.tokens import TokenStore


@dataclass(eq=False)
class Session:
    """A live connection to one server and org. Compared by identity: each switch makes a new one."""

    settings: ConnectionSettings
    token_store: TokenStore
    server_label: str | None = None
    profile_name: str | None = None
    read_only: bool = False
    demo: bool = False
    """The bundled demo: tokens live in memory by design, so nothing is said about the keyring."""
    org: Organization | None = None
    ping: PingInfo | None = None
    bucket_names: dict[str, str] | None = field(default=None, repr=False)
    """Local bucket ID -> name, fetched once when a detail pane first needs it."""
    influx_client: InfluxClient | None = field(default=None, repr=False)
    """Built by `open_client` when connecting; None before that and after `aclose`."""
    closed: bool = False

    @property
    def client(self) -> InfluxClient:
        """The connection's client (every network call of the UI goes through it)."""
        if self.influx_client is None:
            raise RuntimeError("The session is not connected yet (or was closed).")
        return self.influx_client

    def open_client(self) -> InfluxClient:
        """The connection's client, built on first use (so a session can be shown before it connects)."""
        if self.closed:
            raise RuntimeError("The session was closed.")
        if self.influx_client is None:
            self.influx_client = InfluxClient(self.settings)
        return self.influx_client

    async def aclose(self) -> None:
        """Close the client; later results of this session are ignored by their handlers."""
        self.closed = True
        client, self.influx_client = self.influx_client, None
        if client is not None:
            await client.aclose()

    @property
    def server_url(self) -> str:
        """The server's URL without a trailing slash (also the prefix of token-store keys)."""
        return self.settings.base_url

    @property
    def display_name(self) -> str:
        """What the header calls the server: the label if given, else the URL."""
        return self.server_label or self.server_url

    @property
    def org_id(self) -> str | None:
        """The resolved org ID, or the one given in the settings before the org was looked up."""
        if self.org is not None:
            return self.org.id
        return self.settings.org_id

    @property
    def org_display(self) -> str:
        """The org as a user recognises it: its name when known, else its ID."""
        if self.org is not None:
            return self.org.name
        return self.settings.org or self.settings.org_id or "?"

    @property
    def build_display(self) -> str:
        """'OSS 2.7.12', or a hint that the server did not say."""
        if self.ping is None:
            return ""
        parts = [part for part in (self.ping.build, self.ping.version) if part]
        return " ".join(parts) or "unknown build"


@dataclass(frozen=True)
class Handshake:
    """What connecting learned: the org, the build (None if /ping failed) and maybe the first remote list.

    `remotes` is None when the list was not fetched yet (org given by name) or failed (`remotes_error`).
    """

    org: Organization
    ping: PingInfo | None
    remotes: list[RemoteConnection] | None
    remotes_error: ApiError | None = None
    ping_seconds: float | None = None
    """How long `/ping` took (the server's round trip), when it answered."""


async def handshake(session: Session) -> Handshake:
    """Resolve the org and ping the server at once; also list the remotes when the org ID is already known.

    Running the requests together keeps start-up to one round trip. The org lookup's error wins, since it says
    best what is wrong (server down, bad token, unknown org), unless the ping found that the URL is not an
    InfluxDB at all. Raises ApiError (InvalidInputError when the settings name no organization).
    """
    client = session.open_client()
    org_id = client.settings.org_id
    try:
        async with asyncio.TaskGroup() as group:
            ping_task = group.create_task(_ping(client))
            remotes_task = group.create_task(_list_remotes(client, org_id)) if org_id else None
            org_task = group.create_task(_find_org(client))
    except BaseExceptionGroup as failed:  # only the org lookup raises; the group cancelled the others
        error = failed.exceptions[0]
        ping = ping_task.result()[0] if ping_task.done() and not ping_task.cancelled() else None
        if isinstance(error, ApiError) and isinstance(ping, NotInfluxDBError):
            raise ping from None
        raise error from None
    ping, ping_seconds = ping_task.result()
    remotes = remotes_task.result() if remotes_task is not None else None
    return Handshake(
        org=org_task.result(),
        ping=ping if isinstance(ping, PingInfo) else None,
        remotes=remotes if isinstance(remotes, list) else None,
        remotes_error=remotes if isinstance(remotes, ApiError) else None,
        ping_seconds=ping_seconds if isinstance(ping, PingInfo) else None,
    )


async def _find_org(client: InfluxClient) -> Organization:
    """The org of the settings, by ID or by name; the service's sentence when neither was given."""
    settings = client.settings
    if settings.org_id:
        return await client.orgs.find(org_id=settings.org_id)
    if settings.org:
        return await client.orgs.find(org=settings.org)
    org_id = await client.resolve_org_id()  # raises InvalidInputError naming the missing setting
    return await client.orgs.find(org_id=org_id)


async def _ping(client: InfluxClient) -> tuple[PingInfo | ApiError, float]:
    """The build and version, or why not (a server that does not answer /ping can still list remotes), and
    how long it took."""
    started = time.perf_counter()
    try:
        answer: PingInfo | ApiError = await client.system.ping()
    except ApiError as error:
        answer = error
    return answer, time.perf_counter() - started


async def _list_remotes(client: InfluxClient, org_id: str) -> list[RemoteConnection] | ApiError:
    """The first remote list, or its error (connected, but listing failed: keep the org, show the error)."""
    try:
        return await client.remotes.list(org_id)
    except ApiError as error:
        return error
