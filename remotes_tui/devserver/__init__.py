"""A small InfluxDB OSS v2 look-alike for the remote-connection and replication APIs (standard library only).

It answers like a real influxd does, quirks included, over real HTTP(S): used for demos (`remotes-tui serve`)
and by every test. It replicates for real: points written to a bucket are queued and sent to each
replication's remote. Nothing else of remotes_tui is imported here.

    with DevServer(port=0, seed_demo=True) as server:
        ...  # server.url, server.token, server.org_id

See `DevServer` for holding answers in tests, HTTPS, tokens, the demo trickle and the replication engine.
"""

from __future__ import annotations

from .faults import FaultConfig
from .hold import Hold
from .replicator import RetrySettings
from .seed import ROTATED_TOKEN, DemoTarget
from .server import DevServer

__all__ = ["ROTATED_TOKEN", "DemoTarget", "DevServer", "FaultConfig", "Hold", "RetrySettings"]
