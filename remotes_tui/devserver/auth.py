"""Token authentication and the two permission sets the dev server knows (operator and read-only).

influxd reads `Authorization: Token <t>` or `Bearer <t>` (scheme case-insensitive, nothing trimmed after it),
and answers 401 before routing. A read-only token may list and get; a write to the remotes or replications API
is refused with the authorizer's 401, `write:orgs/<orgID>/<resource>[/<id>] is unauthorized` (a point write
gets the write handler's own 403, see routes_write).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UNAUTHORIZED, ApiError

OPERATOR = "operator"
READ_ONLY = "read"

_SCHEMES = ("token ", "bearer ")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the token's kind and its user."""

    kind: str
    user_id: str

    @property
    def can_write(self) -> bool:
        return self.kind == OPERATOR


def token_from_header(value: str | None) -> str | None:
    """The token in an Authorization header value, or None when the header is missing or malformed."""
    if not value:
        return None
    for scheme in _SCHEMES:
        if len(value) > len(scheme) and value[: len(scheme)].lower() == scheme:
            return value[len(scheme) :]
    return None


def unauthorized_access() -> ApiError:
    """The authentication layer's 401 (compact JSON)."""
    return ApiError(UNAUTHORIZED, "unauthorized access", compact=True)


def require_write(principal: Principal, org_id: str, resource: str, resource_id: str | None = None) -> None:
    """Raise influxd's 401 when `principal` may not write `orgs/<org_id>/<resource>[/<id>]`."""
    if principal.can_write:
        return
    target = f"orgs/{org_id}/{resource}" + (f"/{resource_id}" if resource_id else "")
    raise ApiError(UNAUTHORIZED, f"write:{target} is unauthorized")
