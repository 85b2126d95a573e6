"""Replications: `/api/v2/replications` (list, get, create, delete, validate)."""

from __future__ import annotations

from pydantic import ValidationError

from remotes_tui.api.errors import InvalidInputError, InvalidResponseError
from remotes_tui.api.ids import check_id
from remotes_tui.api.models import Replication, ReplicationCreationRequest, Replications
from remotes_tui.api.transport import Transport, parse_json

_PATH = "/api/v2/replications"


def _valid_id(value: str, what: str) -> str:
    try:
        return check_id(value, what)
    except ValueError as exc:
        raise InvalidInputError({"id": str(exc)}) from None


class ReplicationsService:
    """Replications, mostly to show and clean up the ones that use a remote."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def _model(self, data: object) -> Replication:
        try:
            return Replication.model_validate(data)
        except ValidationError:
            raise InvalidResponseError(
                f"{self._t.settings.base_url} returned a replication in an unexpected shape."
            ) from None

    async def list(
        self,
        org_id: str,
        *,
        remote_id: str | None = None,
        name: str | None = None,
        local_bucket_id: str | None = None,
    ) -> list[Replication]:
        """Replications of an org, optionally only those using `remote_id`."""
        params = {"orgID": _valid_id(org_id, "Org ID")}
        if remote_id:
            params["remoteID"] = _valid_id(remote_id, "Remote ID")
        if name:
            params["name"] = name
        if local_bucket_id:
            params["localBucketID"] = _valid_id(local_bucket_id, "Local bucket ID")
        data = await self._t.get_json(_PATH, params=params, context="Could not list replications")
        try:
            wrapper = Replications.model_validate(data)
        except ValidationError:
            raise InvalidResponseError(
                f"{self._t.settings.base_url} returned a replication list in an unexpected shape."
            ) from None
        return list(wrapper.replications or [])

    async def get(self, replication_id: str) -> Replication:
        rid = _valid_id(replication_id, "Replication ID")
        return self._model(await self._t.get_json(f"{_PATH}/{rid}", context="Could not load the replication"))

    async def create(self, request: ReplicationCreationRequest) -> Replication:
        response = await self._t.request(
            "POST",
            _PATH,
            json_body=request.to_wire(),
            expected=(201, 200),
            context=f"Could not create replication {request.name!r}",
        )
        return self._model(parse_json(response, self._t.settings.base_url))

    async def delete(self, replication_id: str) -> None:
        rid = _valid_id(replication_id, "Replication ID")
        await self._t.request(
            "DELETE", f"{_PATH}/{rid}", expected=(204, 200), context="Could not delete the replication"
        )

    async def validate(self, replication_id: str) -> None:
        """Ask the server to send a no-op write to the remote; raises ApiError with the cause if it fails."""
        rid = _valid_id(replication_id, "Replication ID")
        await self._t.request(
            "POST", f"{_PATH}/{rid}/validate", expected=(204,), context="The replication failed validation"
        )
