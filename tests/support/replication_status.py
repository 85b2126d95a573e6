"""Give a bundled server's replication a stored status, as its replication engine leaves one after attempts.

For snapshots only: a queue at 87% or a TLS failure takes minutes or another network to produce for real
(the Pilot tests produce every state for real, with an edge and a central server). The values go into the
server's own store, exactly where its engine writes them; the app still reads them over HTTP.
"""

from __future__ import annotations

from remotes_tui.devserver import DevServer


def store_status(
    server: DevServer,
    replication_id: str,
    *,
    code: int | None,
    message: str | None,
    current: int = 0,
    remaining: int = 0,
) -> None:
    store = server._running_state().store  # the engine's own writer (replicator.py)
    store.set_queue_sizes(replication_id, current, remaining)
    if code is not None and message is not None:
        store.set_response_info(replication_id, code, message)
