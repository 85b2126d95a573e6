"""Load every server of a fleet at once, a bounded number at a time; each result is reported as it arrives.

One server's load is one round trip when its org ID is known (ping, org and remotes together, as the single
server view does) and two when the org is given by name. A server that fails never holds up the others: its
report carries the status and the error as one line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from remotes_tui.api import ApiError
from remotes_tui.fleet.members import FleetServer, NoTokenError
from remotes_tui.fleet.status import ServerReport, ServerStatus, one_line, status_of
from remotes_tui.profiles.session import handshake

DEFAULT_CONCURRENCY = 64
"""Servers loading at once (each with up to three requests in flight): a 50-server fleet loads in one round
trip; a larger one in waves. Tokens read from the OS keyring are read a few at a time (threads)."""

OnReport = Callable[[ServerReport], None]


async def load_server(server: FleetServer) -> ServerReport:
    """Connect to one server (reading its token first if needed) and list its remotes. Never raises ApiError."""
    try:
        settings = server.settings
        if settings is None:
            settings = await asyncio.to_thread(server.connect_settings)
    except NoTokenError as error:
        return ServerReport(server, ServerStatus.NO_TOKEN, error=one_line(str(error)))
    session = server.open_session(settings)
    try:
        result = await handshake(session)
        session.org, session.ping = result.org, result.ping
        remotes = result.remotes
        if result.remotes_error is not None:
            raise result.remotes_error
        if remotes is None:
            remotes = await session.client.remotes.list(result.org.id)
    except ApiError as error:
        return ServerReport(server, status_of(error), error=one_line(str(error)))
    return ServerReport(
        server,
        ServerStatus.READ_ONLY if server.read_only else ServerStatus.OK,
        tuple(remotes),
        version=result.ping.version if result.ping is not None else None,
        round_trip=result.ping_seconds,
    )


async def load_fleet(
    servers: Sequence[FleetServer],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_report: OnReport | None = None,
) -> list[ServerReport]:
    """Load every server with at most `concurrency` loading at once; `on_report` hears each one as it
    arrives. Returns the reports in the order of `servers`."""
    limit = asyncio.Semaphore(max(1, concurrency))

    async def one(server: FleetServer) -> ServerReport:
        async with limit:
            report = await load_server(server)
        if on_report is not None:
            on_report(report)
        return report

    return list(await asyncio.gather(*(one(server) for server in servers)))


async def close_fleet(servers: Sequence[FleetServer]) -> None:
    """Close every server's client."""
    await asyncio.gather(*(server.aclose() for server in servers), return_exceptions=True)
