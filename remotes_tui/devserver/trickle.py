"""The demo's trickle: a steady flow of telemetry points into the local bucket, so replication is seen working.

Every TICK_SECONDS a batch of points goes to every replication of the bucket (as a write would). The batch is
sized so that each queue grows by about TARGET_GZIP_BYTES_PER_TICK of gzip data (the size adapts to how well
the points compress): 128 KiB/s. The seeded `nightly-backup` replication, whose remote refuses its token, starts
at 46 MiB of its 64 MiB queue and so crosses 80% (51.2 MiB) after about 42 s, and is full after about 2.5 min
(then the oldest data is dropped); the healthy replications send each batch to the central server at once.
"""

from __future__ import annotations

import gzip
import random
import threading
import time

from .replicator import Replicator

TICK_SECONDS = 0.5
TARGET_GZIP_BYTES_PER_TICK = 64 * 1024
FIRST_BATCH_POINTS = 1200  # about what 64 KiB of gzip holds (~53 bytes a point); adapted every tick
MIN_POINTS, MAX_POINTS = 10, 20000
DEVICES = 48


class Trickle:
    """Writes a batch of points every tick until `stopping` is set; `stop()` waits for the thread."""

    def __init__(
        self, replicator: Replicator, bucket_id: str, site: str, stopping: threading.Event, seed: int = 0
    ) -> None:
        self._replicator = replicator
        self._bucket_id = bucket_id
        self._site = site.replace(" ", "\\ ").replace(",", "\\,").replace("=", "\\=")
        self._stopping = stopping
        self._random = random.Random(seed)
        self._sequence = 0
        self.batches = 0
        self._thread = threading.Thread(target=self._run, name="devserver-trickle", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        points = FIRST_BATCH_POINTS
        while not self._stopping.wait(TICK_SECONDS):
            data = gzip.compress(self._batch(points), compresslevel=1)
            self._replicator.enqueue(self._bucket_id, data, points)
            self.batches += 1
            points = max(MIN_POINTS, min(MAX_POINTS, round(points * TARGET_GZIP_BYTES_PER_TICK / len(data))))

    def _batch(self, points: int) -> bytes:
        """`points` lines of line protocol, one per device reading, with nanosecond timestamps."""
        rand = self._random
        now = time.time_ns()
        lines = []
        for n in range(points):
            self._sequence += 1
            device = rand.randrange(DEVICES)
            lines.append(
                f"telemetry,site={self._site},device=sensor-{device:03d} "
                f"temperature={rand.uniform(15, 35):.3f},humidity={rand.uniform(20, 90):.2f},"
                f"vibration={rand.random():.6f},battery={rand.uniform(3.3, 4.2):.3f},seq={self._sequence}i,"
                f'trace="{rand.getrandbits(128):032x}" '
                f"{now - (points - n) * 1000}"
            )
        return ("\n".join(lines) + "\n").encode()
