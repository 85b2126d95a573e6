"""How `remotes-tui remote ...` prints remotes: the influx CLI's table columns, or `--json` for scripts.

JSON is one document with the API's own field names, written like `influx remote ... --json` (keys sorted, tab
indent, unset description and remote org ID left out): an array for `list`, an object for the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from remotes_tui.api import RemoteConnection
from remotes_tui.api.text import one_line

COLUMNS = ("ID", "Name", "Org ID", "Remote URL", "Remote Org ID", "Allow Insecure TLS")


def wire(remote: RemoteConnection) -> dict[str, object]:
    """The remote as the API sends it (no token: the server never returns one)."""
    return remote.model_dump(by_alias=True, exclude_none=True)


def to_json(document: object) -> str:
    return json.dumps(document, indent="\t", sort_keys=True, ensure_ascii=False) + "\n"


def remotes_json(remotes: Iterable[RemoteConnection]) -> str:
    return to_json([wire(remote) for remote in remotes])


def remote_json(remote: RemoteConnection) -> str:
    return to_json(wire(remote))


def row(remote: RemoteConnection) -> tuple[str, ...]:
    return (
        remote.id,
        one_line(remote.name),
        remote.org_id,
        one_line(remote.remote_url),
        remote.remote_org_id or "",
        "true" if remote.allow_insecure_tls else "false",
    )


def table(
    remotes: Iterable[RemoteConnection], *, headers: bool = True, extra: Sequence[tuple[str, str]] = ()
) -> str:
    """Aligned columns (two spaces apart); `extra` adds (header, value) columns to every row, like `Deleted`."""
    rows: list[tuple[str, ...]] = []
    if headers:
        rows.append(COLUMNS + tuple(header for header, _ in extra))
    rows += [row(remote) + tuple(value for _, value in extra) for remote in remotes]
    if not rows:
        return ""
    widths = [max(len(cells[column]) for cells in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
        for cells in rows
    ]
    return "\n".join(lines) + "\n"
