"""`ServerState`: what every request handler of one running server shares (store, tenant IDs, tokens, faults)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from .auth import Principal
from .cache import ResponseCache
from .faults import FaultConfig, FaultPicker
from .hold import HoldGate
from .ids import IdSource
from .store import Store


@dataclass
class ServerState:
    """One running dev server's world. Tokens are cached in memory so authentication costs one dict lookup."""

    store: Store
    version: str
    org_id: str
    org_name: str
    bucket_id: str
    bucket_name: str
    user_id: str
    principals: dict[str, Principal]
    faults: FaultConfig
    ids: IdSource = field(default_factory=IdSource)
    lists: ResponseCache = field(default_factory=ResponseCache)
    picker: FaultPicker = field(default_factory=FaultPicker)
    holds: HoldGate = field(default_factory=HoldGate)
    log_requests: bool = False
    started_wall: float = field(default_factory=time.time)
    started_monotonic: float = field(default_factory=time.monotonic)
    stopping: threading.Event = field(default_factory=threading.Event)  # set by stop(): waits end early
