"""Rotate one remote URL's API token across a fleet: find every remote pointing at the URL, PATCH each one's
`remoteAPIToken`, and keep the new token in the token store under each remote (`remote_key(server, id)`).

    plan = plan_rotation("https://central-eu:8086", reports)     # reports of the loaded servers
    await rotate(plan, new_token, on_change=show)                # again later: only what is not done

Each remote ends in one state (`RotationState`): done (the server has the new token, and the store too), not
saved (the server has it, the token store refused it), failed (the server still has the old token), unknown
(the answer was lost: either token). Running `rotate` again on the same plan retries exactly the remotes that
are not done (a not-saved one only saves the token again): nothing is rotated twice. Servers answer a bounded
number of requests at a time; one that fails does not stop the others.

The token is never in a message, a repr or a log: errors are scrubbed of it before they are kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import SecretStr

from remotes_tui.api import (
    ApiError,
    ConnectionDroppedError,
    DeadlineExceededError,
    InvalidInputError,
    ReadTimeoutError,
    RemoteConnection,
    update_request,
)
from remotes_tui.fleet.members import FleetServer
from remotes_tui.fleet.status import ServerReport, one_line
from remotes_tui.tokens import KeyringUnavailableError, remote_key

DEFAULT_CONCURRENCY = 64
"""PATCHes in flight across the fleet."""
PER_SERVER = 4
"""PATCHes in flight on one server."""


class RotationState(StrEnum):
    """Where one remote stands (the value is the word shown)."""

    PENDING = "pending"
    RUNNING = "rotating"
    DONE = "new token"
    NOT_SAVED = "not saved"
    FAILED = "old token"
    UNKNOWN = "unknown"

    @property
    def finished(self) -> bool:
        """True when nothing is left to do for the remote."""
        return self is RotationState.DONE

    @property
    def server_has_new_token(self) -> bool:
        return self in (RotationState.DONE, RotationState.NOT_SAVED)


@dataclass(eq=False)
class RotationItem:
    """One remote to rotate, on its server; `error` is why it is not done (one line, never the token)."""

    server: FleetServer
    remote: RemoteConnection
    state: RotationState = RotationState.PENDING
    error: str | None = None
    attempts: int = 0

    @property
    def key(self) -> str:
        return f"{self.server.name}\0{self.remote.id}"

    @property
    def token_key(self) -> str:
        """Where the remote's token is kept in the token store."""
        return remote_key(self.server.url, self.remote.id)

    @property
    def outcome(self) -> str:
        """What the user needs to know, in words: which token the server uses now, and why not the new one."""
        words = {
            RotationState.PENDING: "not tried yet: still the old token",
            RotationState.RUNNING: "rotating…",
            RotationState.DONE: "new token, saved in the token store",
            RotationState.NOT_SAVED: "new token on the server, but it could not be saved here",
            RotationState.FAILED: "still the old token",
            RotationState.UNKNOWN: "unknown: the server may have the new token or the old one",
        }[self.state]
        return f"{words}: {self.error}" if self.error else words


@dataclass
class RotationPlan:
    """Every remote pointing at `url` on the loaded, writable servers; `unsearched` are the servers that did not
    load (their remotes could not be looked at), `read_only` the read-only servers that have such remotes (they
    are left alone)."""

    url: str
    items: list[RotationItem] = field(default_factory=list)
    unsearched: tuple[str, ...] = ()
    read_only: tuple[str, ...] = ()
    runs: int = 0

    def of(self, *states: RotationState) -> list[RotationItem]:
        return [item for item in self.items if item.state in states]

    @property
    def remaining(self) -> list[RotationItem]:
        """What a run (or a retry) would do: every remote that is not done."""
        return [item for item in self.items if not item.state.finished]

    @property
    def complete(self) -> bool:
        return not self.remaining

    @property
    def servers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.server.name for item in self.items))

    def counts(self) -> dict[RotationState, int]:
        counts = dict.fromkeys(RotationState, 0)
        for item in self.items:
            counts[item.state] += 1
        return counts

    def summary(self) -> str:
        """'3 of 4 remotes have the new token; 1 still has the old one.'"""
        counts = self.counts()
        total = len(self.items)
        done = counts[RotationState.DONE] + counts[RotationState.NOT_SAVED]
        parts = [
            f"{done} of {total} remote{'s' if total != 1 else ''} {'has' if done == 1 else 'have'} the new token"
        ]
        old = counts[RotationState.FAILED] + counts[RotationState.PENDING]
        if old:
            parts.append(f"{old} still {'has' if old == 1 else 'have'} the old one")
        if counts[RotationState.UNKNOWN]:
            parts.append(f"{counts[RotationState.UNKNOWN]} unknown (the answer was lost)")
        if counts[RotationState.NOT_SAVED]:
            parts.append(f"{counts[RotationState.NOT_SAVED]} not saved in the token store")
        return "; ".join(parts) + "."


def plan_rotation(url: str, reports: Iterable[ServerReport]) -> RotationPlan:
    """The remotes of every loaded server whose remote URL is `url` (as stored: exact), by server then name;
    a read-only server's are left out (and named)."""
    items: list[RotationItem] = []
    unsearched: list[str] = []
    read_only: list[str] = []
    for report in reports:
        if not report.status.loaded or report.server.session is None:
            unsearched.append(report.name)
            continue
        matches = sorted((r for r in report.remotes if r.remote_url == url), key=lambda r: (r.name, r.id))
        if matches and report.server.read_only:
            read_only.append(report.name)
            continue
        items += [RotationItem(report.server, remote) for remote in matches]
    return RotationPlan(url, items, tuple(unsearched), tuple(read_only))


OnChange = Callable[[RotationItem], None]


async def rotate(
    plan: RotationPlan,
    token: str | SecretStr,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_server: int = PER_SERVER,
    on_change: OnChange | None = None,
) -> RotationPlan:
    """Give every remote of the plan that is not done the new token (see the module docstring).

    `on_change` hears each item when it starts and when it ends. Never raises ApiError: the items say.
    """
    secret = token.get_secret_value() if isinstance(token, SecretStr) else token
    if not secret.strip():
        raise ValueError("The new token is empty.")
    plan.runs += 1
    limit = asyncio.Semaphore(max(1, concurrency))
    per: dict[str, asyncio.Semaphore] = {}

    def changed(item: RotationItem) -> None:
        if on_change is not None:
            on_change(item)

    async def one(item: RotationItem) -> None:
        server_limit = per.setdefault(item.server.name, asyncio.Semaphore(max(1, per_server)))
        async with limit, server_limit:
            saving_only = item.state is RotationState.NOT_SAVED
            item.state, item.error = RotationState.RUNNING, None
            item.attempts += 1
            changed(item)
            if not saving_only:
                await _patch(item, secret)
            else:
                item.state = RotationState.NOT_SAVED
            if item.state is RotationState.NOT_SAVED:
                await _save(item, secret)
            changed(item)

    await asyncio.gather(*(one(item) for item in plan.remaining))
    return plan


async def _patch(item: RotationItem, secret: str) -> None:
    """PATCH only the remote's token; the item's state says what happened."""
    session = item.server.session
    if session is None or session.closed:
        item.state, item.error = RotationState.FAILED, "the server is not connected; refresh the fleet."
        return
    try:
        request = update_request(item.remote, remote_api_token=secret)
        await session.client.remotes.update(item.remote.id, request)
    except (ConnectionDroppedError, ReadTimeoutError, DeadlineExceededError) as error:
        item.state, item.error = RotationState.UNKNOWN, _scrubbed(str(error), secret)  # sent, answer lost
    except (ApiError, InvalidInputError) as error:
        item.state, item.error = RotationState.FAILED, _scrubbed(str(error), secret)
    else:
        item.state = RotationState.NOT_SAVED  # the server has it; `_save` makes it DONE


async def _save(item: RotationItem, secret: str) -> None:
    """Keep the new token under the remote's key (a thread: the OS keyring blocks)."""
    try:
        await asyncio.to_thread(item.server.tokens.set, item.token_key, secret)
    except KeyringUnavailableError as error:
        item.state, item.error = RotationState.NOT_SAVED, _scrubbed(str(error), secret)
    except Exception as error:  # any store failure: say which kind, never its text (it could quote input)
        item.state, item.error = RotationState.NOT_SAVED, f"the token store failed ({type(error).__name__})"
    else:
        item.state, item.error = RotationState.DONE, None


def _scrubbed(text: str, secret: str) -> str:
    """One line, without the token (a server could quote the request body back)."""
    return one_line(text.replace(secret, "<token>"))
