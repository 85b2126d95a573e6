"""`u` on the main screen and in the fleet: undo the last delete by creating the deleted remotes again, each on
the server it was deleted from.

The server never returns a remote's token, so the delete dialog keeps the one that was saved for each deleted
remote (in memory, for this session only: `DeletedRemote.token`). A remote without one is recreated only with a
token typed into the existing prompt. A recreated remote has a new ID (its token is saved under it, so `t`
works); the replications deleted with it cannot come back, and the message names them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection, Replication
    from remotes_tui.profiles.session import Session
    from remotes_tui.ui.screens.write_host import WriteHost


@dataclass(frozen=True)
class DeletedRemote:
    """One deleted remote, the token that was saved for it (if any), and the replications deleted with it."""

    remote: RemoteConnection
    token: str | None = field(repr=False)
    replications: tuple[str, ...] = ()
    """The names of the replications deleted with it (they are not recreated)."""


@dataclass(frozen=True)
class DeletedBatch:
    """What one delete (of one remote or of several marked ones) removed from one connection."""

    session: Session
    remotes: tuple[DeletedRemote, ...]


def batch_of(
    session: Session,
    remotes: Sequence[RemoteConnection],
    tokens: Mapping[str, str],
    replications: Sequence[Replication],
) -> DeletedBatch:
    """The undo record of a delete: each remote with its saved token and the names of its deleted replications."""
    return DeletedBatch(
        session,
        tuple(
            DeletedRemote(
                remote,
                tokens.get(remote.id),
                tuple(r.name for r in replications if r.remote_id == remote.id),
            )
            for remote in remotes
        ),
    )


@dataclass(frozen=True)
class Restored:
    """What undoing did for one remote: the new remote, or why not (`skipped`: no token was given)."""

    deleted: DeletedRemote
    remote: RemoteConnection | None = None
    error: str | None = None
    skipped: bool = False
    token_problem: str | None = None


NOTHING_TO_UNDO = "Nothing to undo: no remote was deleted in this view."
"""Each view undoes its own last delete: a delete in the fleet is undone in the fleet."""
LOST_NAMES_SHOWN = 3
"""Replication names the undo message lists before "and N more" (a toast stays short at 80x24)."""


class UndoDelete:
    """Recreate what `writes.last_delete` records; what cannot be recreated stays recorded for another `u`."""

    def __init__(self, host: WriteHost, writes: Any) -> None:
        self.host = host
        self.writes = writes
        """The screen's `RemoteWriteActions`, which records each delete (`last_delete`)."""
        self.running = False
        self.last_result: list[Restored] = []
        """What the last undo did, one entry per remote (for tests and the message)."""

    def undo(self) -> None:
        host = self.host
        batch: DeletedBatch | None = self.writes.last_delete
        if self.running:
            host.notify("Undo is already running.", severity="warning", timeout=4)
            return
        if batch is None:
            host.notify(NOTHING_TO_UNDO, title="Undo", timeout=5)
            return
        if not host.shows(batch.session):
            host.notify(
                "The last delete was on another connection: switch back to it to undo it.",
                severity="warning",
            )
            return
        if batch.session.read_only:
            host.notify("This window is read-only: nothing can be recreated.", severity="warning")
            return
        self.running = True
        self._ask(batch, [d for d in batch.remotes if not d.token], {})

    def _ask(self, batch: DeletedBatch, missing: list[DeletedRemote], typed: dict[str, str]) -> None:
        """Ask for each missing token in turn (the existing prompt), then recreate."""
        if not missing:
            self.host.run_worker(self._restore(batch, typed), group="undo-delete", exit_on_error=False)
            return
        from remotes_tui.ui.modals.remote_token_uses import RestoreTokenPrompt

        first, rest = missing[0], missing[1:]

        def given(token: str | None) -> None:
            if token:
                typed[first.remote.id] = token
            self._ask(batch, rest, typed)

        self.host.app.push_screen(RestoreTokenPrompt(first.remote.name), given)

    async def _restore(self, batch: DeletedBatch, typed: Mapping[str, str]) -> None:
        """Create each remote again with its fields and token, save the token under the new ID, then say so."""
        import asyncio

        from remotes_tui.api import ApiError, InvalidInputError, creation_request_like
        from remotes_tui.tokens import remote_key

        session = batch.session
        results: list[Restored] = []
        try:
            for deleted in batch.remotes:
                old = deleted.remote
                token = deleted.token or typed.get(old.id)
                if not token:
                    results.append(Restored(deleted, skipped=True))
                    continue
                try:
                    request = creation_request_like(old, org_id=old.org_id, token=token)
                    new = await session.client.remotes.create(request)
                except (ApiError, InvalidInputError) as error:
                    results.append(Restored(deleted, error=str(error)))
                    continue
                problem = None
                try:
                    await asyncio.to_thread(
                        session.token_store.set, remote_key(session.server_url, new.id), token
                    )
                except Exception as error:  # the remote exists; say the token could not be kept
                    problem = str(error) or type(error).__name__
                results.append(Restored(deleted, remote=new, token_problem=problem))
        finally:
            self.running = False
        left = tuple(result.deleted for result in results if result.remote is None)
        self.writes.last_delete = DeletedBatch(session, left) if left else None
        self.last_result = results
        self.host.app.clear_notifications()  # the delete's toast ("u undoes") is out of date now
        failed = any(result.remote is None for result in results)
        lost = any(result.remote is not None and result.deleted.replications for result in results)
        self.host.notify(
            undone_text(results),
            title="Undo",
            severity="warning" if failed or lost else "information",
            timeout=15,
        )
        restored = [result.remote for result in results if result.remote is not None]
        if restored:
            self.host.reload_after_write(session, restored[0].id)


def undone_text(results: Sequence[Restored]) -> str:
    """What undo did, plainly: the new IDs, the replications that cannot come back, what failed."""
    from remotes_tui.api.text import quoted  # not at import: the main screen is part of the first frame

    done = [result for result in results if result.remote is not None]
    parts: list[str] = []
    if len(done) == 1:
        result = done[0]
        assert result.remote is not None
        parts.append(
            f"Recreated remote {quoted(result.remote.name)} with a new ID, {result.remote.id} "
            f"(it was {result.deleted.remote.id})."
        )
    elif done:
        names = ", ".join(quoted(result.deleted.remote.name) for result in done)
        parts.append(f"Recreated {len(done)} remotes, each with a new ID: {names}.")
    lost = [name for result in done for name in result.deleted.replications]
    if lost:
        shown = ", ".join(lost[:LOST_NAMES_SHOWN])
        if len(lost) > LOST_NAMES_SHOWN:
            shown += f" and {len(lost) - LOST_NAMES_SHOWN} more"
        noun = "replication" if len(lost) == 1 else f"{len(lost)} replications"
        parts.append(f"Not recreated: the {noun} deleted with {'it' if len(done) == 1 else 'them'}: {shown}.")
    for result in results:
        name = quoted(result.deleted.remote.name)
        if result.skipped:
            parts.append(f"{name} was not recreated: no token was given (press u to try again).")
        elif result.error is not None:
            parts.append(f"Could not recreate {name}: {result.error.rstrip('.')} (press u to try again).")
        elif result.token_problem is not None:
            parts.append(f"The token of {name} could not be saved: {result.token_problem}.")
    return " ".join(parts)
