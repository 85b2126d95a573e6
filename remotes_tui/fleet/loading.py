"""Load every server of a fleet at once, a bounded number at a time; each result is reported as it arrives.

A server's load is one request when its org ID is known (from the profile, or from its last load): the remote
list, whose answer also carries the server's version (`X-Influxdb-Version`, so no `/ping`) and times the round
trip. An empty list is the one answer that cannot tell "no remotes" from "no such org" (influxd lists nothing for
an unknown org ID), so only then is the org looked up. An org given by name is looked up first (two requests
the first time). A server that fails never holds up the others: its report carries the status and the error as
one line. Few requests per server is what makes a large fleet fast: on a small machine the client's work per
request, not the network, is what a fleet load waits for.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import Callable, Sequence

from remotes_tui.api import ApiError, InvalidInputError, Organization, RemoteConnection
from remotes_tui.fleet.health import load_health
from remotes_tui.fleet.members import FleetServer, NoTokenError
from remotes_tui.fleet.status import ServerReport, ServerStatus, one_line, status_of
from remotes_tui.profiles.session import Session

DEFAULT_CONCURRENCY = 64
"""Servers loading at once: a 50-server fleet loads in one round trip; a larger one in waves. Tokens read from
the OS keyring are read a few at a time (threads)."""

HEALTH_CONCURRENCY = 8
"""Replications lists in flight at once: the health follows the rows without taking the CPU the other servers'
remotes are waiting for (on a small machine the client's work per request is what a fleet load waits for)."""

HEALTH_WAIT = 1.0
"""Seconds a loaded server's replications wait at most for the other servers' remotes lists: the rows of the
whole fleet come first (sending and reading a replications list costs the CPU the last remotes lists are
waiting for, and each health report redraws the table), but a server that never answers (a dropped connection
that only times out) does not keep every other server's health away."""

FAST_TRANSPORT_FROM = 20
"""From this many servers on, their clients send through aiohttp (`api.aiohttp_transport`): about 40% less CPU
per request, which is what a large fleet's load waits for; importing aiohttp (~0.2 s, once) pays for itself
from about this many servers on, and on every reload."""

OnReport = Callable[[ServerReport], None]


async def load_server(server: FleetServer, *, fast: bool = False) -> ServerReport:
    """Connect to one server (reading its token first if needed) and list its remotes. Never raises ApiError.

    `fast`: a new client sends through the aiohttp transport (see `FAST_TRANSPORT_FROM`)."""
    try:
        settings = server.settings
        if settings is None:
            settings = await asyncio.to_thread(server.connect_settings)
    except NoTokenError as error:
        return ServerReport(server, ServerStatus.NO_TOKEN, error=one_line(str(error)))
    session = server.open_session(settings, fast=fast)
    try:
        remotes, seconds = await _list(session)
    except ApiError as error:
        return ServerReport(server, status_of(error), error=one_line(str(error)))
    except InvalidInputError as error:  # settings that name no org (a profile always names one)
        return ServerReport(
            server, ServerStatus.FAILED, error=one_line(" ".join(error.field_errors.values()))
        )
    return ServerReport(
        server,
        ServerStatus.READ_ONLY if server.read_only else ServerStatus.OK,
        tuple(remotes),
        version=session.client.server_version,
        round_trip=seconds,
    )


async def _list(session: Session) -> tuple[list[RemoteConnection], float]:
    """The server's remotes and how long listing them took; `session.org` is set. Raises ApiError."""
    client = session.open_client()
    settings = session.settings
    org_id = settings.org_id or (session.org.id if session.org is not None else None)
    if org_id is None:
        session.org = await _find_org(session)
        org_id = session.org.id
    started = time.perf_counter()
    remotes = await client.remotes.list(org_id)
    seconds = time.perf_counter() - started
    if not remotes:  # no remotes, or no such org (any more): only the org lookup tells
        session.org = await _find_org(session)
        if session.org.id != org_id:  # the org was made again under a new ID since the last load
            remotes = await client.remotes.list(session.org.id)
    elif session.org is None or session.org.id != org_id:
        # Listing the org's remotes worked, so the org exists and the token sees it; its name is as given.
        session.org = Organization(id=org_id, name=settings.org or org_id)
    return remotes, seconds


async def _find_org(session: Session) -> Organization:
    settings = session.settings
    if settings.org_id:
        return await session.client.orgs.find(org_id=settings.org_id)
    if settings.org:
        return await session.client.orgs.find(org=settings.org)
    return await session.client.orgs.find(org_id=await session.client.resolve_org_id())


async def load_fleet(
    servers: Sequence[FleetServer],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_report: OnReport | None = None,
    health: bool = False,
    health_wait: float = HEALTH_WAIT,
) -> list[ServerReport]:
    """Load every server with at most `concurrency` loading at once; `on_report` hears each one as it
    arrives. With `health`, each loaded server's replications follow its remotes (a second report, with
    `health` set), so the rows never wait for them: they are asked for once every server's remotes list has
    answered, or `health_wait` seconds after the server's own (`HEALTH_WAIT`). Returns the last report of each
    server, in order."""
    limit = asyncio.Semaphore(max(1, concurrency))
    health_limit = asyncio.Semaphore(max(1, min(concurrency, HEALTH_CONCURRENCY)))
    fast = len(servers) >= FAST_TRANSPORT_FROM
    awaited = len(servers)
    rows_done = asyncio.Event()

    async def one(server: FleetServer) -> ServerReport:
        nonlocal awaited
        try:
            async with limit:
                report = await load_server(server, fast=fast)
        finally:
            awaited -= 1
            if awaited == 0:
                rows_done.set()
        if on_report is not None:
            on_report(report)
        if health and report.status.loaded:
            if not rows_done.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(rows_done.wait(), health_wait)
            async with health_limit:
                report = dataclasses.replace(report, health=await load_health(server))
            if on_report is not None:
                on_report(report)
        return report

    return list(await asyncio.gather(*(one(server) for server in servers)))


async def close_fleet(servers: Sequence[FleetServer]) -> None:
    """Close every server's client."""
    await asyncio.gather(*(server.aclose() for server in servers), return_exceptions=True)
