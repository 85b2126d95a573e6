"""Fleet errors: `str(error)` is one sentence that says what is wrong and what to do."""

from __future__ import annotations


class FleetError(Exception):
    """A fleet or a fleet group cannot be used as asked (an unknown name, an empty fleet, a bad group)."""
