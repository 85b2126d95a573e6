"""What the remotes and replications endpoints share: their routing table (`Resource`), the request body, the ID
in the path and the row it names, the org a list requires and the org a new or changed row is written to, and the
list cache, whose entries hold only while the store's generation has not moved."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import gojson
from .auth import Principal, require_write
from .errors import invalid, not_found
from .ids import parse_id
from .request import Request
from .responses import JSON_TYPE, Response, empty_method_not_allowed, json_response, plain_not_found
from .state import ServerState
from .store import Row, Store

MSG_BAD_ORG = "invalid or missing org ID"
MSG_ORG_PERMISSION = "invalid org id for permission: invalid ID"


Handler = Callable[[ServerState, Request, Principal, str], Response]
"""One route: the server state, the request, its caller and the raw ID from the path ("" on the collection)."""


@dataclass(frozen=True)
class Resource:
    """The routes of one resource as influxd's chi sub-router mounts them: `prefix` (the collection),
    `prefix/{id}` (one row) and `prefix/{id}/{action}`, each a table of method -> handler. Any other path gets
    Go's plain-text 404, a method with no handler chi's empty 405."""

    prefix: str
    collection: Mapping[str, Handler]
    item: Mapping[str, Handler]
    actions: Mapping[str, Mapping[str, Handler]] = field(default_factory=dict)

    def handle(self, state: ServerState, req: Request, principal: Principal) -> Response:
        rest = req.path[len(self.prefix) :]
        raw_id, _, action = rest[1:].partition("/")
        handlers: Mapping[str, Handler] | None
        if not rest:
            handlers = self.collection
        elif not raw_id:
            return plain_not_found()
        else:
            handlers = self.actions.get(action) if action else self.item
            if handlers is None:
                return plain_not_found()
        handler = handlers.get(req.method)
        return handler(state, req, principal, raw_id) if handler is not None else empty_method_not_allowed()


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


@dataclass(frozen=True)
class Rows:
    """How the ID in a resource's path names a row: influxd's 400 `bad_id` when it is not an ID, its 404
    `missing` when `lookup` finds nothing; `resource` is the permission a change needs, `to_json` the answer."""

    resource: str
    bad_id: str
    missing: str
    lookup: Callable[[Store, str], Row | None]
    to_json: Callable[[Row], dict[str, Any]]

    def existing(self, state: ServerState, raw_id: str) -> Row:
        row = self.lookup(state.store, path_id(raw_id, self.bad_id))
        if row is None:
            raise not_found(self.missing)
        return row

    def writable(self, state: ServerState, principal: Principal, raw_id: str) -> Row:
        """The row (its ID first, its org second), once `principal` may write the resource in its org."""
        row = self.existing(state, raw_id)
        require_write(principal, row[1], self.resource, row[0])
        return row

    def get(self, state: ServerState, _req: Request, _principal: Principal, raw_id: str) -> Response:
        """The GET route of one row."""
        return json_response(200, self.to_json(self.existing(state, raw_id)))


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
