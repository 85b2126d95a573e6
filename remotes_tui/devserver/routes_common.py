"""What the remotes and replications endpoints share: routing by method, the request body, the ID in the path and the row it names,
the org a list requires and the org a new row is written to, and the list cache, whose entries hold only while
the store's generation has not moved."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from . import gojson
from .auth import Principal, require_write
from .errors import invalid, not_found
from .ids import parse_id
from .request import Request
from .responses import JSON_TYPE, Response, empty_method_not_allowed
from .state import ServerState
from .store import Row

MSG_BAD_ORG = "invalid or missing org ID"
MSG_ORG_PERMISSION = "invalid org id for permission: invalid ID"


def by_method(req: Request, handlers: Mapping[str, Callable[[], Response]]) -> Response:
    """The answer of the handler for the request's method, or chi's empty 405 when there is none."""
    handler = handlers.get(req.method)
    return handler() if handler is not None else empty_method_not_allowed()


def decode_body(body: bytes, spec: gojson.StructSpec) -> dict[str, Any]:
    """The request fields, or influxd's 400 `failed to unmarshal json: ...`."""
    try:
        return gojson.decode(body, spec)
    except gojson.DecodeError as exc:
        raise invalid(f"failed to unmarshal json: {exc}") from None


def path_id(raw_id: str, message: str) -> str:
    """The ID from the path, or influxd's 400 with `message` when it is not one."""
    parsed = parse_id(raw_id)
    if parsed is None:
        raise invalid(message)
    return parsed


def existing_row(raw_id: str, bad_id: str, lookup: Callable[[str], Row | None], missing: str) -> Row:
    """The row the path's ID names: influxd's 400 `bad_id` when it is not an ID, its 404 `missing` when
    `lookup` finds nothing."""
    row = lookup(path_id(raw_id, bad_id))
    if row is None:
        raise not_found(missing)
    return row


def org_to_write(principal: Principal, fields: dict[str, Any], resource: str) -> str:
    """The `orgID` a new row goes to, once `principal` may write `resource` there (influxd's 400 when the body
    has none)."""
    org_id: str | None = fields.get("orgID")
    if org_id is None:
        raise invalid(MSG_ORG_PERMISSION)
    require_write(principal, org_id, resource)
    return org_id


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
