"""Organizations and buckets, resolved the way the influx CLI's `--org` / `--org-id` are."""

from __future__ import annotations

from remotes_tui.api.errors import InvalidInputError, NotFoundError
from remotes_tui.api.ids import require_id
from remotes_tui.api.models import Bucket, Buckets, Organization, Organizations
from remotes_tui.api.transport import Transport


class OrgsService:
    """Find an organization by name or ID."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def list(self) -> list[Organization]:
        wrapper = await self._t.get_model(
            Organizations, "/api/v2/orgs", context="Could not list organizations"
        )
        return list(wrapper.orgs or [])

    async def find(self, *, org: str | None = None, org_id: str | None = None) -> Organization:
        """The org named `org` or with ID `org_id` (exactly one of them), as the CLI resolves `--org`."""
        if bool(org) == bool(org_id):
            raise InvalidInputError(
                {
                    "org": "Give an org name or an org ID, but not both (like the influx CLI's --org / --org-id)."
                }
            )
        if org_id:
            org_id = require_id(org_id, "Org ID", "org_id")
            params, wanted = {"orgID": org_id}, f"with ID {org_id}"
        else:
            params, wanted = {"org": str(org)}, f"named {org!r}"
        missing = f"No organization {wanted} is visible to this token. Check the name, or use the org ID."
        try:
            wrapper = await self._t.get_model(
                Organizations, "/api/v2/orgs", params=params, context="Could not look up the org"
            )
        except NotFoundError as exc:
            raise NotFoundError(
                missing, status=exc.status, code=exc.code, server_message=exc.server_message, url=exc.url
            ) from None
        for candidate in wrapper.orgs or []:
            if candidate.id.lower() == org_id or candidate.name == org:
                return candidate
        raise NotFoundError(missing)


class BucketsService:
    """List buckets of an org."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def list(self, org_id: str, *, name: str | None = None) -> list[Bucket]:
        params = {"orgID": require_id(org_id, "Org ID", "org_id")}
        if name:
            params["name"] = name
        wrapper = await self._t.get_model(
            Buckets, "/api/v2/buckets", params=params, context="Could not list buckets"
        )
        return list(wrapper.buckets or [])
