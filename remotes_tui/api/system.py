"""Who am I, is the server healthy, and which build is it: `/api/v2/me`, `/health`, `/ping`."""

from __future__ import annotations

from pydantic import ValidationError

from remotes_tui.api.errors import InvalidResponseError
from remotes_tui.api.models import HealthCheck, PingInfo, User
from remotes_tui.api.transport import Transport, parse_json


class SystemService:
    """Checks a client can use to test a connection and a token."""

    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def me(self) -> User:
        """The user the token belongs to: the cheapest check that a token is valid."""
        data = await self._t.get_json("/api/v2/me", context="Could not check the token")
        try:
            return User.model_validate(data)
        except ValidationError:
            raise InvalidResponseError("/api/v2/me answered in an unexpected shape.") from None

    async def health(self) -> HealthCheck:
        response = await self._t.request("GET", "/health", expected=(200, 503), context="Health check failed")
        try:
            return HealthCheck.model_validate(parse_json(response, self._t.settings.base_url))
        except ValidationError:
            raise InvalidResponseError("/health answered in an unexpected shape.") from None

    async def ping(self) -> PingInfo:
        """Build (OSS or Cloud) and version from the `/ping` headers."""
        response = await self._t.request("GET", "/ping", expected=(204, 200), context="Ping failed")
        return PingInfo(
            build=response.headers.get("X-Influxdb-Build"), version=response.headers.get("X-Influxdb-Version")
        )
