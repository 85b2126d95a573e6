"""`/_devserver/faults`: read or change the live fault settings over HTTP (operator token only, never faulted)."""

from __future__ import annotations

from .auth import Principal, unauthorized_access
from .errors import invalid
from .faults import parse_json
from .request import Request
from .responses import Response, json_response
from .routes_misc import method_not_allowed, path_not_found
from .state import ServerState

FAULTS_PATH = "/_devserver/faults"


def handle(state: ServerState, req: Request, principal: Principal | None) -> Response:
    if req.path != FAULTS_PATH:
        return path_not_found()
    if principal is None or not principal.can_write:
        raise unauthorized_access()
    if req.method == "GET":
        return json_response(200, state.faults.to_json())
    if req.method == "PUT":
        try:
            state.faults.update_from_json(parse_json(req.body))
        except ValueError as exc:
            raise invalid(str(exc)) from None
        return json_response(200, state.faults.to_json())
    return method_not_allowed("GET, PUT")
