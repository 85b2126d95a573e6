"""How fast the demo shows a filling queue: seconds until `nightly-backup` (whose remote refuses its token) crosses
80% of its maxQueueSizeBytes, with the trickle on, and what the healthy replications look like meanwhile.

Starts the demo's servers in this process (`start_demo`, what `remotes-tui --demo` runs: the centrals and the
edge), and samples the edge's replications API every second until the crossing (or 120 s). "central points"
counts what every central has received.

    python benchmarks/bench_demo_trickle.py

Not a test: nothing here asserts anything. Loopback only, bounded in time.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse

from remotes_tui.cli.demo import start_demo
from remotes_tui.devserver import DevServer

LIMIT_SECONDS = 120.0


def replications(server: DevServer) -> dict[str, dict[str, object]]:
    host = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=10)
    conn.request(
        "GET",
        f"/api/v2/replications?orgID={server.org_id}",
        headers={"Authorization": f"Token {server.token}"},
    )
    data = json.loads(conn.getresponse().read())
    conn.close()
    return {r["name"]: r for r in data["replications"]}


def main() -> None:
    demo = start_demo()
    *centrals, edge = demo.servers
    try:
        started = time.monotonic()
        crossed = None
        while time.monotonic() - started < LIMIT_SECONDS:
            time.sleep(1.0)
            state = replications(edge)
            backup = state["nightly-backup"]
            share = int(backup["currentQueueSizeBytes"]) / int(backup["maxQueueSizeBytes"])  # type: ignore[call-overload]
            elapsed = time.monotonic() - started
            print(
                f"{elapsed:5.1f} s  nightly-backup {share:6.1%} code {backup.get('latestResponseCode')}  "
                f"telemetry-to-us remaining {state['telemetry-to-us']['remainingBytesToBeSynced']:>9}  "
                f"central points {sum(central.points_received('edge-data') for central in centrals)}"
            )
            if share >= 0.8:
                crossed = elapsed
                break
        print(
            f"nightly-backup crossed 80% after {crossed:.1f} s" if crossed else "no crossing within the limit"
        )
    finally:
        demo.stop()


if __name__ == "__main__":
    main()
