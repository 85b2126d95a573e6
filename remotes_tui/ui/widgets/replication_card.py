"""One replication in the detail pane: its buckets, queue, and whether the last write to the remote failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from remotes_tui.ui.widgets.field_list import Field, FieldList

if TYPE_CHECKING:
    from remotes_tui.api import Replication

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def human_bytes(size: int | None) -> str:
    """1536 -> '1.5 KiB'; None -> '—' (the server did not say)."""
    if size is None:
        return "—"
    value = float(size)
    for unit in _UNITS:
        if abs(value) < 1024 or unit == _UNITS[-1]:
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def is_failing(replication: Replication) -> bool:
    """True when the last write to the remote did not succeed (any code but 204, or an error message)."""
    code = replication.latest_response_code
    return bool(replication.latest_error_message) or (code is not None and code not in (0, 204))


def card_title(replication: Replication, *, failing: bool) -> Content:
    """The name in bold, then FAILING (reversed) or ok."""
    if failing:
        return Content.from_markup("[b]$name[/b]  [reverse b] FAILING [/]", name=replication.name)
    return Content.from_markup("[b]$name[/b]  [$text-success]ok[/]", name=replication.name)


def card_fields(replication: Replication, bucket_name: str | None) -> list[Field]:
    """Buckets, queue, remaining bytes, and the latest answer of the remote."""
    code = replication.latest_response_code
    queue = f"{human_bytes(replication.current_queue_size_bytes)} of {human_bytes(replication.max_queue_size_bytes)}"
    fields = [
        Field("local_bucket", "Local bucket", bucket_name or replication.local_bucket_id),
        Field("remote_bucket", "Remote bucket", replication.remote_bucket or "—"),
        Field("queue", "Queue", queue),
        Field("remaining", "Remaining", human_bytes(replication.remaining_bytes_to_be_synced)),
        Field("latest_response_code", "Last response", "—" if code is None else str(code)),
    ]
    if replication.latest_error_message:
        fields.append(Field("latest_error_message", "Last error", replication.latest_error_message))
    return fields


class ReplicationCard(FieldList):
    """One replication as label/value lines; styled with $error when it is failing."""

    def __init__(self, replication: Replication, *, bucket_name: str | None = None) -> None:
        self.replication = replication
        self.failing = is_failing(replication)
        super().__init__(
            card_fields(replication, bucket_name),
            title=card_title(replication, failing=self.failing),
            classes="replication -failing" if self.failing else "replication",
        )
