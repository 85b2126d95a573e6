"""The fleet: many servers (saved profiles) at once, below the UI (no Textual).

- `groups`: fleet groups saved in the profiles file (`remotes-tui fleet add GROUP PROFILE...`).
- `selection`: which profiles `--fleet` means, refused in a sentence when it cannot be used.
- `members`: a fleet server (a profile or settings) and its live session.
- `loading`: load every server concurrently, a bounded number at a time, each report as it arrives.
- `status`: a server's state (ok, unreachable, token refused, org missing, read-only, ...).
- `health`: each server's replications as the health of its remotes, the worst per server, the summary.
- `urls`: the remotes grouped by the URL they point at.
- `rotation`: give every remote pointing at one URL a new API token, retrying only what is not done.
"""

from remotes_tui.fleet.errors import FleetError
from remotes_tui.fleet.groups import GroupChange, add_to_group, check_group_name, remove_from_group
from remotes_tui.fleet.health import fleet_summary, load_health, worst_health
from remotes_tui.fleet.loading import DEFAULT_CONCURRENCY, close_fleet, load_fleet, load_server
from remotes_tui.fleet.members import FleetServer, NoTokenError
from remotes_tui.fleet.rotation import RotationItem, RotationPlan, RotationState, plan_rotation, rotate
from remotes_tui.fleet.selection import FleetSelection, parse_names, select_fleet, server_identity
from remotes_tui.fleet.status import ServerReport, ServerStatus, loading_report, status_of
from remotes_tui.fleet.urls import UrlGroup, url_groups

__all__ = [
    "DEFAULT_CONCURRENCY",
    "FleetError",
    "FleetSelection",
    "FleetServer",
    "GroupChange",
    "NoTokenError",
    "RotationItem",
    "RotationPlan",
    "RotationState",
    "ServerReport",
    "ServerStatus",
    "UrlGroup",
    "add_to_group",
    "check_group_name",
    "close_fleet",
    "fleet_summary",
    "load_fleet",
    "load_health",
    "load_server",
    "loading_report",
    "parse_names",
    "plan_rotation",
    "remove_from_group",
    "rotate",
    "select_fleet",
    "server_identity",
    "status_of",
    "url_groups",
    "worst_health",
]
