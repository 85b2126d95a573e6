"""InfluxDB resource IDs: 16 hexadecimal characters, never all zeros (as `kit/platform/id.go` parses them)."""

from __future__ import annotations

import re

from remotes_tui.api.text import quoted
from remotes_tui.api.validation import InvalidInputError

_ID_RE = re.compile(r"[0-9a-fA-F]{16}")

ID_HINT = "IDs are 16 hexadecimal characters (0-9, a-f), for example 0a1b2c3d4e5f6789."


def is_valid_id(value: str) -> bool:
    """True when the server would accept `value` as an ID."""
    return bool(_ID_RE.fullmatch(value)) and int(value, 16) != 0


def check_id(value: str, what: str = "ID") -> str:
    """Return `value` normalised to lower case, or raise ValueError with a sentence a user can act on."""
    value = value.strip()
    if not is_valid_id(value):
        if _ID_RE.fullmatch(value):
            raise ValueError(f"{what} cannot be all zeros. {ID_HINT}")
        raise ValueError(f"{what} {quoted(value)} is not valid. {ID_HINT}")
    return value.lower()


def require_id(value: str, what: str, field: str) -> str:
    """`check_id` for service calls: the failure is an InvalidInputError on `field`, before any request."""
    try:
        return check_id(value, what)
    except ValueError as exc:
        raise InvalidInputError({field: str(exc)}) from None
