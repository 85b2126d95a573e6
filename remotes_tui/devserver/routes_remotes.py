"""`/api/v2/remotes`: remote connections, with influxd's status codes, messages and quirks.

Reproduced on purpose: no validation of name, URL or token on create; `{"remotes": null}` for an empty list;
SQLite's UNIQUE message as a 500; a remote in use cannot be deleted (500); the token is stored but never
returned; the description is omitted when NULL and remoteOrgID is null when unset; a plain-text 404 for unknown
sub-paths and an empty 405 for a wrong method (chi's defaults).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from . import gojson
from .auth import Principal
from .errors import ApiError, internal, not_found
from .request import Request
from .responses import Response, json_response, no_content, pretty_json
from .routes_common import (
    Resource,
    Rows,
    cached_list,
    decode_body,
    org_to_write,
    path_id,
    required_org,
)
from .state import ServerState
from .store import Row, Store

PREFIX = "/api/v2/remotes"

CREATE = gojson.StructSpec(
    "influxdb.CreateRemoteConnectionRequest",
    {
        "name": gojson.STRING,
        "description": gojson.STRING,
        "orgID": gojson.ID,
        "remoteURL": gojson.STRING,
        "remoteAPIToken": gojson.STRING,
        "remoteOrgID": gojson.ID,
        "allowInsecureTLS": gojson.BOOL,
    },
)
UPDATE = gojson.StructSpec(
    "influxdb.UpdateRemoteConnectionRequest",
    {
        "name": gojson.STRING,
        "description": gojson.STRING,
        "remoteURL": gojson.STRING,
        "remoteAPIToken": gojson.STRING,
        "remoteOrgID": gojson.ID,
        "allowInsecureTLS": gojson.BOOL,
    },
)

MSG_BAD_ID = "remote-connection ID is invalid"
MSG_NOT_FOUND = "remote connection not found"
MSG_IN_USE = "remote-connection cannot be deleted as a replication references it"


def remote_json(row: Row) -> dict[str, Any]:
    """influxd's RemoteConnection: description omitted when NULL, remoteOrgID always present, no token."""
    remote_id, org_id, name, description, remote_url, remote_org_id, insecure = row
    out: dict[str, Any] = {"id": remote_id, "orgID": org_id, "name": name}
    if description is not None:
        out["description"] = description
    out["remoteURL"] = remote_url
    out["remoteOrgID"] = remote_org_id
    out["allowInsecureTLS"] = bool(insecure)
    return out


ROWS = Rows("remotes", MSG_BAD_ID, MSG_NOT_FOUND, Store.remote, remote_json)


def _list(state: ServerState, req: Request, _principal: Principal, _raw_id: str) -> Response:
    org_id = required_org(req)
    name, url = req.arg("name") or None, req.arg("remoteURL") or None

    def build() -> bytes:
        rows = state.store.remotes(org_id, name, url)
        return pretty_json({"remotes": [remote_json(row) for row in rows] if rows else None})

    return cached_list(state, ("remotes", org_id, name, url), build)


def _create(state: ServerState, req: Request, principal: Principal, _raw_id: str) -> Response:
    fields = decode_body(req.body, CREATE)
    org_id = org_to_write(principal, fields, "remotes")
    try:
        row = state.store.add_remote(
            state.ids.new(),
            org_id,
            fields.get("name", ""),
            fields.get("description"),
            fields.get("remoteURL", ""),
            fields.get("remoteAPIToken", ""),
            fields.get("remoteOrgID"),
            fields.get("allowInsecureTLS", False),
        )
    except sqlite3.IntegrityError as exc:
        raise internal(str(exc)) from None
    assert row is not None
    return json_response(201, remote_json(row))


def _update(state: ServerState, req: Request, principal: Principal, raw_id: str) -> Response:
    path_id(raw_id, MSG_BAD_ID)  # checked before the body, as in influxd
    fields = decode_body(req.body, UPDATE)  # decoded before the lookup, as in influxd
    row = ROWS.writable(state, principal, raw_id)
    try:
        updated = state.store.update_remote(row[0], fields)
    except sqlite3.IntegrityError as exc:
        raise internal(str(exc)) from None
    if updated is None:
        raise not_found(MSG_NOT_FOUND)
    return json_response(200, remote_json(updated))


def _delete(state: ServerState, _req: Request, principal: Principal, raw_id: str) -> Response:
    row = ROWS.writable(state, principal, raw_id)
    try:
        deleted = state.store.delete_remote(row[0])
    except sqlite3.IntegrityError as exc:
        if "foreign key constraint failed" in str(exc).lower():
            raise ApiError("internal error", MSG_IN_USE) from None
        raise internal(str(exc)) from None
    if not deleted:
        raise not_found(MSG_NOT_FOUND)
    return no_content()


ROUTES = Resource(
    PREFIX,
    collection={"GET": _list, "POST": _create},
    item={"GET": ROWS.get, "PATCH": _update, "DELETE": _delete},
)
