"""Several bundled servers as a fleet: edges with remotes (some pointing at a central), a port nothing
listens on, a central that accepts one remote token at a time, and fleet servers made from them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from remotes_tui.api import InfluxClient, RemoteConnection, ReplicationCreationRequest, creation_request
from remotes_tui.devserver import DevServer
from remotes_tui.fleet import FleetServer
from remotes_tui.tokens import TokenStore
from tests.support.servers import TEST_TOKEN, make_server, settings_for

OLD_REMOTE_TOKEN = "fleet-old-remote-token-DO-NOT-LEAK-01"
NEW_REMOTE_TOKEN = "fleet-new-remote-token-DO-NOT-LEAK-02"
"""The token the edges' remotes send to the central before and after a rotation (secrets: never shown)."""

CENTRAL_BUCKET = "central-bucket"


def free_port() -> int:
    """A port nothing listens on (a server was there a moment ago): a server that is down."""
    server = make_server()
    server.start()
    port = server.port
    server.stop()
    return port


@contextlib.contextmanager
def running(*servers: DevServer) -> Iterator[tuple[DevServer, ...]]:
    """Start servers, and stop every one of them afterwards (also those stopped and restarted meanwhile)."""
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def make_central(**kwargs: Any) -> DevServer:
    """A (not started) central server; once started, `accept_only(server, token)` sets its remote token."""
    return make_server(org="central-org", bucket=CENTRAL_BUCKET, **kwargs)


def accept_only(central: DevServer, token: str, *, instead_of: str | None = None) -> None:
    """The central accepts `token` from now on and refuses `instead_of` (an expired remote token)."""
    central.add_token(token)
    if instead_of is not None:
        central.revoke_token(instead_of)


async def add_remotes(
    edge: DevServer,
    names: Sequence[str],
    *,
    url: str,
    token: str = OLD_REMOTE_TOKEN,
    remote_org_id: str | None = None,
    replicate_to: str | None = None,
) -> list[RemoteConnection]:
    """Create remotes on `edge` pointing at `url`; with `replicate_to`, one replication per remote into that
    remote bucket (so `validate` sends the remote's stored token to `url`)."""
    async with InfluxClient(settings_for(edge)) as client:
        remotes = []
        for name in names:
            remote = await client.remotes.create(
                creation_request(
                    org_id=edge.org_id,
                    name=name,
                    remote_url=url,
                    remote_api_token=token,
                    remote_org_id=remote_org_id,
                )
            )
            remotes.append(remote)
            if replicate_to is not None:
                await client.replications.create(
                    ReplicationCreationRequest(
                        name=f"{name}-replication",
                        org_id=edge.org_id,
                        remote_id=remote.id,
                        local_bucket_id=edge.bucket_id,
                        remote_bucket_name=replicate_to,
                    )
                )
        return remotes


async def validate_all(edge: DevServer) -> dict[str, str | None]:
    """Ask the edge to validate each of its replications (the edge writes to the remote with the stored
    token): replication name -> None when the remote accepted it, else the error."""
    from remotes_tui.api import ApiError

    results: dict[str, str | None] = {}
    async with InfluxClient(settings_for(edge)) as client:
        for replication in await client.replications.list(edge.org_id):
            try:
                await client.replications.validate(replication.id)
            except ApiError as error:
                results[replication.name] = str(error)
            else:
                results[replication.name] = None
    return results


def fleet_server(
    name: str,
    server: DevServer,
    tokens: TokenStore,
    *,
    token: str = TEST_TOKEN,
    by_name: bool = False,
    **kw: Any,
) -> FleetServer:
    """A fleet server for a dev server (org by ID: one round trip; `by_name=True`: by name, two)."""
    if by_name:
        settings = settings_for(server, token=token, org_id=None, org=server.org_name)
    else:
        settings = settings_for(server, token=token)
    return FleetServer.of_settings(name, settings, tokens, **kw)


def down_server(name: str, port: int, tokens: TokenStore) -> FleetServer:
    """A fleet server on a port nothing listens on (org by name, as a fresh server there would have)."""
    from remotes_tui.api import ConnectionSettings

    settings = ConnectionSettings(url=f"http://127.0.0.1:{port}", token=TEST_TOKEN, org="demo-org")
    return FleetServer.of_settings(name, settings, tokens)
