"""Organizations and buckets, resolved the way the influx CLI's `--org` / `--org-id` are."""

from __future__ import annotations

from pydantic import ValidationError

from remotes_tui.api.errors import InvalidInputError, InvalidResponseError, NotFoundError
from remotes_tui.api.ids import check_id
from remotes_tui.api.models import Bucket, Buckets, Organization, Organizations
from remotes_tui.api.transport import Transport


class OrgsService:
    """Find an organization by name or ID."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def list(self) -> list[Organization]:
        data = await self._t.get_json("/api/v2/orgs", context="Could not list organizations")
        try:
            return list(Organizations.model_validate(data).orgs or [])
        except ValidationError:
            raise InvalidResponseError("The organization list came back in an unexpected shape.") from None

    async def find(self, *, org: str | None = None, org_id: str | None = None) -> Organization:
        """The org named `org` or with ID `org_id` (exactly one of them), as the CLI resolves `--org`."""
        if bool(org) == bool(org_id):
            raise InvalidInputError(
                {
                    "org": "Give an org name or an org ID, but not both (like the influx CLI's --org / --org-id)."
                }
            )
        if org_id:
            try:
                params = {"orgID": check_id(org_id, "Org ID")}
            except ValueError as exc:
                raise InvalidInputError({"org_id": str(exc)}) from None
            wanted = f"with ID {org_id}"
        else:
            params = {"org": str(org)}
            wanted = f"named {org!r}"
        try:
            data = await self._t.get_json("/api/v2/orgs", params=params, context="Could not look up the org")
        except NotFoundError as exc:
            raise NotFoundError(
                f"No organization {wanted} is visible to this token. Check the name, or use the org ID.",
                status=exc.status,
                code=exc.code,
                server_message=exc.server_message,
                url=exc.url,
            ) from None
        try:
            orgs = Organizations.model_validate(data).orgs or []
        except ValidationError:
            raise InvalidResponseError("The organization list came back in an unexpected shape.") from None
        for candidate in orgs:
            if (org_id and candidate.id.lower() == org_id.lower()) or (org and candidate.name == org):
                return candidate
        raise NotFoundError(
            f"No organization {wanted} is visible to this token. Check the name, or use the org ID."
        )


class BucketsService:
    """List buckets of an org."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def list(self, org_id: str, *, name: str | None = None) -> list[Bucket]:
        params = {"orgID": org_id}
        if name:
            params["name"] = name
        data = await self._t.get_json("/api/v2/buckets", params=params, context="Could not list buckets")
        try:
            return list(Buckets.model_validate(data).buckets or [])
        except ValidationError:
            raise InvalidResponseError("The bucket list came back in an unexpected shape.") from None
