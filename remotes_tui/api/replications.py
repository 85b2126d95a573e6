"""Replications: `/api/v2/replications` (list, get, create, delete, validate)."""

from __future__ import annotations

from remotes_tui.api.ids import require_id
from remotes_tui.api.models import Replication, ReplicationCreationRequest, Replications
from remotes_tui.api.sender import RequestSender
from remotes_tui.api.text import quoted

_PATH = "/api/v2/replications"


class ReplicationsService:
    """Replications, mostly to show and clean up the ones that use a remote."""

    def __init__(self, sender: RequestSender) -> None:
        self._sender = sender

    async def list(
        self,
        org_id: str,
        *,
        remote_id: str | None = None,
        name: str | None = None,
        local_bucket_id: str | None = None,
    ) -> list[Replication]:
        """Replications of an org, optionally only those using `remote_id`."""
        params = {"orgID": require_id(org_id, "Org ID", "org_id")}
        if remote_id:
            params["remoteID"] = require_id(remote_id, "Remote ID", "remote_id")
        if name:
            params["name"] = name
        if local_bucket_id:
            params["localBucketID"] = require_id(local_bucket_id, "Local bucket ID", "local_bucket_id")
        wrapper = await self._sender.get_model(
            Replications, _PATH, params=params, context="Could not list replications"
        )
        return list(wrapper.replications or [])

    async def get(self, replication_id: str) -> Replication:
        rid = require_id(replication_id, "Replication ID", "id")
        return await self._sender.get_model(
            Replication, f"{_PATH}/{rid}", context="Could not load the replication"
        )

    async def create(self, request: ReplicationCreationRequest) -> Replication:
        response = await self._sender.request(
            "POST",
            _PATH,
            json_body=request.to_wire(),
            expected=(201,),
            context=f"Could not create replication {quoted(request.name)}",
            subject=request.name,
        )
        return self._sender.parse_written(Replication, response, what="replication")

    async def delete(self, replication_id: str) -> None:
        rid = require_id(replication_id, "Replication ID", "id")
        await self._sender.delete(f"{_PATH}/{rid}", context="Could not delete the replication")

    async def validate(self, replication_id: str) -> None:
        """Ask the server to send a no-op write to the remote; raises ApiError with the cause if it fails."""
        rid = require_id(replication_id, "Replication ID", "id")
        await self._sender.request(
            "POST", f"{_PATH}/{rid}/validate", expected=(204,), context="The replication failed validation"
        )
