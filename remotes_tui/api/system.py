"""Who am I, is the server healthy, which build is it, would it take a write: `/api/v2/me`, `/health`, `/ping`,
and the empty `POST /api/v2/write` that influxd's replication validation sends."""

from __future__ import annotations

from remotes_tui.api.errors import NotInfluxDBError
from remotes_tui.api.models import HealthCheck, PingInfo, User
from remotes_tui.api.response_errors import parse_json
from remotes_tui.api.sender import RequestSender
from remotes_tui.api.text import quoted


class SystemService:
    """Checks a client can use to test a connection and a token."""

    def __init__(self, sender: RequestSender) -> None:
        self._sender = sender

    async def me(self) -> User:
        """The user the token belongs to: the cheapest check that a token is valid."""
        return await self._sender.get_model(User, "/api/v2/me", context="Could not check the token")

    async def health(self) -> HealthCheck:
        """`/health`: 200 when healthy, 503 (newer servers) when not; both carry a HealthCheck body."""
        response = await self._sender.request(
            "GET", "/health", expected=(200, 503), context="Health check failed"
        )
        return self._sender.parse(HealthCheck, parse_json(response, self._sender.settings.base_url))

    async def ping(self, *, accept_1x: bool = False) -> PingInfo:
        """Build (OSS or Cloud) and version from the `/ping` headers; NotInfluxDBError when they are missing.

        Every InfluxDB answers `/ping` with `X-Influxdb-Version`; a web server on the wrong port does not. An
        InfluxDB 1.x is refused (it has no remote connections) unless `accept_1x`: a remote may point at one.
        """
        base_url = self._sender.settings.base_url
        response = await self._sender.request("GET", "/ping", expected=(204, 200), context="Ping failed")
        version = response.headers.get("X-Influxdb-Version")
        if not version:
            raise NotInfluxDBError(
                f"{base_url} is not an InfluxDB 2.x server: its /ping answer has no X-Influxdb-Version header. "
                "Check the URL and port (InfluxDB listens on 8086 by default).",
                status=response.status_code,
                url=str(response.request.url),
            )
        if version.lstrip("v").startswith("1.") and not accept_1x:
            raise NotInfluxDBError(
                f"{base_url} is InfluxDB {version}, which has no remote connections: use an InfluxDB 2.2 or "
                "newer.",
                status=response.status_code,
                url=str(response.request.url),
            )
        return PingInfo(build=response.headers.get("X-Influxdb-Build"), version=version)

    async def empty_write(self, bucket: str, org: str) -> None:
        """`POST /api/v2/write?bucket=&org=` with an empty body: 204 when this token may write to that bucket.

        Exactly influxd's replication validation (`org` may be "" for a 1.x remote); nothing is written.
        """
        await self._sender.request(
            "POST",
            "/api/v2/write",
            params={"bucket": bucket, "org": org},
            expected=(204,),
            context=f"The write check on bucket {quoted(bucket)} failed",
        )
