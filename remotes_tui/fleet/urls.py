"""Group a fleet's remotes by the URL they point at: how many servers replicate to central-eu."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from remotes_tui.fleet.status import ServerReport


@dataclass(frozen=True)
class UrlGroup:
    """One remote URL: how many remotes point at it, on how many servers (and which)."""

    url: str
    remotes: int
    servers: tuple[str, ...]

    @property
    def summary(self) -> str:
        """'3 remotes on 2 servers'."""
        remotes = f"{self.remotes} remote" + ("" if self.remotes == 1 else "s")
        servers = f"{len(self.servers)} server" + ("" if len(self.servers) == 1 else "s")
        return f"{remotes} on {servers}"


def url_groups(reports: Iterable[ServerReport]) -> list[UrlGroup]:
    """Every remote URL of the loaded servers, the most widely used first (then by URL)."""
    remotes: dict[str, int] = {}
    servers: dict[str, dict[str, None]] = {}
    for report in reports:
        if not report.status.loaded and not report.stale:
            continue
        for remote in report.remotes:
            remotes[remote.remote_url] = remotes.get(remote.remote_url, 0) + 1
            servers.setdefault(remote.remote_url, {})[report.name] = None
    groups = [UrlGroup(url, count, tuple(servers[url])) for url, count in remotes.items()]
    return sorted(groups, key=lambda group: (-len(group.servers), -group.remotes, group.url))
