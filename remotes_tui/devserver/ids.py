"""InfluxDB-style 64-bit IDs: 16 lower-case hex characters, never all zeros.

influxd accepts upper-case hex on input (it parses the number) and always answers in lower case, so every
parser here returns the canonical lower-case form.
"""

from __future__ import annotations

import random
import secrets
import threading

ID_LENGTH = 16
_HEX = frozenset("0123456789abcdefABCDEF")

# The messages of influxd's kit/platform/id.go errors.
MSG_BAD_LENGTH = "id must have a length of 16 bytes"
MSG_INVALID = "invalid ID"


class IDError(ValueError):
    """A string that is not a valid ID; the message is influxd's."""


def new_id() -> str:
    """A fresh random non-zero ID."""
    while True:
        value = secrets.randbits(64)
        if value:
            return f"{value:016x}"


class IdSource:
    """Where a server's new IDs come from: random, or a repeatable sequence from a seed (snapshot tests)."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = None if seed is None else random.Random(seed)
        self._lock = threading.Lock()

    def new(self) -> str:
        if self._random is None:
            return new_id()
        with self._lock:
            while True:
                value = self._random.getrandbits(64)
                if value:
                    return f"{value:016x}"


def decode_id(text: str) -> str:
    """The canonical form of `text`, or IDError with influxd's message (length first, then hex and zero)."""
    if len(text) != ID_LENGTH:
        raise IDError(MSG_BAD_LENGTH)
    if not _HEX.issuperset(text):
        raise IDError(MSG_INVALID)
    lowered = text.lower()
    if lowered == "0000000000000000":
        raise IDError(MSG_INVALID)
    return lowered


def parse_id(text: str) -> str | None:
    """The canonical form of `text`, or None when it is not a valid ID."""
    try:
        return decode_id(text)
    except IDError:
        return None
