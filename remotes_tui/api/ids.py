"""InfluxDB resource IDs: 16 hexadecimal characters, never all zeros (as `kit/platform/id.go` parses them)."""

from __future__ import annotations

import re

_ID_RE = re.compile(r"^[0-9a-fA-F]{16}$")

ID_HINT = "IDs are 16 hexadecimal characters (0-9, a-f), for example 0a1b2c3d4e5f6789."


def is_valid_id(value: str) -> bool:
    """True when the server would accept `value` as an ID."""
    return bool(_ID_RE.match(value)) and int(value, 16) != 0


def check_id(value: str, what: str = "ID") -> str:
    """Return `value` normalised to lower case, or raise ValueError with a sentence a user can act on."""
    value = value.strip()
    if not is_valid_id(value):
        if _ID_RE.match(value):
            raise ValueError(f"{what} cannot be all zeros. {ID_HINT}")
        raise ValueError(f"{what} {value!r} is not valid. {ID_HINT}")
    return value.lower()
