"""Replication validation: the no-op write influxd sends to a remote, and the cause text when it fails.

The write itself (URL handling, headers, Go's error texts, the token kept out of every message) is
`remote_write.post_write`, shared with the replication engine; validation sends an empty body and passes only
on a 204.
"""

from __future__ import annotations

from .remote_write import INVALID_AUTHORIZATION, post_write, valid_header_value

__all__ = ["INVALID_AUTHORIZATION", "TIMEOUT_SECONDS", "check_remote", "valid_header_value"]

TIMEOUT_SECONDS = 10.0


def check_remote(
    remote_url: str,
    token: str,
    remote_org_id: str | None,
    bucket: str,
    *,
    insecure: bool,
    version: str,
    timeout: float = TIMEOUT_SECONDS,
) -> str | None:
    """None when the remote accepted the no-op write (204), else the failure cause."""
    result = post_write(
        remote_url, token, remote_org_id, bucket, b"", insecure=insecure, version=version, timeout=timeout
    )
    return None if result.ok else result.message
