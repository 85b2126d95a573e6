"""`remotes-tui --demo`: bundled servers in this process, an edge and the centrals it replicates to; nothing saved.

The "central" servers stand for the InfluxDB clusters that edge data replicates to (one for Europe, one for the
US, one for the second data centre's standby); the "edge" server is seeded with remotes and replications that
point at them and writes a trickle of points, so its replications really forward data (and the one whose token
was "rotated" fills its queue), and validation writes across. Tokens stay in memory: the demo writes nothing to
the user's keyring or config; the remotes' API tokens are known to the demo, so `t` tests them at once.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field

from remotes_tui.api import ConnectionSettings
from remotes_tui.devserver import ROTATED_TOKEN, DemoTarget, DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key

CENTRALS = ("central-eu", "central-us", "backup-dc2")
"""The central servers the demo starts, named after the org each one holds."""

REMOTES_BY_CENTRAL = {
    "central-eu": ("central-eu", "staging-central", "lab-selfsigned"),
    "central-us": ("central-us", "edge-aggregator", "analytics-sandbox", "legacy-1x"),
    "backup-dc2": ("backup-dc2",),
}
"""Which seeded remote points at which central server."""


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
    """Start the central servers and the edge on free loopback ports and return how to connect to the edge."""
    servers: list[DevServer] = []
    try:
        targets: dict[str, DemoTarget] = {}
        for name in CENTRALS:
            central = DevServer(port=0, org=name, bucket="edge-data")
            central.start()
            servers.append(central)
            targets.update(dict.fromkeys(REMOTES_BY_CENTRAL[name], central.as_demo_target()))
        edge = DevServer(
            port=0,
            org="edge-site-01",
            bucket="telemetry",
            seed_demo=True,
            demo_target=targets["central-eu"],
            demo_targets=targets,
            demo_trickle=True,  # points flow: healthy replications drain to the centrals, the 401 one fills up
        )
        edge.start()
        servers.append(edge)
    except BaseException:
        for server in reversed(servers):
            server.stop()
        raise
    settings = ConnectionSettings(url=edge.url, token=edge.token, org_id=edge.org_id)
    tokens = MemoryTokenStore()
    for name, remote_id in _remote_ids(edge).items():
        pointed_at = targets.get(name)
        if pointed_at is not None:
            token = ROTATED_TOKEN if name == "backup-dc2" else pointed_at.token
            tokens.set(remote_key(edge.url, remote_id), token)
    return Demo(settings=settings, token_store=tokens, servers=servers)


def _remote_ids(edge: DevServer) -> dict[str, str]:
    """Name -> ID of the edge's seeded remotes, as any client reads them (the IDs are random)."""
    request = urllib.request.Request(  # noqa: S310 - the loopback URL of the server started above
        f"{edge.url}/api/v2/remotes?orgID={edge.org_id}", headers={"Authorization": f"Token {edge.token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        remotes = json.load(response)["remotes"] or []
    return {remote["name"]: remote["id"] for remote in remotes}
