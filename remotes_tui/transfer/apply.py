"""Carry out a plan: the creates and updates, a bounded number at a time, stopping at the first failure.

Requests already sent when something fails finish; nothing new starts. The report says what was done, what failed
and what was not tried, so the same import can simply run again: what was done is then "unchanged". A create
whose answer was lost may have happened: the re-run sees it by name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from remotes_tui.api import (
    ApiError,
    ConnectionSettings,
    InfluxClient,
    InvalidInputError,
    RemoteConnection,
    creation_request_like,
)
from remotes_tui.transfer.plan import Action, Plan, PlanItem

DEFAULT_CONCURRENCY = 32
"""Requests in flight at once: enough to hide a WAN round trip (20 ms: ~750 creates/s against the bundled server,
16 gave ~520), few enough for a small InfluxDB; on loopback it costs nothing against fewer."""


@dataclass(frozen=True)
class Outcome:
    """One write: the remote as the server answered it, or the error (`ApiError` or refused input)."""

    item: PlanItem
    remote: RemoteConnection | None = None
    error: ApiError | InvalidInputError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ApplyReport:
    """What happened to each write of the plan."""

    plan: Plan
    done: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    not_tried: list[PlanItem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failed and not self.not_tried

    def done_of(self, action: Action) -> list[Outcome]:
        return [outcome for outcome in self.done if outcome.item.action is action]


OnDone = Callable[[Outcome], None]

FAST_TRANSPORT_FROM = 50
"""From this many remotes on, the client sends with the aiohttp transport: importing aiohttp (0.1-0.4 s) pays for
itself after about this many requests (each costs ~40% less CPU)."""


def bulk_client(settings: ConnectionSettings, remotes: int) -> InfluxClient:
    """A client for an import of `remotes` remotes: httpx's own transport for a few, aiohttp's for many (unless a
    proxy is configured: see `bulk_transport`)."""
    from remotes_tui.api.aiohttp_transport import bulk_transport

    return InfluxClient(
        settings, transport=bulk_transport(settings) if remotes >= FAST_TRANSPORT_FROM else None
    )


async def apply_plan(
    client: InfluxClient,
    org_id: str,
    plan: Plan,
    tokens: Mapping[str, str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_done: OnDone | None = None,
) -> ApplyReport:
    """Send the plan's writes with at most `concurrency` in flight; `tokens` maps each remote URL the writes
    need (`plan.token_urls()`) to its API token. `on_done` hears of every outcome as it arrives (progress, and
    saving a created remote's token). Never raises ApiError: failures are in the report."""
    report = ApplyReport(plan)
    pending = list(reversed(plan.writes))
    stop = asyncio.Event()

    async def worker() -> None:
        while pending and not stop.is_set():
            item = pending.pop()
            outcome = await _write(client, org_id, item, tokens)
            (report.done if outcome.ok else report.failed).append(outcome)
            if not outcome.ok:
                stop.set()
            if on_done is not None:
                on_done(outcome)

    workers = max(1, min(concurrency, len(pending)))
    await asyncio.gather(*(worker() for _ in range(workers)))
    report.not_tried = list(reversed(pending))
    return report


async def _write(client: InfluxClient, org_id: str, item: PlanItem, tokens: Mapping[str, str]) -> Outcome:
    spec = item.spec
    try:
        if item.action is Action.CREATE:
            request = creation_request_like(spec, org_id=org_id, token=tokens.get(spec.remote_url, ""))
            return Outcome(item, await client.remotes.create(request))
        assert item.existing is not None
        token = tokens.get(spec.remote_url) if item.needs_token else None
        return Outcome(item, await client.remotes.update(item.existing.id, item.update_request(token)))
    except (ApiError, InvalidInputError) as error:
        return Outcome(item, error=error)
