"""`POST /api/v2/write`: line protocol into a bucket, after influxd's org, bucket and permission checks.

The points are counted (per bucket, for tests: `DevServer.points_received`), not stored, and queued for every
replication of the bucket (`replicator`), so one dev server can be another's remote and replicate in turn. An
empty body (what replication validation sends) is a 204 and nothing else. A gzip body is decoded within the
write limit. Errors here come from influxd's write handler, which answers compact JSON. A token without write
permission on the bucket gets the handler's own 403 (`checkBucketWritePermissions`), not the 401 the
authorizer gives on the remotes and replications APIs.
"""

from __future__ import annotations

import gzip

from . import lineprotocol
from .auth import Principal
from .errors import FORBIDDEN, INVALID, NOT_FOUND, TOO_LARGE, ApiError
from .ids import parse_id
from .limits import WRITE_BODY_LIMIT
from .request import Request
from .responses import Response, no_content
from .routes_misc import method_not_allowed, path_not_found
from .state import ServerState
from .store import Row


def handle(state: ServerState, req: Request, principal: Principal) -> Response:
    if req.path != "/api/v2/write":
        return path_not_found()
    if req.method != "POST":
        return method_not_allowed("POST")
    org = _organization(state, req)
    bucket = _bucket(state, org[0], req.arg("bucket"))
    if not principal.can_write:  # checked after the org and bucket lookups, as influxd does
        raise ApiError(FORBIDDEN, "insufficient permissions for write", compact=True)
    if req.body:
        _accept(state, str(bucket[0]), req)
    return no_content()


def _accept(state: ServerState, bucket_id: str, req: Request) -> None:
    """Count the points and queue them for the bucket's replications (gzip, as influxd queues them)."""
    encoding = req.headers.get("content-encoding", "")
    try:
        data = lineprotocol.decode(req.body, encoding, WRITE_BODY_LIMIT)
        points = lineprotocol.count_points(data)
    except lineprotocol.WriteBodyTooLarge as exc:
        raise ApiError(TOO_LARGE, str(exc), compact=True) from None
    except lineprotocol.WriteBodyError as exc:
        raise ApiError(INVALID, str(exc), compact=True) from None
    if not points:
        return
    state.received.add(bucket_id, points, len(data))
    gzipped = req.body if encoding.strip().lower() == "gzip" else gzip.compress(data, compresslevel=1)
    state.replicator.enqueue(bucket_id, gzipped, points)


def _organization(state: ServerState, req: Request) -> Row:
    """influxd's queryOrganization: `org` may be an ID or a name; `orgID` is an ID."""
    org_param, org_id_param = req.arg("org"), req.arg("orgID")
    row: Row | None = None
    if org_id_param:
        org_id = parse_id(org_id_param)
        if org_id is None:
            raise ApiError(INVALID, "invalid ID", compact=True)
        row = state.store.org_by_id(org_id)
    elif org_param:
        org_id = parse_id(org_param)
        row = state.store.org_by_id(org_id) if org_id else None
        if row is None and org_id is None:
            row = state.store.org_by_name(org_param)
            if row is None:
                raise ApiError(NOT_FOUND, f'organization name "{org_param}" not found', compact=True)
    else:
        raise ApiError(INVALID, "Please provide either orgID or org", compact=True)
    if row is None:
        raise ApiError(NOT_FOUND, "organization not found", compact=True)
    return row


def _bucket(state: ServerState, org_id: str, name_or_id: str) -> Row:
    """influxd's findBucket: try the value as an ID in the org, then as a name."""
    bucket_id = parse_id(name_or_id)
    if bucket_id is not None:
        for row in state.store.buckets(org_id, bucket_id=bucket_id):
            return row
    for row in state.store.buckets(org_id, name=name_or_id):
        return row
    raise ApiError(NOT_FOUND, f'bucket "{name_or_id}" not found', compact=True)
