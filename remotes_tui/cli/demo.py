"""`remotes-tui --demo`: two bundled servers in this process, one the other's remote, and nothing saved.

The "central" server stands for the InfluxDB that edge data replicates to; the "edge" server is seeded with
remotes and replications that point at it and writes a trickle of points, so its replications really forward
data to central (and the one whose token was "rotated" fills its queue), and validation writes across the two.
Tokens stay in memory: the demo writes nothing to the user's keyring or config.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from remotes_tui.api import ConnectionSettings
from remotes_tui.devserver import DemoTarget, DevServer
from remotes_tui.tokens import MemoryTokenStore


@dataclass
class Demo:
    """The running demo: settings for the app, the in-memory token store, and the servers to stop."""

    settings: ConnectionSettings
    token_store: MemoryTokenStore
    servers: list[DevServer] = field(default_factory=list)

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()


def start_demo() -> Demo:
    """Start the central and edge servers on free loopback ports and return how to connect."""
    central = DevServer(port=0, org="central-org", bucket="edge-data")
    central.start()
    target = DemoTarget(
        url=central.url, org_id=central.org_id, bucket=central.bucket_name, token=central.token
    )
    try:
        edge = DevServer(
            port=0,
            org="edge-site-01",
            bucket="telemetry",
            seed_demo=True,
            demo_target=target,
            demo_trickle=True,  # points flow: healthy replications drain to central, the 401 one fills up
        )
        edge.start()
    except BaseException:
        central.stop()
        raise
    settings = ConnectionSettings(url=edge.url, token=edge.token, org_id=edge.org_id)
    return Demo(settings=settings, token_store=MemoryTokenStore(), servers=[edge, central])
