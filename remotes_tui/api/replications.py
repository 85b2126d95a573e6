"""Replications: `/api/v2/replications` (list, get, create, delete, validate)."""

from __future__ import annotations

from remotes_tui.api.ids import require_id
from remotes_tui.api.models import Replication, ReplicationCreationRequest, Replications
from remotes_tui.api.resource import ResourceService

_PATH = "/api/v2/replications"


class ReplicationsService(ResourceService[Replication]):
    """Replications, mostly to show and clean up the ones that use a remote."""

    _path = _PATH
    _model = Replication
    _noun = "replication"
    _id_label = "Replication ID"

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

    async def create(self, request: ReplicationCreationRequest) -> Replication:
        return await self._create(request.to_wire(), request.name)

    async def validate(self, replication_id: str) -> None:
        """Ask the server to send a no-op write to the remote; raises ApiError with the cause if it fails."""
        await self._sender.request(
            "POST",
            f"{self._item_path(replication_id)}/validate",
            expected=(204,),
            context="The replication failed validation",
        )
