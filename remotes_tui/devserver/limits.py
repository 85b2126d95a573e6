"""How much a client may send and how long it may take: every limit of the dev server in one place.

A request body is read only after the headers have authenticated the caller (see `router.preflight`), and then
only up to what its endpoint can need: a remote, a replication or a fault setting is a small JSON object, a
write is a batch of line protocol (influxd reads bodies through size limits too). A bigger announced body is
refused with influxd's 413 error shape before a byte of it is read.
"""

from __future__ import annotations

import resource

from .errors import TOO_LARGE
from .responses import Response, error_response

MAX_REQUEST_LINE = 65536  # longer -> 414
MAX_HEADER_BYTES = 65536  # all header lines together; more -> 431
MAX_HEADERS = 100

JSON_BODY_LIMIT = 1024 * 1024  # remotes, replications, faults: a few hundred bytes in practice
WRITE_BODY_LIMIT = 16 * 1024 * 1024  # one line-protocol batch, also after gzip decompression
OTHER_BODY_LIMIT = 64 * 1024  # paths that take no body at all
KEEP_ALIVE_DISCARD = 64 * 1024  # an unread body up to this size is skipped so the connection stays usable

REQUEST_TIMEOUT = 30.0  # headers and body of one request, from its first byte
IDLE_TIMEOUT = 180.0  # between keep-alive requests (influxd's http-idle-timeout is 3 min)
TLS_HANDSHAKE_TIMEOUT = 10.0

MAX_CONNECTIONS = 512
RESERVED_DESCRIPTORS = 64  # for the database, the listener, the replication engine and the handlers' files

WRITE_PATH = "/api/v2/write"
MSG_WRITE_TOO_LARGE = "unable to read data: points batch is too large"


def body_limit(path: str) -> int:
    """The largest body the endpoint at `path` accepts."""
    if path == WRITE_PATH:
        return WRITE_BODY_LIMIT
    if path == "/api/v2" or path.startswith(("/api/v2/", "/_devserver/")):
        return JSON_BODY_LIMIT
    return OTHER_BODY_LIMIT


def too_large(path: str, limit: int) -> Response:
    """influxd's 413: the write handler's compact error, or an API error naming the limit."""
    if path == WRITE_PATH:
        return error_response(413, TOO_LARGE, MSG_WRITE_TOO_LARGE, compact=True)
    return error_response(413, TOO_LARGE, f"request body too large: {path} accepts at most {limit} bytes")


def default_max_connections() -> int:
    """MAX_CONNECTIONS, or fewer when the process may open fewer files (each connection holds one)."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(8, min(MAX_CONNECTIONS, soft - RESERVED_DESCRIPTORS))
