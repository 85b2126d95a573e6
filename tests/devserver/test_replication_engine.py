"""Replication for real, over HTTP between two servers: an edge that queues and forwards, a central that counts.

No sleeps as time windows: every wait is a bounded poll for a state, and the engine retries fast
(`RetrySettings`) or at once (`replicate_now()`).
"""

from __future__ import annotations

import base64
import gzip
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from remotes_tui.devserver import DevServer, FaultConfig, RetrySettings
from tests.support.edge_central import FAST, wait_for

from .httpclient import Client

EDGE_TOKEN = "edge-writes-with-this-token"
MIN_QUEUE = 33554430


def lines(count: int, start: int = 0) -> bytes:
    return b"".join(
        b"cpu,host=edge-%d usage=%d.5 %d\n" % (n % 4, n, 1_700_000_000_000_000_000 + n)
        for n in range(start, start + count)
    )


class Pair:
    """An edge server with one replication to a central server (which accepts EDGE_TOKEN)."""

    def __init__(self, edge: DevServer, central: DevServer, **replication: Any) -> None:
        self.edge, self.central = edge, central
        self.client = Client(edge)
        self.remote = self.client.create_remote(
            name="central", remoteURL=central.url, remoteAPIToken=EDGE_TOKEN, remoteOrgID=central.org_id
        )
        self.replication = self.client.create_replication(
            self.remote["id"], remoteBucketName=central.bucket_name, **replication
        )

    def write(self, body: bytes, **headers: str) -> None:
        reply = self.client.post(
            f"/api/v2/write?org={self.edge.org_id}&bucket={self.edge.bucket_id}", body, headers=headers
        )
        assert reply.status == 204, reply.text

    def state(self, replication_id: str | None = None) -> dict[str, Any]:
        reply = self.client.get(f"/api/v2/replications/{replication_id or self.replication['id']}")
        assert reply.status == 200
        data: dict[str, Any] = reply.json()
        return data

    def until(
        self, predicate: Callable[[dict[str, Any]], bool], what: str, limit: float = 15.0
    ) -> dict[str, Any]:
        def check() -> dict[str, Any] | None:
            self.edge.replicate_now()
            state = self.state()
            return state if predicate(state) else None

        result: dict[str, Any] = wait_for(check, limit, what)
        return result


@pytest.fixture
def central(tmp_path: Path) -> Iterator[DevServer]:
    with DevServer(
        port=0, org="central-org", bucket="central-bucket", db_path=tmp_path / "central.db"
    ) as server:
        server.add_token(EDGE_TOKEN)
        yield server


@pytest.fixture
def edge() -> Iterator[DevServer]:
    with DevServer(port=0, org="edge-org", bucket="telemetry", replication_retry=FAST) as server:
        yield server


@pytest.fixture
def pair(edge: DevServer, central: DevServer) -> Iterator[Pair]:
    p = Pair(edge, central)
    yield p
    p.client.close()


def _engine_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("devserver-replication")]


def test_points_reach_the_central_server_with_the_remote_token(pair: Pair) -> None:
    pair.write(lines(3))
    wait_for(lambda: pair.central.points_received() == 3, what="3 points at central")
    assert pair.central.bytes_received("central-bucket") == len(lines(3))
    state = pair.until(lambda s: s["remainingBytesToBeSynced"] == 0, "the queue drained")
    assert state["latestResponseCode"] == 204
    assert state["latestErrorMessage"] == ""  # influxd stores the empty message of a success
    # The sent write stays counted until its 10 MiB segment is removed, as on influxd's disk.
    assert state["currentQueueSizeBytes"] == len(gzip.compress(lines(3), compresslevel=1))


def test_nothing_runs_until_points_are_written(pair: Pair) -> None:
    before = pair.state()
    assert _engine_threads() == []
    assert pair.state() == before
    assert "latestResponseCode" not in before
    assert pair.central.points_received() == 0


def test_a_stopped_central_turns_failing_then_recovers_and_drains(pair: Pair, tmp_path: Path) -> None:
    pair.write(lines(2))
    wait_for(lambda: pair.central.points_received() == 2)
    port, token = pair.central.port, pair.central.token
    pair.central.stop()

    pair.write(lines(5, start=10))
    pair.write(lines(7, start=20))
    failing = pair.until(lambda s: s.get("latestResponseCode") == 0, "a failure with no HTTP answer")
    assert failing["latestErrorMessage"] == (
        f'Post "http://127.0.0.1:{port}/api/v2/write?bucket=central-bucket&org={pair.central.org_id}": '
        f"dial tcp 127.0.0.1:{port}: connect: connection refused"
    )
    queued = len(gzip.compress(lines(5, start=10), 1)) + len(gzip.compress(lines(7, start=20), 1))
    assert failing["remainingBytesToBeSynced"] == queued
    assert failing["currentQueueSizeBytes"] >= queued

    with DevServer(
        port=port, token=token, org="central-org", bucket="central-bucket", db_path=tmp_path / "central.db"
    ) as back:
        back.add_token(EDGE_TOKEN)
        wait_for(lambda: back.points_received() == 12, what="the queued points at the restarted central")
        drained = pair.until(lambda s: s["remainingBytesToBeSynced"] == 0, "the queue drained")
        assert (drained["latestResponseCode"], drained["latestErrorMessage"]) == (204, "")


def test_an_erroring_central_is_reported_with_its_status_and_message(pair: Pair) -> None:
    pair.central.faults = FaultConfig(error_status=503, error_rate=1.0, paths=("/api/v2/write",))
    pair.write(lines(4))
    failing = pair.until(lambda s: s.get("latestResponseCode") == 503, "the 503")
    assert failing["latestErrorMessage"] == "invalid response code 503, must be 204: injected fault"
    assert failing["remainingBytesToBeSynced"] > 0
    pair.central.faults = FaultConfig()
    pair.until(
        lambda s: s["remainingBytesToBeSynced"] == 0 and s.get("latestResponseCode") == 204, "recovery"
    )
    assert pair.central.points_received() == 4


def test_a_central_that_holds_the_answer_times_out(edge: DevServer, central: DevServer) -> None:
    edge.replication_retry = RetrySettings(first_backoff=0.02, max_backoff=0.2, timeout=0.3)
    with DevServer(port=0, replication_retry=edge.replication_retry) as slow_edge:
        pair = Pair(slow_edge, central)
        with central.hold("/api/v2/write", max_hold=60) as held:
            pair.write(lines(2))
            assert held.wait_held()
            failing = pair.until(lambda s: s.get("latestResponseCode") == 0, "the timeout")
            assert failing["latestErrorMessage"].endswith(
                ": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            )
        pair.until(lambda s: s["remainingBytesToBeSynced"] == 0, "the queue drained after release")
        assert central.points_received() >= 2  # at least once: a timed-out write may have landed too
        pair.client.close()


def test_a_revoked_token_gives_401_until_it_is_valid_again(pair: Pair) -> None:
    pair.write(lines(1))
    wait_for(lambda: pair.central.points_received() == 1)
    assert pair.central.revoke_token(EDGE_TOKEN)
    pair.write(lines(6, start=5))
    failing = pair.until(lambda s: s.get("latestResponseCode") == 401, "the 401")
    assert failing["latestErrorMessage"] == "invalid response code 401, must be 204: unauthorized access"
    assert failing["remainingBytesToBeSynced"] == len(gzip.compress(lines(6, start=5), 1))
    pair.central.add_token(EDGE_TOKEN)
    pair.until(
        lambda s: s["remainingBytesToBeSynced"] == 0 and s.get("latestResponseCode") == 204, "recovery"
    )
    assert pair.central.points_received() == 7


def test_patching_the_remote_applies_to_the_next_attempt(pair: Pair) -> None:
    assert (
        pair.client.patch(f"/api/v2/remotes/{pair.remote['id']}", {"remoteAPIToken": "wrong"}).status == 200
    )
    pair.write(lines(3))
    pair.until(lambda s: s.get("latestResponseCode") == 401, "the 401 with the wrong token")
    assert (
        pair.client.patch(f"/api/v2/remotes/{pair.remote['id']}", {"remoteAPIToken": EDGE_TOKEN}).status
        == 200
    )
    pair.until(
        lambda s: s.get("latestResponseCode") == 204 and s["remainingBytesToBeSynced"] == 0, "recovery"
    )
    assert pair.central.points_received() == 3


def test_the_remote_url_path_is_dropped(edge: DevServer, central: DevServer) -> None:
    pair = Pair.__new__(Pair)
    pair.edge, pair.central, pair.client = edge, central, Client(edge)
    pair.remote = pair.client.create_remote(
        name="with-path",
        remoteURL=central.url + "/some/proxy/path?x=1",
        remoteAPIToken=EDGE_TOKEN,
        remoteOrgID=central.org_id,
    )
    pair.replication = pair.client.create_replication(pair.remote["id"], remoteBucketID=central.bucket_id)
    pair.write(lines(2))
    wait_for(lambda: central.points_received(central.bucket_id) == 2)
    pair.client.close()


def _random_lines(raw_bytes: int, tag: str) -> bytes:
    """About `raw_bytes` of line protocol that gzip cannot shrink much (random base64 string fields)."""
    per_line = 1000
    blob = base64.b64encode(os.urandom(raw_bytes * 3 // 4)).decode()
    out = [
        f'blob,batch={tag} v="{blob[i : i + per_line]}" {1_700_000_000_000_000_000 + i}'
        for i in range(0, len(blob), per_line)
    ]
    return ("\n".join(out) + "\n").encode()


def test_the_oldest_data_is_dropped_when_the_queue_is_full(pair: Pair) -> None:
    assert pair.central.revoke_token(EDGE_TOKEN)
    patched = pair.client.patch(
        f"/api/v2/replications/{pair.replication['id']}", {"maxQueueSizeBytes": MIN_QUEUE}
    )
    assert patched.status == 200
    batches = [_random_lines(12_000_000, str(n)) for n in range(4)]
    gzipped = [gzip.compress(b, compresslevel=1) for b in batches]  # queued as sent, like influxd's queue
    sizes = [len(g) for g in gzipped]
    assert sum(sizes[:3]) <= MIN_QUEUE < sum(sizes)  # the fourth does not fit: the first must go
    for body in gzipped:
        pair.write(body, **{"Content-Encoding": "gzip"})
        state = pair.state()
        assert state["currentQueueSizeBytes"] <= MIN_QUEUE
    assert state["remainingBytesToBeSynced"] == sum(sizes[1:])
    assert state["currentQueueSizeBytes"] == sum(sizes[1:])
    pair.central.add_token(EDGE_TOKEN)
    pair.until(lambda s: s["remainingBytesToBeSynced"] == 0, "the queue drained", limit=60)
    expected = sum(b.count(b"\n") for b in batches[1:])
    assert pair.central.points_received() == expected  # the first batch never arrives


def test_drop_non_retryable_data_drops_a_batch_the_remote_refuses_with_400(
    edge: DevServer, central: DevServer
) -> None:
    central.faults = FaultConfig(error_status=400, error_rate=1.0, paths=("/api/v2/write",))
    client = Client(edge)
    remote = client.create_remote(
        remoteURL=central.url, remoteAPIToken=EDGE_TOKEN, remoteOrgID=central.org_id
    )
    dropping = client.create_replication(remote["id"], name="dropping", dropNonRetryableData=True)
    keeping = client.create_replication(remote["id"], name="keeping")
    assert client.post(f"/api/v2/write?org={edge.org_id}&bucket={edge.bucket_id}", lines(2)).status == 204

    def both_tried() -> bool:
        edge.replicate_now()
        states = [client.get(f"/api/v2/replications/{r['id']}").json() for r in (dropping, keeping)]
        return (
            all(s.get("latestResponseCode") == 400 for s in states)
            and states[0]["remainingBytesToBeSynced"] == 0
        )

    wait_for(both_tried, what="both replications refused with 400")
    kept = client.get(f"/api/v2/replications/{keeping['id']}").json()
    assert kept["remainingBytesToBeSynced"] == len(gzip.compress(lines(2), 1))
    client.close()


def test_deleting_a_replication_ends_its_thread(pair: Pair) -> None:
    pair.central.revoke_token(EDGE_TOKEN)
    pair.write(lines(2))
    pair.until(lambda s: s.get("latestResponseCode") == 401, "the 401")
    assert [t.name for t in _engine_threads()] == [f"devserver-replication:{pair.replication['id']}"]
    assert pair.client.delete(f"/api/v2/replications/{pair.replication['id']}").status == 204
    wait_for(lambda: not _engine_threads(), what="the sender thread gone")


def test_stop_cancels_an_attempt_in_flight_and_leaves_no_thread(central: DevServer) -> None:
    slow = RetrySettings(timeout=120.0)
    edge = DevServer(port=0, replication_retry=slow)
    edge.start()
    pair = Pair(edge, central)
    with central.hold("/api/v2/write", max_hold=120) as held:
        pair.write(lines(2))
        assert held.wait_held()
        pair.client.close()
        started = time.monotonic()
        edge.stop()
        assert time.monotonic() - started < 5
        assert _engine_threads() == []


def test_write_endpoint_checks_the_line_protocol(pair: Pair) -> None:
    path = f"/api/v2/write?org={pair.edge.org_id}&bucket={pair.edge.bucket_id}"
    bad = pair.client.post(path, b"cpu,host=a usage=1\njust-a-measurement\n")
    assert bad.status == 400
    assert (
        bad.body == b'{"code":"invalid","message":"unable to parse \'just-a-measurement\': missing fields"}'
    )
    broken_gzip = pair.client.post(path, b"not gzip", headers={"Content-Encoding": "gzip"})
    assert broken_gzip.status == 400
    bomb = gzip.compress(b"cpu v=1\n" * (2 * 1024 * 1024 + 1))  # > 16 MiB once decompressed
    too_large = pair.client.post(path, bomb, headers={"Content-Encoding": "gzip"})
    assert too_large.status == 413
    assert too_large.json() == {
        "code": "request too large",
        "message": "unable to read data: points batch is too large",
    }
    assert pair.edge.points_received() == 0
    assert pair.client.post(path, gzip.compress(lines(5)), headers={"Content-Encoding": "gzip"}).status == 204
    assert pair.edge.points_received() == 5
    assert pair.client.post(path, b"").status == 204  # validation's empty write: nothing counted or queued
    assert pair.edge.points_received() == 5


def test_received_counts_over_http(pair: Pair) -> None:
    pair.write(lines(4))
    assert pair.client.get("/_devserver/received").json() == {
        "bucketID": pair.edge.bucket_id,
        "points": 4,
        "bytes": len(lines(4)),
    }
    assert pair.client.get("/_devserver/received?bucket=telemetry").json()["points"] == 4
    assert pair.client.get("/_devserver/received?bucket=nope").status == 404


def test_token_management_needs_a_running_server() -> None:
    server = DevServer(port=0)
    with pytest.raises(RuntimeError, match="not running"):
        server.add_token("x")
    with server:
        server.add_token("reader", read_only=True)
        reader = Client(server, token="reader")
        assert reader.get(f"/api/v2/remotes?orgID={server.org_id}").status == 200
        assert reader.post("/api/v2/remotes", {"orgID": server.org_id}).status == 401
        assert server.revoke_token("reader")
        assert reader.get(f"/api/v2/remotes?orgID={server.org_id}").status == 401
        assert not server.revoke_token("reader")
        reader.close()


def test_backoff_is_influxds() -> None:
    influxd = RetrySettings()
    assert [influxd.backoff(n) for n in range(1, 12)] == [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 900]
    assert RetrySettings(first_backoff=0.1, max_backoff=0.3).backoff(5) == 0.3
