"""`/_devserver/...`: test controls over HTTP (operator token only, never faulted or held).

- `GET|PUT /_devserver/faults`: read or change the live fault settings (see faults.py and hold.py);
- `GET /_devserver/held`: how many requests are held right now.
"""

from __future__ import annotations

from .auth import Principal, unauthorized_access
from .errors import invalid
from .faults import parse_json
from .request import Request
from .responses import Response, json_response
from .routes_misc import method_not_allowed, path_not_found
from .state import ServerState

FAULTS_PATH = "/_devserver/faults"
HELD_PATH = "/_devserver/held"


def handle(state: ServerState, req: Request, principal: Principal | None) -> Response:
    if req.path not in (FAULTS_PATH, HELD_PATH):
        return path_not_found()
    if principal is None or not principal.can_write:
        raise unauthorized_access()
    if req.path == HELD_PATH:
        if req.method != "GET":
            return method_not_allowed("GET")
        return json_response(200, {"held": state.holds.held})
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
