"""The sentences the delete dialog shows: what uses the remote, what was deleted, and why not."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content

from remotes_tui.api import ApiError, RemoteConnection, RemoteInUseError, Replication
from remotes_tui.api.text import quoted


def count_of(count: int, noun: str) -> str:
    """'1 replication', '2 replications'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def replications_found(count: int) -> str:
    if count == 0:
        return "No replication uses this remote."
    verb = "uses" if count == 1 else "use"
    return f"{count_of(count, 'replication')} {verb} this remote:"


def also_delete_label(count: int, whose: str = "its") -> str:
    """The checkbox label, with the number of replications it would delete ("their" for several remotes)."""
    return f"Also delete {whose} {count_of(count, 'replication')}"


def remote_line(remote: RemoteConnection) -> Content:
    """'• name  URL' for a bulk delete's list of remotes, user text kept out of markup."""
    return Content.assemble(("• ", "dim"), (remote.name, "bold"), "  ", (remote.remote_url, "dim"))


def bulk_replications_found(in_use: int, remotes: int) -> str:
    """Several remotes: how many of them replications use."""
    if in_use == 0:
        return f"No replication uses these {remotes} remotes."
    why = "(InfluxDB keeps a remote a replication uses):"
    if in_use == remotes:
        return f"{'The remote is' if remotes == 1 else f'All {remotes} remotes are'} in use {why}"
    verb = "is" if in_use == 1 else "are"
    return f"{in_use} of the {remotes} remotes {verb} in use {why}"


def in_use_line(remote: RemoteConnection, count: int) -> Content:
    """The heading of one remote's replications in a bulk delete: 'central-eu is used by 2 replications:'."""
    return Content.assemble((remote.name, "bold"), f" is used by {count_of(count, 'replication')}:")


def _quoted_names(remotes: Sequence[RemoteConnection]) -> str:
    return ", ".join(quoted(remote.name) for remote in remotes)


def bulk_outcome(in_use: Sequence[RemoteConnection], remotes: int, replications: int, ticked: bool) -> str:
    """What the Delete button will do to remotes in use, with the box ticked or not (nothing by surprise)."""
    if not in_use:
        return ""
    if ticked:
        return (
            f"Their {count_of(replications, 'replication')} will be deleted first, then the {remotes} remotes. "
            "Undo (u) brings back the remotes, not the replications."
        )
    others = remotes - len(in_use)
    whose = "its" if len(in_use) == 1 else "their"
    kept = f"{_quoted_names(in_use)} {'stays' if len(in_use) == 1 else 'stay'}, with {whose} replications"
    if others == 1:
        return f"{kept}; the other remote is deleted."
    if others:
        return f"{kept}; the other {others} remotes are deleted."
    return f"{kept}: tick the box to delete them too."


def bulk_failure(
    gone: Sequence[RemoteConnection],
    kept: Sequence[tuple[RemoteConnection, ApiError | None, Replication | None]],
) -> str:
    """After a bulk delete that kept some remotes: what went, what stayed and why (remotes kept for the same
    reason are named together)."""
    parts: list[str] = []
    if gone:
        parts.append(f"Deleted {count_of(len(gone), 'remote')}: {_quoted_names(gone)}.")
    for why, names in kept_by_reason(
        (remote.name, why_kept(error, failed)) for remote, error, failed in kept
    ):
        hint = " (tick the box to delete their replications too)" if why == IN_USE else ""
        parts.append(f"Not deleted: {names}: {why}{hint}.")
    return " ".join(parts)


def kept_by_reason(kept: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(reason, the quoted names kept for it), in first-seen order."""
    groups: dict[str, list[str]] = {}
    for name, why in kept:
        groups.setdefault(why, []).append(quoted(name))
    return [(why, ", ".join(names)) for why, names in groups.items()]


IN_USE = "in use by replications"


def why_kept(error: ApiError | None, failed: Replication | None) -> str:
    """Why a remote was not deleted, as a clause: 'in use by replications'."""
    if isinstance(error, RemoteInUseError):
        return IN_USE
    if failed is not None:
        return f"deleting its replication {quoted(failed.name)} failed: {str(error).rstrip('.')}"
    return str(error).rstrip(".") if error is not None else "unknown error"


def replication_line(replication: Replication, bucket_names: dict[str, str]) -> Content:
    """'• name  local-bucket → remote-bucket', user text kept out of markup."""
    local = bucket_names.get(replication.local_bucket_id, replication.local_bucket_id)
    return Content.assemble(
        ("• ", "dim"),
        (replication.name, "bold"),
        "  ",
        local,
        " → ",
        replication.remote_bucket or "?",
    )


def _names(replications: Sequence[Replication]) -> str:
    return ", ".join(replication.name for replication in replications)


def refusal(still_using: int | None, deleted: Sequence[Replication]) -> str:
    """The server's 'a replication references it', in words a user can act on."""
    before = f"Deleted {count_of(len(deleted), 'replication')} ({_names(deleted)}), but " if deleted else ""
    if not still_using:
        who = "InfluxDB refused: replications still use this remote."
        what = "Tick 'Also delete its replications' or delete them first."
    else:
        verb = "uses" if still_using == 1 else "use"
        who = f"InfluxDB refused: {count_of(still_using, 'replication')} still {verb} this remote."
        what = f"Tick '{also_delete_label(still_using)}' or delete them first."
    if before:
        who = before + who[0].lower() + who[1:]
    return f"{who} {what} The remote was not deleted."


def partial_failure(
    deleted: Sequence[Replication], failed: Replication | None, error: ApiError | None
) -> str:
    """What went, where it stopped, and that the remote is still there."""
    parts: list[str] = []
    if deleted:
        parts.append(f"Deleted {count_of(len(deleted), 'replication')}: {_names(deleted)}.")
    reason = str(error) if error is not None else "unknown error."
    if failed is not None:
        parts.append(f"Stopped at replication {failed.name}: {reason}")
        parts.append("The remote was NOT deleted.")
    else:
        parts.append(reason)
        parts.append("The remote was NOT deleted." if deleted else "Nothing was deleted.")
    return " ".join(parts)
