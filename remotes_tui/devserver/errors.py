"""influx error codes and the exception route handlers raise to answer with an influx error body."""

from __future__ import annotations

from .responses import Response, error_response

INTERNAL = "internal error"
NOT_IMPLEMENTED = "not implemented"
INVALID = "invalid"
UNPROCESSABLE = "unprocessable entity"
CONFLICT = "conflict"
NOT_FOUND = "not found"
UNAVAILABLE = "unavailable"
FORBIDDEN = "forbidden"
TOO_MANY_REQUESTS = "too many requests"
UNAUTHORIZED = "unauthorized"
METHOD_NOT_ALLOWED = "method not allowed"
TOO_LARGE = "request too large"

# kit/transport/http/error_handler.go: note that "conflict" is 422, not 409.
STATUS_OF_CODE = {
    INTERNAL: 500,
    NOT_IMPLEMENTED: 501,
    INVALID: 400,
    UNPROCESSABLE: 422,
    "empty value": 400,
    CONFLICT: 422,
    NOT_FOUND: 404,
    UNAVAILABLE: 503,
    FORBIDDEN: 403,
    TOO_MANY_REQUESTS: 429,
    UNAUTHORIZED: 401,
    METHOD_NOT_ALLOWED: 405,
    TOO_LARGE: 413,
}
CODE_OF_STATUS = {
    500: INTERNAL,
    501: NOT_IMPLEMENTED,
    400: INVALID,
    422: UNPROCESSABLE,
    404: NOT_FOUND,
    503: UNAVAILABLE,
    403: FORBIDDEN,
    429: TOO_MANY_REQUESTS,
    401: UNAUTHORIZED,
    405: METHOD_NOT_ALLOWED,
    413: TOO_LARGE,
}


class ApiError(Exception):
    """An influx error: raise it from a route; `compact` picks the auth/write layers' compact JSON."""

    def __init__(self, code: str, message: str, *, compact: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.compact = compact

    @property
    def status(self) -> int:
        return STATUS_OF_CODE.get(self.code, 500)

    def response(self) -> Response:
        return error_response(self.status, self.code, self.message, compact=self.compact)


def invalid(message: str) -> ApiError:
    return ApiError(INVALID, message)


def not_found(message: str) -> ApiError:
    return ApiError(NOT_FOUND, message)


def internal(message: str) -> ApiError:
    return ApiError(INTERNAL, message)


def unauthorized(message: str) -> ApiError:
    return ApiError(UNAUTHORIZED, message)
