"""The fleet's table: every server's remotes with a Server column first. No Textual.

A fleet row's cells are one server's cells plus the server's name at the end (so every sort and style of the
single-server table applies unchanged), but the Server column is shown first. Its key is the server's name and
the remote's ID: two servers may hold a remote with the same ID.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from remotes_tui.ui.widgets.table_model import (
    COLUMNS,
    SORT_KEYS,
    Column,
    HealthCell,
    Row,
    TableSpec,
    clean,
    fitting_steps,
    make_row,
)

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.api.health import HealthIndex

SERVER_COLUMN = Column("server", "Server", "Server", 6, 20, squeeze_width=8)
_SERVER = len(COLUMNS)
"""The server's cell comes after the single-server cells."""


def fleet_key(server: str, remote_id: str) -> str:
    """The key of a remote on a fleet server (NUL cannot be in a profile name)."""
    return f"{server}\0{remote_id}"


def server_of_key(key: str) -> str:
    """The server name a fleet key starts with."""
    return key.partition("\0")[0]


def make_fleet_row(remote: RemoteConnection, server: str, health: HealthCell | None = None) -> Row:
    """One server's row for `remote`, with the server's name as a cell (shown first) and in the haystack, and
    the remote's health on that server (None: not known yet, "…")."""
    row = make_row(remote, health)
    shown = clean(server)
    return Row(
        remote,
        (*row.cells, shown),
        f"{shown.casefold()}\0{row.haystack}",
        row.health_rank,
        fleet_key(server, remote.id),
        server,
    )


def make_fleet_rows(
    remotes: Sequence[RemoteConnection], server: str, health: HealthIndex | None = None
) -> list[Row]:
    """A server's rows, each with its health from the server's own `health` (None: not known yet)."""
    if health is None:
        return [make_fleet_row(remote, server) for remote in remotes]
    cell_of, default = health.cells.get, health.default_cell
    return [make_fleet_row(remote, server, cell_of(remote.id, default)) for remote in remotes]


def _by_server(row: Row) -> tuple[Any, ...]:
    return (row.cells[_SERVER].casefold(), row.cells[0].casefold(), row.remote.id)


def _then_server(key: Any) -> Any:
    """A single-server sort key with the server as the last tie-breaker (IDs may repeat across servers)."""

    def sort_key(row: Row) -> tuple[Any, ...]:
        return (*key(row), row.cells[_SERVER].casefold())

    return sort_key


FLEET_SORT_KEYS = {"server": _by_server, **{key: _then_server(sort) for key, sort in SORT_KEYS.items()}}

_FLEET_STEPS, _FLEET_LAST_RESORT = fitting_steps(("server", "name", "health"))
"""As one server's table, but the server's name is shortened along with the remote's."""

FLEET_SPEC = TableSpec(
    (*COLUMNS, SERVER_COLUMN),
    (_SERVER, *range(len(COLUMNS))),
    FLEET_SORT_KEYS,
    _FLEET_STEPS,
    _FLEET_LAST_RESORT,
    default_sort="server",
)
