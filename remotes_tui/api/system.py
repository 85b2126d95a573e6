"""Who am I, is the server healthy, and which build is it: `/api/v2/me`, `/health`, `/ping`."""

from __future__ import annotations

from remotes_tui.api.models import HealthCheck, PingInfo, User
from remotes_tui.api.transport import Transport, parse_json


class SystemService:
    """Checks a client can use to test a connection and a token."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def me(self) -> User:
        """The user the token belongs to: the cheapest check that a token is valid."""
        return await self._t.get_model(User, "/api/v2/me", context="Could not check the token")

    async def health(self) -> HealthCheck:
        """`/health`: 200 when healthy, 503 (newer servers) when not; both carry a HealthCheck body."""
        response = await self._t.request("GET", "/health", expected=(200, 503), context="Health check failed")
        return self._t.parse(HealthCheck, parse_json(response, self._t.settings.base_url))

    async def ping(self) -> PingInfo:
        """Build (OSS or Cloud) and version from the `/ping` headers."""
        response = await self._t.request("GET", "/ping", expected=(204, 200), context="Ping failed")
        return PingInfo(
            build=response.headers.get("X-Influxdb-Build"), version=response.headers.get("X-Influxdb-Version")
        )
