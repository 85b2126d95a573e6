"""Organizations and buckets, resolved the way the influx CLI's `--org` / `--org-id` are."""

from __future__ import annotations

from remotes_tui.api.errors import EndpointNotFoundError, NotFoundError, NotInfluxDBError
from remotes_tui.api.ids import require_id
from remotes_tui.api.models import Bucket, Buckets, Organization, Organizations
from remotes_tui.api.sender import RequestSender
from remotes_tui.api.text import quoted
from remotes_tui.api.validation import InvalidInputError


class OrgsService:
    """Find an organization by name or ID."""

    def __init__(self, sender: RequestSender) -> None:
        self._sender = sender

    async def list(self) -> list[Organization]:
        wrapper = await self._sender.get_model(
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
            params = {"orgID": org_id}
            missing = (
                f"No organization with ID {org_id} is visible to this token. Check the org ID (`influx org list` "
                "shows them), or give the organization by name."
            )
        else:
            params = {"org": str(org)}
            missing = (
                f"No organization named {quoted(str(org))} is visible to this token. Check the name, or use "
                "the org ID."
            )
        try:
            wrapper = await self._sender.get_model(
                Organizations, "/api/v2/orgs", params=params, context="Could not look up the org"
            )
        except EndpointNotFoundError as exc:
            raise NotInfluxDBError(
                f"{self._sender.settings.base_url} is not an InfluxDB 2.x server: it has no /api/v2/orgs "
                "(InfluxDB 1.x has no organizations or remote connections). Use the URL of an InfluxDB 2.2 or "
                "newer.",
                status=exc.status,
                server_message=exc.server_message,
                url=exc.url,
            ) from None
        except NotFoundError as exc:
            raise NotFoundError(
                missing, status=exc.status, code=exc.code, server_message=exc.server_message, url=exc.url
            ) from None
        for candidate in wrapper.orgs or []:
            if candidate.id == org_id or candidate.name == org:
                return candidate
        raise NotFoundError(missing)


class BucketsService:
    """List buckets of an org."""

    def __init__(self, sender: RequestSender) -> None:
        self._sender = sender

    async def list(self, org_id: str, *, name: str | None = None) -> list[Bucket]:
        params = {"orgID": require_id(org_id, "Org ID", "org_id")}
        if name:
            params["name"] = name
        wrapper = await self._sender.get_model(
            Buckets, "/api/v2/buckets", params=params, context="Could not list buckets"
        )
        return list(wrapper.buckets or [])
