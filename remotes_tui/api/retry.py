"""When a failed request is tried again, and how long to wait first.

Only idempotent requests are retried (GET and HEAD; a DELETE is retried after a GET shows it did not happen),
and only on failures that say "try again": a dropped connection, 502/503/504, and 429. Waits grow
exponentially from the settings' `backoff`, capped, with jitter so many clients do not retry in step; a
`Retry-After` the server sends is honoured when it fits in the call's deadline.
"""

from __future__ import annotations

import random

from remotes_tui.api.errors import (
    ApiError,
    ConnectionDroppedError,
    StatusError,
    TooManyRequestsError,
    UnavailableError,
)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})
MAX_BACKOFF = 2.0
"""The longest wait between two tries that the client chooses itself (seconds)."""
MAX_RETRY_AFTER = 10.0
"""The longest `Retry-After` honoured within one call; a longer one ends the call with the server's advice."""

_jitter = random.Random()


def is_transient(error: ApiError) -> bool:
    """True for failures that a later try may not have: a dropped connection, 502/503/504, 429."""
    return isinstance(error, ConnectionDroppedError | UnavailableError | TooManyRequestsError)


def wait_before_retry(error: ApiError, failed_tries: int, backoff: float) -> float:
    """Seconds to wait before the next try: the server's Retry-After, else capped exponential with jitter."""
    wait: float = min(MAX_BACKOFF, backoff * 2 ** (failed_tries - 1)) * _jitter.uniform(0.5, 1.0)
    asked = error.retry_after if isinstance(error, StatusError) else None
    return wait if asked is None else max(wait, asked)
