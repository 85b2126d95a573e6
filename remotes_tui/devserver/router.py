"""Routing: faults first, then authentication before routing (as influxd does), then the route handlers.

`preflight` runs on the request line and headers alone, before the body is read: it answers 401 to a request
that needs a token and has none (unless a fault applies to the path: faults come first). `dispatch` returns a
Response, or None when the connection must be dropped without an answer (a drop fault).
An unexpected exception (a bug) is answered with a fixed 500 and stderr gets its type (plus the stack frames when
REMOTES_TUI_SERVE_LOG=1): its text could hold a remote's token or a request body, so it is never shown.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
from collections.abc import Callable

from . import routes_control, routes_misc, routes_remotes, routes_replications, routes_write
from .auth import Principal, token_from_header, unauthorized_access
from .errors import CODE_OF_STATUS, INTERNAL, UNAVAILABLE, ApiError
from .faults import (
    CONTROL_PREFIX,
    DROP,
    ERROR,
    MALFORMED,
    MAX_LATENCY,
    applies,
    is_active,
    malformed_body,
)
from .request import Request
from .responses import JSON_TYPE, Response, error_response
from .state import ServerState

Route = Callable[[ServerState, Request, Principal], Response]

# The first path segment after /api/v2/ -> handler. Everything here needs a token.
_AUTHENTICATED: dict[str, Route] = {
    "remotes": routes_remotes.ROUTES.handle,
    "replications": routes_replications.ROUTES.handle,
    "orgs": lambda state, req, _principal: routes_misc.orgs(state, req),
    "buckets": lambda state, req, _principal: routes_misc.buckets(state, req),
    "me": lambda state, req, principal: routes_misc.me(state, req, principal.user_id),
    "write": routes_write.handle,
}


def dispatch(state: ServerState, req: Request) -> Response | None:
    """The answer to one request (None = close the connection without answering)."""
    try:
        if req.path.startswith(CONTROL_PREFIX):
            return routes_control.handle(state, req, principal_of(state, req))
        faults = state.faults
        state.holds.wait(req.path, lambda: state.faults.hold, faults.max_hold, state.stopping)
        if is_active(faults) and applies(faults, req.path):
            if faults.latency > 0:
                state.stopping.wait(min(faults.latency, MAX_LATENCY))  # stop() cuts it short
            fault = state.picker.pick(faults)
            if fault == DROP:
                return None
            if fault == ERROR:
                status = faults.error_status or 500
                code = CODE_OF_STATUS.get(status, UNAVAILABLE if status in (502, 504) else INTERNAL)
                return error_response(status, code, "injected fault")
            if fault == MALFORMED:
                return Response(200, malformed_body(req.path), JSON_TYPE)
        return _route(state, req)
    except ApiError as exc:
        return exc.response()
    except sqlite3.ProgrammingError:  # the store was closed: the server is stopping
        return error_response(503, UNAVAILABLE, "the server is shutting down")
    except Exception as exc:  # a bug: a fixed answer, and only the exception's type on stderr
        _log_bug(exc, with_stack=state.log_requests)
        return error_response(500, INTERNAL, INTERNAL)


def _log_bug(exc: Exception, *, with_stack: bool) -> None:
    """One line naming the exception type; with request logging on, the stack too (frames only, no message)."""
    text = f"devserver: internal error ({type(exc).__name__})\n"
    if with_stack:
        text += "".join(traceback.format_tb(exc.__traceback__))
    sys.stderr.write(text)


def preflight(state: ServerState, req: Request) -> Response | None:
    """The answer decided from the headers alone (401 without a valid token), or None to read the body."""
    if req.path.startswith(CONTROL_PREFIX):
        principal = principal_of(state, req)
        if principal is None or not principal.can_write:
            return unauthorized_access().response()
        return None
    faults = state.faults
    if (is_active(faults) and applies(faults, req.path)) or state.holds.holds_path(req.path, faults.hold):
        return None  # faults and holds come before authentication, as in dispatch
    if needs_token(req) and principal_of(state, req) is None:
        return unauthorized_access().response()
    return None


def needs_token(req: Request) -> bool:
    """Whether influxd's authentication layer guards this path (everything under /api/v2 but a few)."""
    path = req.path
    if path != "/api/v2" and not path.startswith("/api/v2/"):
        return False
    if path == "/api/v2" and req.method == "GET":
        return False
    return not (path == "/api/v2/setup" and req.method in ("GET", "POST"))


def principal_of(state: ServerState, req: Request) -> Principal | None:
    """The caller, or None when the Authorization header is missing, malformed or has an unknown token."""
    token = token_from_header(req.headers.get("authorization"))
    return None if token is None else state.principals.get(token)


def _route(state: ServerState, req: Request) -> Response:
    path = req.path
    if path == "/health":
        return routes_misc.health(state)
    if path == "/ping":
        return routes_misc.ping(req)
    if path == "/ready":
        return routes_misc.ready(state, req)
    if not needs_token(req):
        if path == "/api/v2":
            return routes_misc.api_root(req)
        if path == "/api/v2/setup":
            return routes_misc.setup(req)
        return routes_misc.path_not_found()
    principal = principal_of(state, req)
    if principal is None:
        raise unauthorized_access()
    segment = path[len("/api/v2/") :].split("/", 1)[0]
    route = _AUTHENTICATED.get(segment)
    if route is not None:
        return route(state, req, principal)
    if path == "/api/v2":
        return routes_misc.api_root(req)
    if path == "/api/v2/setup":
        return routes_misc.setup(req)
    return routes_misc.path_not_found()
