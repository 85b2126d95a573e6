"""Health from replications: pure functions over the api models (the real server's field semantics)."""

from __future__ import annotations

from typing import Any

import pytest

from remotes_tui.api import Replication
from remotes_tui.api.health import (
    UNKNOWN,
    UNUSED,
    HealthState,
    explain,
    health_by_remote,
    no_answer_reason,
    remote_health,
    replication_health,
    replications_by_remote,
    summarize,
    summarize_remotes,
)
from remotes_tui.api.success_log import SuccessLog

MAX = 100 * 1024 * 1024  # a multiple of 100: every percentage below is exact
REMOTE_A = "aaaaaaaaaaaaaaa1"
REMOTE_B = "bbbbbbbbbbbbbbb2"
_next_id = iter(range(1, 10_000))


def rep(remote: str = REMOTE_A, **fields: Any) -> Replication:
    """A replication as the server lists it (camelCase keys); omitted keys are omitted like influxd does."""
    data: dict[str, Any] = {
        "id": f"{next(_next_id):016x}",
        "name": "r",
        "orgID": "0123456789abcdef",
        "remoteID": remote,
        "localBucketID": "1111111111111111",
        "maxQueueSizeBytes": MAX,
        "currentQueueSizeBytes": 0,
        "remainingBytesToBeSynced": 0,
    }
    data.update(fields)
    return Replication.model_validate(data)


def test_a_success_with_an_empty_error_message_is_ok() -> None:
    health = replication_health(rep(latestResponseCode=204, latestErrorMessage=""))
    assert health.state is HealthState.OK
    assert health.label == "ok"


def test_never_attempted_reads_no_data_yet() -> None:
    health = replication_health(rep())  # no latestResponseCode: nothing was ever sent
    assert health.state is HealthState.NO_DATA
    assert health.label == "no data yet"


@pytest.mark.parametrize(
    ("code", "label"), [(401, "failing 401"), (404, "failing 404"), (503, "failing 503")]
)
def test_a_refused_attempt_is_failing_with_its_code(code: int, label: str) -> None:
    health = replication_health(
        rep(latestResponseCode=code, latestErrorMessage=f"invalid response code {code}, must be 204")
    )
    assert health.state is HealthState.FAILING
    assert health.label == label


@pytest.mark.parametrize(
    ("message", "label"),
    [
        (
            'Post "http://c:1/api/v2/write": dial tcp 127.0.0.1:1: connect: connection refused',
            "failing refused",
        ),
        (
            'Post "http://nope.invalid/api/v2/write": dial tcp: lookup nope.invalid: no such host',
            "failing dns",
        ),
        (
            'Post "https://c/api/v2/write": tls: failed to verify certificate: x509: certificate signed by unknown '
            "authority",
            "failing tls",
        ),
        (
            'Post "https://c/api/v2/write": context deadline exceeded (Client.Timeout exceeded while awaiting '
            "headers)",
            "failing timeout",
        ),
        ('Post "http://c/api/v2/write": EOF', "failing conn"),
        ("", "failing conn"),
    ],
)
def test_code_0_means_nothing_answered_and_reads_the_cause(message: str, label: str) -> None:
    health = replication_health(rep(latestResponseCode=0, latestErrorMessage=message))
    assert health.state is HealthState.FAILING
    assert health.code == 0
    assert health.label == label
    assert "failing" in health.label  # `/failing` finds every one


def test_an_error_message_without_a_code_is_still_failing() -> None:
    health = replication_health(rep(latestErrorMessage="something broke"))
    assert health.state is HealthState.FAILING
    assert health.label == "failing"


def test_queue_over_the_threshold_shows_its_percentage_rounded_down() -> None:
    health = replication_health(
        rep(latestResponseCode=204, currentQueueSizeBytes=int(MAX * 0.839), remainingBytesToBeSynced=MAX // 2)
    )
    assert health.state is HealthState.QUEUE
    assert health.label == "queue 83%"
    at_threshold = replication_health(rep(latestResponseCode=204, currentQueueSizeBytes=MAX * 8 // 10))
    assert at_threshold.state is HealthState.OK  # "over 80%" means more than 80%
    lower = replication_health(rep(latestResponseCode=204, currentQueueSizeBytes=MAX // 2), threshold=0.4)
    assert lower.label == "queue 50%"


def test_failing_wins_over_a_full_queue() -> None:
    health = replication_health(
        rep(latestResponseCode=401, latestErrorMessage="unauthorized", currentQueueSizeBytes=MAX)
    )
    assert health.label == "failing 401"
    assert health.fill == 1.0


def test_a_remote_is_as_healthy_as_its_worst_replication() -> None:
    ok = rep(latestResponseCode=204, latestErrorMessage="")
    full = rep(latestResponseCode=204, currentQueueSizeBytes=MAX * 9 // 10)
    failing = rep(latestResponseCode=0, latestErrorMessage="connection refused")
    assert remote_health([ok, full]).label == "queue 90%"
    assert remote_health([ok, full, failing]).label == "failing refused"
    assert remote_health([]) is UNUSED


def test_order_puts_the_worst_first_and_the_fuller_queue_first_among_equals() -> None:
    ordered = sorted(
        [
            replication_health(rep(latestResponseCode=204)),
            UNUSED,
            UNKNOWN,
            replication_health(
                rep(latestResponseCode=401, latestErrorMessage="x", currentQueueSizeBytes=MAX // 10)
            ),
            replication_health(rep(latestResponseCode=204, currentQueueSizeBytes=MAX * 85 // 100)),
            replication_health(rep()),
            replication_health(rep(latestResponseCode=204, currentQueueSizeBytes=MAX * 95 // 100)),
            replication_health(
                rep(latestResponseCode=500, latestErrorMessage="x", currentQueueSizeBytes=MAX // 2)
            ),
        ],
        key=lambda health: health.sort_key,
    )
    assert [health.label for health in ordered] == [
        "failing 500",
        "failing 401",
        "queue 95%",
        "queue 85%",
        "no data yet",
        "unknown",
        "ok",
        "unused",
    ]


def test_health_by_remote_groups_in_one_pass_and_unlisted_remotes_are_unused() -> None:
    replications = [
        rep(REMOTE_A, latestResponseCode=204),
        rep(REMOTE_B, latestResponseCode=204),
        rep(REMOTE_A, latestResponseCode=401, latestErrorMessage="unauthorized access"),
    ]
    verdicts = health_by_remote(replications)
    assert {remote: health.label for remote, health in verdicts.items()} == {
        REMOTE_A: "failing 401",
        REMOTE_B: "ok",
    }
    assert [len(group) for group in replications_by_remote(replications).values()] == [2, 1]
    summary = summarize_remotes([REMOTE_A, REMOTE_B, "ccccccccccccccc3"], verdicts)
    assert summary.text() == "3 remotes · 1 failing"


def test_the_summary_counts_each_remote_once_under_its_worst_state() -> None:
    healths = [
        replication_health(rep(latestResponseCode=401, latestErrorMessage="x")),
        replication_health(rep(latestResponseCode=204, currentQueueSizeBytes=MAX * 83 // 100)),
        *[UNUSED] * 3,
        *[replication_health(rep(latestResponseCode=204))] * 3,
    ]
    summary = summarize(healths)
    assert summary.text() == "8 remotes · 1 failing · 1 queue over 80%"
    assert summary.problems == 2
    assert summarize([UNUSED]).text() == "1 remote"
    assert summarize([], threshold=0.9).text() == "0 remotes"
    assert summarize_remotes(["a", "b"], None).text() == "2 remotes · 2 health unknown"


def test_explanations_say_what_to_do() -> None:
    assert "token" in explain(rep(latestResponseCode=401, latestErrorMessage="unauthorized access"))
    assert "refused" in explain(rep(latestResponseCode=0, latestErrorMessage="connect: connection refused"))
    assert "dropped" in explain(rep(latestResponseCode=204, currentQueueSizeBytes=MAX))
    assert "bucket" in explain(rep(latestResponseCode=404, latestErrorMessage="bucket not found"))
    assert explain(rep(latestResponseCode=204)) == "The last attempt succeeded."


def test_no_answer_reason_reads_gos_words() -> None:
    assert no_answer_reason("http: server gave HTTP response to HTTPS client") == "tls"
    assert no_answer_reason(None) == "conn"


def test_the_success_log_remembers_the_last_success_it_saw() -> None:
    log = SuccessLog()
    working = rep(latestResponseCode=204, latestErrorMessage="")
    log.observe([working, rep()], now=100.0)
    assert log.last_success(working.id) == 100.0
    broken = working.model_copy(
        update={"latest_response_code": 0, "latest_error_message": "connection refused"}
    )
    log.observe([broken], now=160.0)
    assert log.last_success(broken.id) == 100.0  # still the last one seen
    log.observe([], now=200.0)
    assert log.last_success(broken.id) is None  # deleted: forgotten


def test_the_health_index_groups_judges_and_labels_in_one_pass() -> None:
    from remotes_tui.api.health import HealthIndex

    first = rep(REMOTE_A, latestResponseCode=204)
    second = rep(REMOTE_A, latestResponseCode=0, latestErrorMessage="dial tcp: lookup x: no such host")
    index = HealthIndex([first, rep(REMOTE_B, latestResponseCode=204), second])
    assert index.label(REMOTE_A) == "failing dns"
    assert index.label("ccccccccccccccc3") == "unused"
    kept = index.replications_of(REMOTE_A)
    assert [status.id for status in kept] == [first.id, second.id]
    assert kept[1].latest_error_message == second.latest_error_message
    assert index.replications_of("ccccccccccccccc3") == ()
    assert index.summary([REMOTE_A, REMOTE_B, "ccccccccccccccc3"]).text() == "3 remotes · 1 failing"
    unknown = HealthIndex.unknown()
    assert unknown.label(REMOTE_A) == "unknown"
    assert unknown.summary([REMOTE_A]).text() == "1 remote · 1 health unknown"


def test_the_index_keeps_plain_tuples_the_garbage_collector_need_not_walk() -> None:
    import gc

    from remotes_tui.api.health import HealthIndex, ReplicationStatus

    source = [rep(REMOTE_A, latestResponseCode=204, latestErrorMessage="") for _ in range(3)]
    index = HealthIndex([*source, rep(REMOTE_B, latestResponseCode=401, latestErrorMessage="x")])
    for _ in range(3):  # each pass untracks one more level of nested tuples
        gc.collect()
    kept = [index._rows, index._verdicts, index.cells, index.labels]
    assert not any(gc.is_tracked(part) for part in kept)  # nothing in it for the collector to walk
    assert not any(gc.is_tracked(rows) for rows in index._rows.values())
    statuses = index.replications_of(REMOTE_A)
    assert all(isinstance(status, ReplicationStatus) for status in statuses)
    assert [status.id for status in statuses] == [r.id for r in source]
    assert replication_health(statuses[0]).label == "ok"  # health reads a status as it reads a model
    assert index.health(REMOTE_B).label == "failing 401"
    assert len(index.replications) == 4


def test_a_failing_remote_whose_queue_fills_counts_under_both() -> None:
    from remotes_tui.api.health import HealthIndex

    full_and_refused = rep(
        REMOTE_A,
        latestResponseCode=401,
        latestErrorMessage="unauthorized",
        currentQueueSizeBytes=MAX * 9 // 10,
    )
    assert replication_health(full_and_refused).over
    assert (
        summarize([replication_health(full_and_refused)]).text() == "1 remote · 1 failing · 1 queue over 80%"
    )
    # Two replications: one refused with an empty queue, one fine but nearly full.
    pair = [
        rep(REMOTE_B, latestResponseCode=0, latestErrorMessage="connection refused"),
        rep(REMOTE_B, latestResponseCode=204, latestErrorMessage="", currentQueueSizeBytes=MAX * 85 // 100),
    ]
    verdict = remote_health(pair)
    assert (verdict.label, verdict.over) == ("failing refused", True)
    assert health_by_remote(pair)[REMOTE_B].over
    index = HealthIndex([full_and_refused, *pair])
    assert index.summary([REMOTE_A, REMOTE_B]).text() == "2 remotes · 2 failing · 2 queue over 80%"
    assert index.label(REMOTE_A) == "failing 401"
    assert explain(full_and_refused).endswith(
        "Hurry: the queue is 90% full, and when it is full the oldest data is dropped."
    )
