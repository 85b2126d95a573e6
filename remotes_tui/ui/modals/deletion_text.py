"""The sentences the delete dialog shows: what uses the remote, what was deleted, and why not."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from remotes_tui.api import ApiError, Replication


def count_of(count: int, noun: str) -> str:
    """'1 replication', '2 replications'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def replications_found(count: int) -> str:
    if count == 0:
        return "No replication uses this remote."
    verb = "uses" if count == 1 else "use"
    return f"{count_of(count, 'replication')} {verb} this remote:"


def also_delete_label(count: int) -> str:
    """The checkbox label, with the number of replications it would delete."""
    return f"Also delete its {count_of(count, 'replication')}"


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
