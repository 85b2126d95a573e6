"""`/_devserver/...`: test controls over HTTP (operator token only, never faulted or held).

- `GET|PUT /_devserver/faults`: read or change the live fault settings (see faults.py and hold.py);
- `GET /_devserver/held`: how many requests are held right now;
- `GET /_devserver/received?bucket=<name or id>`: points and bytes written into a bucket (default: the server's).
"""

from __future__ import annotations

from .auth import Principal, unauthorized_access
from .errors import invalid, not_found
from .faults import parse_json
from .request import Request
from .responses import Response, json_response
from .routes_misc import method_not_allowed, path_not_found
from .state import ServerState

FAULTS_PATH = "/_devserver/faults"
HELD_PATH = "/_devserver/held"
RECEIVED_PATH = "/_devserver/received"


def handle(state: ServerState, req: Request, principal: Principal | None) -> Response:
    if req.path not in (FAULTS_PATH, HELD_PATH, RECEIVED_PATH):
        return path_not_found()
    if principal is None or not principal.can_write:
        raise unauthorized_access()
    if req.path in (HELD_PATH, RECEIVED_PATH) and req.method != "GET":
        return method_not_allowed("GET")
    if req.path == HELD_PATH:
        return json_response(200, {"held": state.holds.held})
    if req.path == RECEIVED_PATH:
        return _received(state, req.arg("bucket"))
    if req.method == "GET":
        return json_response(200, state.faults.to_json())
    if req.method == "PUT":
        try:
            state.faults.update_from_json(parse_json(req.body))
        except ValueError as exc:
            raise invalid(str(exc)) from None
        state.holds.changed()  # a request held through `hold` may go on now
        return json_response(200, state.faults.to_json())
    return method_not_allowed("GET, PUT")


def _received(state: ServerState, bucket: str) -> Response:
    bucket_id = state.tenant.bucket_id
    if bucket:
        rows = state.store.buckets(bucket_id=bucket) or state.store.buckets(name=bucket)
        if not rows:
            raise not_found(f'bucket "{bucket}" not found')
        bucket_id = str(rows[0][0])
    points, size = state.received.of(bucket_id)
    return json_response(200, {"bucketID": bucket_id, "points": points, "bytes": size})
