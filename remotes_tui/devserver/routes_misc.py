"""The endpoints around the remotes API that clients use to connect and check: health, ping, ready, routes,
setup, orgs, buckets and me. Shapes and messages follow influxd (see the behaviour notes)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .errors import CONFLICT, ApiError, invalid, not_found
from .ids import IDError, decode_id
from .request import Request
from .responses import JSON_TYPE, Response, error_response, json_response, no_content
from .state import ServerState
from .store import Row

# The commit influxd v2.7.12 reports in /health.
COMMIT = "ec9dcde5d6"
PAGE_LINK = "descending=false&limit=20&offset=0"


def method_not_allowed(allow: str) -> Response:
    """The base router's JSON 405."""
    response = error_response(405, "method not allowed", f"allow: {allow}", compact=True)
    response.headers = (*response.headers, ("Allow", allow))
    return response


def path_not_found() -> Response:
    """The base router's JSON 404 for paths it does not know."""
    return error_response(404, "not found", "path not found", compact=True)


def health(state: ServerState) -> Response:
    """influxd's fixed-format health string (any method, no auth), newline included."""
    body = (
        '{"name":"influxdb", "message":"ready for queries and writes", "status":"pass", "checks":[], '
        f'"version": "{state.version}", "commit": "{COMMIT}"}}\n'
    )
    return Response(200, body.encode(), JSON_TYPE)


def ping(req: Request) -> Response:
    if req.method in ("GET", "HEAD"):
        return no_content()
    return method_not_allowed("GET, HEAD")


def ready(state: ServerState, req: Request) -> Response:
    if req.method != "GET":
        return method_not_allowed("GET")
    started = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(state.started_wall))
    fraction = f"{state.started_wall % 1:.9f}"[1:].rstrip("0").rstrip(".")
    status = {
        "status": "ready",
        "started": f"{started}{fraction}Z",
        "up": go_duration(time.monotonic() - state.started_monotonic),
    }
    return Response(200, (json.dumps(status, indent=4) + "\n").encode(), JSON_TYPE)


def go_duration(seconds: float) -> str:
    """Go's time.Duration.String(): 1h2m3.5s, 1.5ms, 0s."""
    ns = round(seconds * 1e9)
    if ns == 0:
        return "0s"
    if ns < 1_000:
        return f"{ns}ns"
    if ns < 1_000_000:
        return _fraction(ns, 1_000) + "µs"
    if ns < 1_000_000_000:
        return _fraction(ns, 1_000_000) + "ms"
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    out = f"{hours}h" if hours else ""
    if hours or minutes:
        out += f"{minutes}m"
    return out + _fraction(rest, 1_000_000_000) + "s"


def _fraction(value: int, unit: int) -> str:
    whole, part = divmod(value, unit)
    digits = str(part).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def api_root(req: Request) -> Response:
    if req.method != "GET":
        return method_not_allowed("GET")
    routes: dict[str, Any] = {
        "authorizations": "/api/v2/authorizations",
        "buckets": "/api/v2/buckets",
        "dashboards": "/api/v2/dashboards",
        "external": {"statusFeed": "https://www.influxdata.com/feed/json"},
        "flags": "/api/v2/flags",
        "me": "/api/v2/me",
        "orgs": "/api/v2/orgs",
        "query": {
            "ast": "/api/v2/query/ast",
            "analyze": "/api/v2/query/analyze",
            "self": "/api/v2/query",
            "suggestions": "/api/v2/query/suggestions",
        },
        "remotes": "/api/v2/remotes",
        "replications": "/api/v2/replications",
        "setup": "/api/v2/setup",
        "signin": "/api/v2/signin",
        "signout": "/api/v2/signout",
        "sources": "/api/v2/sources",
        "system": {"debug": "/debug/pprof", "health": "/health", "metrics": "/metrics"},
        "tasks": "/api/v2/tasks",
        "telegrafs": "/api/v2/telegrafs",
        "users": "/api/v2/users",
        "variables": "/api/v2/variables",
        "write": "/api/v2/write",
    }
    return json_response(200, routes)


def setup(req: Request) -> Response:
    """The server is always set up already: onboarding is not allowed."""
    if req.method == "GET":
        return json_response(200, {"allowed": False})
    if req.method == "POST":
        raise ApiError(CONFLICT, "onboarding has already been completed")
    return method_not_allowed("GET, POST")


def me(state: ServerState, req: Request, user_id: str) -> Response:
    if req.path != "/api/v2/me":
        return path_not_found()
    if req.method != "GET":
        return method_not_allowed("GET")
    return json_response(
        200,
        {"links": {"self": f"/api/v2/users/{user_id}"}, "id": user_id, "name": "admin", "status": "active"},
    )


def org_json(row: Row) -> dict[str, Any]:
    org_id, name, description, created, updated = row
    q = quote(name, safe="")
    return {
        "links": {
            "buckets": f"/api/v2/buckets?org={q}",
            "dashboards": f"/api/v2/dashboards?org={q}",
            "labels": f"/api/v2/orgs/{org_id}/labels",
            "logs": f"/api/v2/orgs/{org_id}/logs",
            "members": f"/api/v2/orgs/{org_id}/members",
            "owners": f"/api/v2/orgs/{org_id}/owners",
            "secrets": f"/api/v2/orgs/{org_id}/secrets",
            "self": f"/api/v2/orgs/{org_id}",
            "tasks": f"/api/v2/tasks?org={q}",
        },
        "id": org_id,
        "name": name,
        "description": description,
        "createdAt": created,
        "updatedAt": updated,
    }


def _decode_query_id(text: str) -> str:
    try:
        return decode_id(text)
    except IDError as exc:
        raise invalid(str(exc)) from None


def find_org(state: ServerState, name: str = "", org_id: str = "") -> Row | None:
    """influxd's org lookup: by ID (404 `organization not found`) or by name (404 `organization name ...`)."""
    if org_id:
        row = state.store.org_by_id(_decode_query_id(org_id))
        if row is None:
            raise not_found("organization not found")
        return row
    if name:
        row = state.store.org_by_name(name)
        if row is None:
            raise not_found(f'organization name "{name}" not found')
        return row
    return None


def read_only(
    req: Request, prefix: str, one: Callable[[str], Response], listing: Callable[[], Response]
) -> Response:
    """A collection the base router serves for GET only: `prefix` lists, `prefix/{id}` shows one; its JSON 404
    for a deeper path, its JSON 405 for another method."""
    raw_id = req.path[len(prefix) + 1 :]
    if req.path != prefix and ("/" in raw_id or not raw_id):
        return path_not_found()
    if req.method != "GET":
        return method_not_allowed("GET")
    return one(raw_id) if req.path != prefix else listing()


def orgs(state: ServerState, req: Request) -> Response:
    return read_only(req, "/api/v2/orgs", lambda org_id: _org(state, org_id), lambda: _org_list(state, req))


def _org(state: ServerState, org_id: str) -> Response:
    row = find_org(state, org_id=org_id)
    assert row is not None
    return json_response(200, org_json(row))


def _org_list(state: ServerState, req: Request) -> Response:
    found = find_org(state, name=req.arg("org"), org_id=req.arg("orgID"))
    rows = [found] if found is not None else state.store.orgs()
    return json_response(
        200, {"links": {"self": f"/api/v2/orgs?{PAGE_LINK}"}, "orgs": [org_json(row) for row in rows]}
    )


def bucket_json(row: Row) -> dict[str, Any]:
    bucket_id, org_id, kind, description, name, retention, shard_group, created, updated = row
    out: dict[str, Any] = {"id": bucket_id, "orgID": org_id, "type": kind}
    if description:
        out["description"] = description
    out["name"] = name
    out["retentionRules"] = [
        {"type": "expire", "everySeconds": retention, "shardGroupDurationSeconds": shard_group}
    ]
    out["createdAt"] = created
    out["updatedAt"] = updated
    out["links"] = {
        "labels": f"/api/v2/buckets/{bucket_id}/labels",
        "members": f"/api/v2/buckets/{bucket_id}/members",
        "org": f"/api/v2/orgs/{org_id}",
        "owners": f"/api/v2/buckets/{bucket_id}/owners",
        "self": f"/api/v2/buckets/{bucket_id}",
        "write": f"/api/v2/write?org={org_id}&bucket={bucket_id}",
    }
    out["labels"] = []
    return out


def buckets(state: ServerState, req: Request) -> Response:
    return read_only(
        req, "/api/v2/buckets", lambda bucket_id: _bucket(state, bucket_id), lambda: _bucket_list(state, req)
    )


def _bucket(state: ServerState, bucket_id: str) -> Response:
    row = state.store.bucket_by_id(_decode_query_id(bucket_id))
    if row is None:
        raise not_found("bucket not found")
    return json_response(200, bucket_json(row))


def _bucket_list(state: ServerState, req: Request) -> Response:
    org_id: str | None = _decode_query_id(req.arg("orgID")) if req.arg("orgID") else None
    if org_id is None and req.arg("org"):
        org = find_org(state, name=req.arg("org"))
        org_id = str(org[0]) if org else None
    only_id = _decode_query_id(req.arg("id")) if req.arg("id") else None
    rows = state.store.buckets(org_id, req.arg("name") or None, only_id)
    return json_response(
        200,
        {"links": {"self": f"/api/v2/buckets?{PAGE_LINK}"}, "buckets": [bucket_json(row) for row in rows]},
    )
