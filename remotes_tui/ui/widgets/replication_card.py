"""One replication in the detail pane: its health, its queue as a gauge with bytes, the last success this app
saw, and the remote's error in full with what to do about it.

The service layer is imported inside the functions: this module loads before the first frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from remotes_tui.ui.health_view import ago, gauge_bar, health_style
from remotes_tui.ui.widgets.field_list import Field, FieldList

if TYPE_CHECKING:
    from remotes_tui.api.health import Health, ReplicationLike

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")
GAUGE_WIDTH = 10
"""Cells of the queue gauge: with its percentage it fits the value column of the narrowest detail pane."""


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


def bytes_of(size: int | None, total: int | None) -> str:
    """'46.0 of 64.0 MiB' when both are in the same unit (short enough for a narrow pane), else each with its
    own: '3.0 KiB of 64.0 MiB'."""
    part, whole = human_bytes(size), human_bytes(total)
    unit = whole.rpartition(" ")[2]
    if size is not None and total is not None and part.endswith(f" {unit}") and unit != "B":
        return f"{part.rpartition(' ')[0]} of {whole}"
    return f"{part} of {whole}"


def card_title(replication: ReplicationLike, health: Health) -> Content:
    """The name in bold, then its health as a word (`failing 401`, `queue 83%`, `ok`, `no data yet`)."""
    label = f" {health.label} " if health.is_problem else health.label
    return Content.assemble((replication.name, "bold"), "  ", (label, _title_style(health)))


def _title_style(health: Health) -> str:
    style = health_style(health)
    return f"reverse {style}" if health.is_problem else style


def queue_text(replication: ReplicationLike) -> str:
    """'████▌··········· 28%' (current queue against its maximum), or '—' when the server did not say."""
    from remotes_tui.api.health import queue_fill

    fill = queue_fill(replication)
    if fill is None:
        return "—"
    return f"{gauge_bar(fill, GAUGE_WIDTH)} {int(fill * 100)}%"


def last_response_text(code: int | None) -> str:
    if code is None:
        return "— (nothing sent yet)"
    if code == 0:
        return "0 (no answer from the remote)"
    return str(code)


def card_fields(
    replication: ReplicationLike,
    bucket_name: str | None,
    health: Health,
    last_success_ago: str | None = None,
) -> list[Field]:
    """Buckets, the queue gauge and bytes, the remote's last answer, the last success seen, the error in full."""
    from remotes_tui.api.health import HealthState, explain

    gauge_style = health_style(health) if health.state in (HealthState.FAILING, HealthState.QUEUE) else ""
    queued = bytes_of(replication.current_queue_size_bytes, replication.max_queue_size_bytes)
    fields = [
        Field("local_bucket", "Local bucket", bucket_name or replication.local_bucket_id),
        Field("remote_bucket", "Remote bucket", replication.remote_bucket or "—"),
        Field("queue", "Queue", queue_text(replication), gauge_style),
        Field("queued", "Queued", queued),
        Field("remaining", "Not yet sent", human_bytes(replication.remaining_bytes_to_be_synced)),
        Field("latest_response_code", "Last response", last_response_text(replication.latest_response_code)),
    ]
    if health.state is HealthState.FAILING:
        seen = f"seen {last_success_ago}" if last_success_ago else "not seen since this app started"
        fields.append(Field("last_success", "Last success", seen))
    if replication.latest_error_message:
        fields.append(
            Field("latest_error_message", "Last error", replication.latest_error_message, "$text-error")
        )
    if health.is_problem:
        fields.append(Field("advice", "What to do", explain(replication)))
    return fields


@dataclass(frozen=True)
class CardDetails:
    """What a card shows beside the replication itself: the local bucket's name, and when this app last saw
    the replication succeed with the time now, both on the same clock (None: not known)."""

    bucket_name: str | None = None
    last_success: float | None = None
    now: float | None = None

    @property
    def last_success_ago(self) -> str | None:
        """How long ago the last success was ("4 s ago"), or None when it is not known."""
        if self.last_success is None or self.now is None:
            return None
        return ago(max(0.0, self.now - self.last_success))


class ReplicationCard(FieldList):
    """One replication as label/value lines; `update` shows a refreshed copy in place (no remount)."""

    def __init__(self, replication: ReplicationLike, details: CardDetails = CardDetails()) -> None:
        self.replication = replication
        super().__init__(classes="replication")
        self.update(replication, details)

    def update(self, replication: ReplicationLike, details: CardDetails = CardDetails()) -> None:
        from remotes_tui.api.health import HealthState, replication_health

        self.replication = replication
        health = replication_health(replication)
        self.health = health
        self.failing = health.state is HealthState.FAILING
        self.title = card_title(replication, health)
        self.set_class(health.is_problem, "-failing")
        self.set_fields(card_fields(replication, details.bucket_name, health, details.last_success_ago))
