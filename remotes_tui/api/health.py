"""Is data getting through? The health of each replication and of each remote, from the replications list.

Pure functions over replications (the `Replication` models, or the compact `ReplicationStatus` a
`HealthIndex` keeps), no I/O, shared by the remotes table, the details pane, the status line and, later, a
fleet view. The real server's fields mean:

* `latestResponseCode` missing: nothing was ever attempted (no point written since the replication exists);
* `latestResponseCode` 204 with `latestErrorMessage` "": the last attempt succeeded ("" means no error);
* `latestResponseCode` 0: nothing answered (connection refused, DNS, TLS, timeout); the error says which;
* any other code: the remote refused the last attempt (401 token, 404 bucket, 413, 5xx ...).

States, worst first (`Health.sort_key` orders them so): `failing 401` (the last attempt was refused; code 0
reads `failing refused`, `failing dns`, `failing tls`, `failing timeout` or `failing conn` from the error text),
`queue 83%` (current queue over `threshold` of the maximum: data will soon be dropped, oldest first),
`no data yet` (never attempted), `unknown` (the replications could not be read), `ok`, and `unused` (no
replication uses the remote). A remote's health is its worst replication's; among equals the fuller queue is
worse. The status line counts a failing remote whose queue is also over the threshold under both.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

if TYPE_CHECKING:
    from remotes_tui.api.models import Replication

DEFAULT_QUEUE_THRESHOLD = 0.8
"""A queue fuller than this fraction of its maximum is flagged (`queue 83%`)."""


class ReplicationStatus(NamedTuple):
    """One replication as a `HealthIndex` gives it back: plain values, the fields health and the details
    pane read (the index itself keeps plain tuples, see `HealthIndex`)."""

    id: str
    name: str
    remote_id: str
    local_bucket_id: str
    remote_bucket: str
    max_queue_size_bytes: int
    current_queue_size_bytes: int | None
    remaining_bytes_to_be_synced: int | None
    latest_response_code: int | None
    latest_error_message: str | None

    @classmethod
    def of(cls, replication: ReplicationLike) -> ReplicationStatus:
        if isinstance(replication, ReplicationStatus):
            return replication
        return cls._make(_plain(replication))


ReplicationLike: TypeAlias = "Replication | ReplicationStatus"
"""What health reads of a replication: the `Replication` model, or the `ReplicationStatus` a `HealthIndex` gives."""


class HealthState(IntEnum):
    """The kinds of health, worst first: the value is the sort rank."""

    FAILING = 0
    QUEUE = 1
    NO_DATA = 2
    UNKNOWN = 3
    OK = 4
    UNUSED = 5

    @property
    def word(self) -> str:
        return _WORDS[self]


_WORDS = {
    HealthState.FAILING: "failing",
    HealthState.QUEUE: "queue",
    HealthState.NO_DATA: "no data yet",
    HealthState.UNKNOWN: "unknown",
    HealthState.OK: "ok",
    HealthState.UNUSED: "unused",
}

# Go's words in `latestErrorMessage` when nothing answered (code 0), and the short reason shown for each.
_NO_ANSWER_REASONS = (
    ("connection refused", "refused"),
    ("no such host", "dns"),
    ("server misbehaving", "dns"),
    ("x509:", "tls"),
    ("tls:", "tls"),
    ("http response to https client", "tls"),
    ("timeout", "timeout"),
    ("deadline exceeded", "timeout"),
)
_NO_ANSWER_FALLBACK = "conn"
_NO_ANSWER_WORDS = {
    "refused": "the connection was refused (nothing listens on the remote's host and port)",
    "dns": "the remote's host name does not resolve (DNS)",
    "tls": "the TLS handshake with the remote failed (certificate, or https:// to a plain-HTTP port)",
    "timeout": "the remote did not answer in time",
    "conn": "no HTTP answer came from the remote",
}


class Health(NamedTuple):
    """One health verdict: its state, and the detail that makes its label (`failing 401`, `queue 83%`).

    `code` is the failing status (0 when nothing answered, None when unknown); `reason` the short cause of a
    code 0; `percent` how full the queue is (rounded down); `fill` the same as a fraction, for sorting; `over`
    says a queue is over the threshold even when the label says something worse (`failing 401` while its
    queue fills: the status line counts it under both). A NamedTuple: cheap to make, one per replication on
    every refresh.
    """

    state: HealthState
    code: int | None = None
    reason: str | None = None
    percent: int | None = None
    fill: float = 0.0
    over: bool = False

    @property
    def label(self) -> str:
        """The word shown in the table: `ok`, `unused`, `no data yet`, `queue 83%`, `failing 401`, ..."""
        state = self.state
        if state is HealthState.FAILING:
            if self.code:
                return f"failing {self.code}"
            if self.code == 0:
                return f"failing {self.reason or _NO_ANSWER_FALLBACK}"
            return "failing"
        if state is HealthState.QUEUE:
            return f"queue {self.percent}%"
        return _WORDS[state]

    @property
    def sort_key(self) -> tuple[int, float]:
        """Sorts the worst first: by state, then the fuller queue first."""
        return (self.state, -self.fill)

    @property
    def is_problem(self) -> bool:
        """Failing or a queue over the threshold: what the status line counts."""
        return self.state <= HealthState.QUEUE

    def __str__(self) -> str:
        return self.label


UNUSED = Health(HealthState.UNUSED)
UNKNOWN = Health(HealthState.UNKNOWN)
OK = Health(HealthState.OK)
NO_DATA = Health(HealthState.NO_DATA)


def queue_fill(replication: ReplicationLike) -> float | None:
    """How full the queue is (`currentQueueSizeBytes / maxQueueSizeBytes`, 0..1), or None when unknown."""
    current, maximum = replication.current_queue_size_bytes, replication.max_queue_size_bytes
    if current is None or maximum <= 0:
        return None
    return min(max(current / maximum, 0.0), 1.0)


@lru_cache(maxsize=256)
def no_answer_reason(error_message: str | None) -> str:
    """The short cause of a code 0 from Go's error text: refused, dns, tls, timeout, or conn (cached: the
    same few texts repeat across a fleet's replications)."""
    lowered = (error_message or "").lower()
    for words, reason in _NO_ANSWER_REASONS:
        if words in lowered:
            return reason
    return _NO_ANSWER_FALLBACK


def is_failing(replication: ReplicationLike) -> bool:
    """The last attempt failed: an error message, or a code that is not 2xx (0: nothing answered)."""
    code, message = replication.latest_response_code, replication.latest_error_message
    if message:  # the real server stores "" after a success
        return True
    return code is not None and not 200 <= code < 300


_FAILING, _QUEUE, _NO_DATA, _OK = HealthState.FAILING, HealthState.QUEUE, HealthState.NO_DATA, HealthState.OK


def replication_health(replication: ReplicationLike, threshold: float = DEFAULT_QUEUE_THRESHOLD) -> Health:
    """The health of one replication (see the module docstring for the states).

    About a microsecond: it runs for every replication on every refresh. Only a failing or too-full queue
    keeps its fill (to sort the fuller first); `ok` and `no data yet` are shared constants.
    """
    code = replication.latest_response_code
    message = replication.latest_error_message
    current = replication.current_queue_size_bytes or 0
    maximum = replication.max_queue_size_bytes
    if message or (code is not None and not 200 <= code < 300):  # the server stores "" after a success
        fill = min(current / maximum, 1.0) if maximum > 0 and current > 0 else 0.0
        reason = no_answer_reason(message) if code == 0 else None
        return Health(_FAILING, code, reason, None, fill, current > threshold * maximum > 0)
    if current > threshold * maximum > 0:
        return Health(
            _QUEUE, None, None, min(100, current * 100 // maximum), min(current / maximum, 1.0), True
        )
    return NO_DATA if code is None else OK


def _worse(health: Health, than: Health) -> bool:
    """`health` sorts before `than`: a worse state, or the same state with a fuller queue."""
    return health[0] < than[0] or (health[0] == than[0] and health[4] > than[4])


def _merged(known: Health | None, health: Health) -> Health:
    """A remote's verdict with one more replication's: the worse one, and `over` if either queue is."""
    if known is None:
        return health
    winner = health if _worse(health, known) else known
    if (known.over or health.over) and not winner.over:
        return winner._replace(over=True)
    return winner


def worst(healths: Iterable[Health]) -> Health:
    """The worst of several verdicts (`unused` when there are none), `over` if any queue is."""
    verdict: Health | None = None
    for health in healths:
        verdict = _merged(verdict, health)
    return UNUSED if verdict is None else verdict


def remote_health(
    replications: Iterable[ReplicationLike], threshold: float = DEFAULT_QUEUE_THRESHOLD
) -> Health:
    """A remote's health: its worst replication's; `unused` when no replication uses it."""
    return worst(replication_health(replication, threshold) for replication in replications)


def replications_by_remote(replications: Iterable[ReplicationLike]) -> dict[str, list[ReplicationLike]]:
    """The replications grouped by the remote they use (one pass; each list keeps the server's order)."""
    grouped: dict[str, list[ReplicationLike]] = {}
    for replication in replications:
        grouped.setdefault(replication.remote_id, []).append(replication)
    return grouped


def health_by_remote(
    replications: Iterable[ReplicationLike], threshold: float = DEFAULT_QUEUE_THRESHOLD
) -> dict[str, Health]:
    """Each remote ID that has replications, with its health (look up others as `unused`). One pass."""
    verdicts: dict[str, Health] = {}
    for replication in replications:
        remote_id = replication.remote_id
        verdicts[remote_id] = _merged(verdicts.get(remote_id), replication_health(replication, threshold))
    return verdicts


def explain(replication: ReplicationLike, threshold: float = DEFAULT_QUEUE_THRESHOLD) -> str:
    """One or two sentences saying what a replication's health means and what to do."""
    health = replication_health(replication, threshold)
    state = health.state
    if state is HealthState.FAILING:
        sentence = _failing_sentence(replication.latest_response_code, health)
        if health.over:
            sentence += (
                f" Hurry: the queue is {int(health.fill * 100)}% full, and when it is full the oldest data is "
                "dropped."
            )
        return sentence
    if state is HealthState.QUEUE:
        return (
            f"The queue is {health.percent}% full: when it is full the oldest data is dropped. Check that the "
            "remote keeps up, or raise maxQueueSizeBytes."
        )
    if state is HealthState.NO_DATA:
        return "Nothing was sent yet: no point has been written to the local bucket since it was created."
    return "The last attempt succeeded."


def _failing_sentence(code: int | None, health: Health) -> str:
    if code == 0:
        cause = _NO_ANSWER_WORDS[health.reason or _NO_ANSWER_FALLBACK]
        return (
            f"The last attempt failed: {cause}. Check the remote's URL and that it is reachable from the edge "
            "server; data waits in the queue meanwhile."
        )
    if code in (401, 403):
        return (
            f"The remote refused the token ({code}). Give this remote a valid token with write access on the "
            "remote bucket; data waits in the queue meanwhile."
        )
    if code == 404:
        return (
            "The remote answered 404: the remote bucket or org does not exist there. Check the remote org ID "
            "and the replication's remote bucket."
        )
    if code is None:
        return "The last attempt failed. Data waits in the queue meanwhile."
    return f"The remote refused the last attempt ({code}). Data waits in the queue meanwhile."


# -- the status line ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HealthSummary:
    """Counts for the status line: remotes in all, and how many are failing, over the queue threshold, etc."""

    remotes: int
    failing: int = 0
    queue: int = 0
    no_data: int = 0
    unknown: int = 0
    threshold: float = DEFAULT_QUEUE_THRESHOLD

    @classmethod
    def of_counts(cls, counts: Mapping[HealthState, int], over: int, threshold: float) -> HealthSummary:
        """From the remotes counted by state, and `over`: how many of them, under a worse state than `queue`,
        also have a queue over the threshold (they count under both)."""
        return cls(
            remotes=sum(counts.values()),
            failing=counts[HealthState.FAILING],
            queue=counts[HealthState.QUEUE] + over,
            no_data=counts[HealthState.NO_DATA],
            unknown=counts[HealthState.UNKNOWN],
            threshold=threshold,
        )

    @property
    def problems(self) -> int:
        return self.failing + self.queue

    def problem_parts(self) -> list[str]:
        """["1 failing", "1 queue over 80%"]: only the non-zero counts that need attention."""
        parts = []
        if self.failing:
            parts.append(f"{self.failing} failing")
        if self.queue:
            parts.append(f"{self.queue} queue over {round(self.threshold * 100)}%")
        if self.unknown:
            parts.append(f"{self.unknown} health unknown")
        return parts

    def text(self) -> str:
        """ "8 remotes · 1 failing · 1 queue over 80%" (only the non-zero problem counts)."""
        return " · ".join([_count(self.remotes, "remote", "remotes"), *self.problem_parts()])

    def __str__(self) -> str:
        return self.text()


def summarize(healths: Iterable[Health], threshold: float = DEFAULT_QUEUE_THRESHOLD) -> HealthSummary:
    """Count remotes by their health: each under its worst state, and a failing one whose queue is over the
    threshold also under "queue over 80%" (its data will soon be dropped)."""
    counts = dict.fromkeys(HealthState, 0)
    over = 0
    for health in healths:
        counts[health.state] += 1
        over += health.over and health.state is not HealthState.QUEUE
    return HealthSummary.of_counts(counts, over, threshold)


def summarize_remotes(
    remote_ids: Sequence[str],
    verdicts: Mapping[str, Health] | None,
    threshold: float = DEFAULT_QUEUE_THRESHOLD,
) -> HealthSummary:
    """The summary of these remotes, given `health_by_remote`'s verdicts (None: replications not loaded)."""
    if verdicts is None:
        return summarize((UNKNOWN for _ in remote_ids), threshold)
    return summarize((verdicts.get(remote_id, UNUSED) for remote_id in remote_ids), threshold)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# -- everything a screen needs, built once per refresh ------------------------------------------------------


class HealthIndex:
    """The health of every remote of one server, from one replications list (built once per refresh).

    One pass over the replications: each remote's replications and its worst verdict, with the labels the
    table shows. Cheap enough for 10,000 replications, and free of UI: a fleet view keeps one per server.
    """

    known = True
    """False for `HealthIndex.unknown()`: the replications could not be listed."""

    @classmethod
    def unknown(cls, threshold: float = DEFAULT_QUEUE_THRESHOLD) -> HealthIndex:
        """Health that could not be read (listing the replications failed): every remote reads `unknown`."""
        index = cls((), threshold)
        index.known = False
        return index

    def __init__(
        self, replications: Iterable[ReplicationLike], threshold: float = DEFAULT_QUEUE_THRESHOLD
    ) -> None:
        self.threshold = threshold
        enabled = gc.isenabled()
        gc.disable()  # some 40,000 new tuples: no collection walking every live object for them, no cycles
        try:
            self._build(replications, threshold)
        finally:
            if enabled:
                gc.enable()

    def _build(self, replications: Iterable[ReplicationLike], threshold: float) -> None:
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        verdicts: dict[str, Health] = {}
        for replication in replications:
            remote_id = replication.remote_id
            health = replication_health(replication, threshold)
            row = _plain(replication)
            known = verdicts.get(remote_id)
            if known is None:
                verdicts[remote_id] = health
                grouped[remote_id] = [row]
                continue
            grouped[remote_id].append(row)
            verdicts[remote_id] = _merged(known, health)
        # Kept as plain tuples of plain values, which the garbage collector stops tracking: 10,000
        # replications kept between refreshes then cost nothing each time it runs (models would be 20,000
        # objects to walk, and ~20 MB).
        self._rows = {remote_id: tuple(rows) for remote_id, rows in grouped.items()}
        self._verdicts = {remote_id: (int(h[0]), *h[1:]) for remote_id, h in verdicts.items()}
        self.labels: dict[str, str] = {remote_id: health.label for remote_id, health in verdicts.items()}
        self.cells: dict[str, tuple[str, tuple[int, float]]] = {
            remote_id: (self.labels[remote_id], (int(health.state), -health.fill))
            for remote_id, health in verdicts.items()
        }
        """Per remote: its label and sort key, what a table row needs (one look-up a row)."""

    @property
    def default_cell(self) -> tuple[str, tuple[int, float]]:
        """The label and sort key of a remote no replication uses (or of every remote, when unknown)."""
        state = HealthState.UNUSED if self.known else HealthState.UNKNOWN
        return (_WORDS[state], (int(state), -0.0))

    def health(self, remote_id: str) -> Health:
        """A remote's health (`unused` when no replication uses it; `unknown` when none could be read)."""
        plain = self._verdicts.get(remote_id)
        if plain is None:
            return UNUSED if self.known else UNKNOWN
        return Health(HealthState(plain[0]), *plain[1:])

    def label(self, remote_id: str) -> str:
        return self.labels.get(remote_id, _WORDS[HealthState.UNUSED if self.known else HealthState.UNKNOWN])

    def replications_of(self, remote_id: str) -> tuple[ReplicationStatus, ...]:
        """The replications that use a remote, in the server's order (empty when none)."""
        return tuple(ReplicationStatus._make(row) for row in self._rows.get(remote_id, ()))

    @property
    def replications(self) -> list[ReplicationStatus]:
        """Every replication, grouped by remote."""
        return [ReplicationStatus._make(row) for rows in self._rows.values() for row in rows]

    def summary(self, remote_ids: Iterable[str]) -> HealthSummary:
        """The status line's counts over these remotes."""
        default = int(HealthState.UNUSED if self.known else HealthState.UNKNOWN)
        counts = dict.fromkeys(HealthState, 0)
        over = 0
        verdicts = self._verdicts
        for remote_id in remote_ids:
            plain = verdicts.get(remote_id)
            if plain is None:
                counts[HealthState(default)] += 1
            else:
                counts[HealthState(plain[0])] += 1
                over += plain[5] and plain[0] != HealthState.QUEUE
        return HealthSummary.of_counts(counts, over, self.threshold)


_plain: Callable[[ReplicationLike], tuple[Any, ...]] = attrgetter(*ReplicationStatus._fields)
"""The fields of `ReplicationStatus`, in its order, as an exact tuple."""
