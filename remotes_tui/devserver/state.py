"""`ServerState`: what every request handler of one server shares: store, replication engine, tenant, faults."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from .auth import Principal
from .bootstrap import Tenant
from .cache import ResponseCache
from .faults import FaultConfig, FaultPicker
from .hold import HoldGate
from .ids import IdSource
from .replicator import Replicator
from .store import Store


class Received:
    """Points and line-protocol bytes accepted by `POST /api/v2/write`, per bucket ID (tests read them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}

    def add(self, bucket_id: str, points: int, size: int) -> None:
        with self._lock:
            old_points, old_size = self._counts.get(bucket_id, (0, 0))
            self._counts[bucket_id] = (old_points + points, old_size + size)

    def of(self, bucket_id: str) -> tuple[int, int]:
        """(points, bytes) received for the bucket."""
        with self._lock:
            return self._counts.get(bucket_id, (0, 0))


@dataclass
class ServerState:
    """One running dev server's world. Tokens are cached in memory so authentication costs one dict lookup."""

    store: Store
    replicator: Replicator
    version: str
    tenant: Tenant
    principals: dict[str, Principal]
    faults: FaultConfig
    ids: IdSource = field(default_factory=IdSource)
    lists: ResponseCache = field(default_factory=ResponseCache)
    picker: FaultPicker = field(default_factory=FaultPicker)
    holds: HoldGate = field(default_factory=HoldGate)
    received: Received = field(default_factory=Received)
    log_requests: bool = False
    started_wall: float = field(default_factory=time.time)
    started_monotonic: float = field(default_factory=time.monotonic)
    stopping: threading.Event = field(default_factory=threading.Event)  # set by stop(): waits end early
