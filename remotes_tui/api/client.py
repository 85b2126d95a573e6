"""`InfluxClient`: one pooled connection to one server, with a service per resource."""

from __future__ import annotations

from types import TracebackType

import httpx

from remotes_tui.api.http_client import build_http_client
from remotes_tui.api.remotes import RemotesService
from remotes_tui.api.replications import ReplicationsService
from remotes_tui.api.sender import RequestSender
from remotes_tui.api.settings import ConnectionSettings
from remotes_tui.api.system import SystemService
from remotes_tui.api.tenancy import BucketsService, OrgsService
from remotes_tui.api.validation import InvalidInputError


class InfluxClient:
    """Async client for one InfluxDB OSS v2 server. Use `async with` or call `aclose()`.

    Making one never fails: `ConnectionSettings` refuse what cannot be used when they are made
    (`InvalidSettingsError`). Every service call raises `ApiError` when talking to the server fails, and
    `InvalidInputError` only for an argument refused before sending (an ID that is not 16 hex characters).
    """

    def __init__(
        self, settings: ConnectionSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.http = build_http_client(settings, transport)
        self._sender = RequestSender(settings, self.http)
        self.remotes = RemotesService(self._sender)
        self.replications = ReplicationsService(self._sender)
        self.orgs = OrgsService(self._sender)
        self.buckets = BucketsService(self._sender)
        self.system = SystemService(self._sender)

    @property
    def server_version(self) -> str | None:
        """The server's version from the last answer that said (`X-Influxdb-Version`): no `/ping` needed."""
        return self._sender.server_version

    @property
    def server_build(self) -> str | None:
        """The server's build (`OSS`, `Cloud`) from the same answer."""
        return self._sender.server_build

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> InfluxClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def resolve_org_id(self) -> str:
        """The org ID to work in: `org_id` if given, else looked up from the org name."""
        if self.settings.org_id:
            return (await self.orgs.find(org_id=self.settings.org_id)).id
        if self.settings.org:
            return (await self.orgs.find(org=self.settings.org)).id
        raise InvalidInputError(
            {
                "org": "No organization given: pass --org NAME or --org-id ID, or set INFLUX_ORG / INFLUX_ORG_ID."
            }
        )
