"""The replication engine: points written to a local bucket are queued per replication and sent to its remote.

Like influxd (replications/remotewrite/writer.go):
- each replication of the bucket gets the write in its own queue (`replication_queue`), bounded by its
  `maxQueueSizeBytes`, the oldest data dropped when full;
- one background thread per replication sends the oldest entry, re-reading the remote's URL, token, org and
  bucket before every attempt (a PATCH applies to the next one), honouring allowInsecureTLS, with a timeout;
- after every attempt `latestResponseCode` / `latestErrorMessage` are stored: 204 and "" on success, the
  remote's status and `invalid response code ...` otherwise, 0 and Go's transport text when nothing answered;
- a failed attempt waits `first_backoff * 2^(attempts-1)` seconds (capped; `Retry-After` on 429), then retries
  the same entry; a 400 with dropNonRetryableData drops it instead.

Nothing starts before the first write: a server that is never written to contacts no one. `flush()` makes
every waiting replication retry now (tests), `stop()` cancels attempts in flight and joins every thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from dataclasses import dataclass

from .remote_write import Cancel, WriteResult, post_write
from .replication_queue import Entry, ReplicationQueue
from .store import Store

JOIN_SECONDS = 2.0


@dataclass(frozen=True)
class RetrySettings:
    """How the engine retries (influxd: 0.5 s doubling, 15 min after 10 attempts, 2 min per request)."""

    first_backoff: float = 0.5
    max_backoff: float = 900.0
    timeout: float = 120.0
    attempts_before_max: int = 10

    def backoff(self, attempts: int) -> float:
        if attempts > self.attempts_before_max:
            return self.max_backoff
        return float(min(self.max_backoff, self.first_backoff * 2.0 ** max(0, attempts - 1)))


class Replicator:
    """Queues and sender threads for every replication that has had data; thread-safe."""

    def __init__(self, store: Store, version: str, settings: RetrySettings | None = None) -> None:
        self._store = store
        self._version = version
        self.settings = settings or RetrySettings()
        self._lock = threading.Condition()
        self._queues: dict[str, ReplicationQueue] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._cancels: dict[str, Cancel] = {}
        self._flushes = 0
        self._stopping = False

    def enqueue(self, bucket_id: str, data: bytes, points: int) -> int:
        """Queue one gzip write for every replication of `bucket_id`; how many queued it."""
        rows = self._store.replications_of_bucket(bucket_id)
        if not rows or not data:
            return 0
        with self._lock:
            if self._stopping:
                return 0
            for replication_id, max_bytes, current, remaining in rows:
                queue = self._queues.get(replication_id)
                if queue is None:
                    queue = self._queues[replication_id] = ReplicationQueue(max_bytes, current, remaining)
                elif queue.max_bytes != max_bytes:
                    queue.resize(max_bytes)
                queue.append(data, points)
                self._save_sizes(replication_id, queue)
                self._start(replication_id)
            self._lock.notify_all()
        return len(rows)

    def resize(self, replication_id: str, max_bytes: int) -> None:
        """A PATCH changed maxQueueSizeBytes."""
        with self._lock:
            queue = self._queues.get(replication_id)
            if queue is not None:
                queue.resize(max_bytes)
                self._save_sizes(replication_id, queue)

    def remove(self, replication_id: str) -> None:
        """The replication was deleted: its queue goes too (influxd deletes the queue on disk)."""
        with self._lock:
            self._queues.pop(replication_id, None)
            cancel = self._cancels.get(replication_id)
            self._lock.notify_all()
        if cancel is not None:
            cancel.cancel()

    def flush(self) -> None:
        """Every replication waiting out a backoff retries now."""
        with self._lock:
            self._flushes += 1
            self._lock.notify_all()

    def queued(self, replication_id: str) -> ReplicationQueue | None:
        return self._queues.get(replication_id)

    def stop(self) -> None:
        """Cancel attempts in flight and wait for every sender thread (bounded)."""
        with self._lock:
            self._stopping = True
            threads = list(self._threads.values())
            cancels = list(self._cancels.values())
            self._lock.notify_all()
        for cancel in cancels:
            cancel.cancel()
        deadline = time.monotonic() + JOIN_SECONDS
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    # --- one sender thread per replication ----------------------------------------------------------------

    def _start(self, replication_id: str) -> None:
        thread = self._threads.get(replication_id)
        if thread is not None and thread.is_alive():
            return
        self._cancels[replication_id] = Cancel()
        thread = threading.Thread(
            target=self._run,
            args=(replication_id,),
            name=f"devserver-replication:{replication_id}",
            daemon=True,
        )
        self._threads[replication_id] = thread
        thread.start()

    def _run(self, replication_id: str) -> None:
        try:
            self._send_until_stopped(replication_id)
        except sqlite3.Error:
            pass  # the store closed under us: the server is stopping
        finally:
            with self._lock:
                if self._threads.get(replication_id) is threading.current_thread():
                    del self._threads[replication_id]

    def _send_until_stopped(self, replication_id: str) -> None:
        attempts = 0
        while True:
            entry = self._next_entry(replication_id)
            if entry is None:
                return
            config = self._store.replication_write_config(replication_id)
            if config is None:  # deleted meanwhile
                self.remove(replication_id)
                return
            result = self._attempt(replication_id, config, entry)
            with self._lock:
                if self._stopping:
                    return
                queue = self._queues.get(replication_id)
                done = result.ok or (
                    result.status == 400 and bool(config[6])
                )  # config[6]: dropNonRetryableData
                if queue is not None and done:
                    queue.sent(entry)
                    self._save_sizes(replication_id, queue)
                # After the sizes: whoever reads a 204 also reads the queue without what it answered.
                self._store.set_response_info(replication_id, result.status, result.message)
                if queue is None:
                    return
                if done:
                    attempts = 0
                    continue
                attempts += 1
                self._wait(self._retry_after(result) or self.settings.backoff(attempts))

    def _next_entry(self, replication_id: str) -> Entry | None:
        """The oldest queued entry, waiting for one; None when stopping or the replication is gone."""
        with self._lock:
            while not self._stopping:
                queue = self._queues.get(replication_id)
                if queue is None:
                    return None
                entry = queue.head()
                if entry is not None:
                    return entry
                self._lock.wait()
            return None

    def _attempt(self, replication_id: str, config: tuple[object, ...], entry: Entry) -> WriteResult:
        url, token, remote_org_id, insecure, bucket_id, bucket_name, _drop = config
        bucket = str(bucket_name) if bucket_id is None or bucket_name else str(bucket_id)
        return post_write(
            str(url),
            str(token),
            None if remote_org_id is None else str(remote_org_id),
            bucket,
            entry.data or b"",  # a phantom backlog is synced by an empty write
            insecure=bool(insecure),
            version=self._version,
            timeout=self.settings.timeout,
            cancel=self._cancels.get(replication_id),
        )

    def _wait(self, seconds: float) -> None:
        """Wait out a backoff (lock held): until it passes, a flush, or stop."""
        deadline = time.monotonic() + seconds
        flushes = self._flushes
        while not self._stopping and self._flushes == flushes:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._lock.wait(left)

    def _retry_after(self, result: WriteResult) -> float:
        if result.status != 429 or not result.retry_after:
            return 0.0
        with contextlib.suppress(ValueError):
            seconds = int(result.retry_after)
            return (
                self.settings.backoff(1) if seconds == 0 else float(min(seconds, self.settings.max_backoff))
            )
        return 0.0

    def _save_sizes(self, replication_id: str, queue: ReplicationQueue) -> None:
        self._store.set_queue_sizes(replication_id, queue.current, queue.remaining)
