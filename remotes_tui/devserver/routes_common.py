"""What the remotes and replications endpoints share: the ID in the path, the org a list requires, and the list
cache, whose entries hold only while the store's generation has not moved."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from .errors import invalid
from .ids import parse_id
from .request import Request
from .responses import JSON_TYPE, Response
from .state import ServerState

MSG_BAD_ORG = "invalid or missing org ID"


def path_id(raw_id: str, message: str) -> str:
    """The ID from the path, or influxd's 400 with `message` when it is not one."""
    parsed = parse_id(raw_id)
    if parsed is None:
        raise invalid(message)
    return parsed


def required_org(req: Request) -> str:
    """The `orgID` query argument, or influxd's 400 when it is missing or not an ID."""
    org_id = parse_id(req.arg("orgID"))
    if org_id is None:
        raise invalid(MSG_BAD_ORG)
    return org_id


def cached_list(state: ServerState, key: Hashable, build: Callable[[], bytes]) -> Response:
    """200 with the cached body for `key`, or with `build()`'s (then cached) when the store has changed since."""
    generation = state.store.generation()  # read before the query: a concurrent write makes the entry stale
    body = state.lists.get(key, generation)
    if body is None:
        body = build()
        state.lists.put(key, generation, body)
    return Response(200, body, JSON_TYPE)
