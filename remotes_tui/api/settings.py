"""How to reach one InfluxDB server: URL, token, org, TLS options and timeouts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ConnectionSettings:
    """Everything the service layer needs to talk to one server. The token never appears in `repr`."""

    url: str
    token: str = field(repr=False)
    org: str | None = None
    org_id: str | None = None
    skip_verify: bool = False
    ca_file: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0

    @property
    def base_url(self) -> str:
        """The URL without a trailing slash, as the client's base."""
        return self.url.rstrip("/")
