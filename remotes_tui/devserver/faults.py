"""Injected faults: latency, error statuses, dropped connections, malformed bodies, and held requests.

A `FaultConfig` is read afresh on every request, so changing its fields (in Python or over
`PUT /_devserver/faults`) takes effect on the next request. Rates of 1.0 always fire and 0.0 never do; anything
between draws from a seeded random generator, so a run is repeatable. Every value is checked and bounded, on
construction and on every assignment (ValueError with the reason): a latency beyond MAX_LATENCY would only hang
clients, and Python's sleep overflows on huge ones.
"""

from __future__ import annotations

import json
import math
import random
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

from .hold import DEFAULT_MAX_HOLD, check_max_hold

DROP = "drop"
ERROR = "error"
MALFORMED = "malformed"

CONTROL_PREFIX = "/_devserver/"

# An injected error must be an error: a 1xx/2xx/3xx status would be a malformed or misleading answer.
MIN_ERROR, MAX_ERROR = 400, 599
ERROR_STATUS_RULE = f"error_status must be an HTTP error status ({MIN_ERROR}-{MAX_ERROR}) or null"
MAX_LATENCY = 60.0
LATENCY_RULE = f"latency must be a number of seconds from 0 to {MAX_LATENCY:g}"
MAX_PATHS = 64
MAX_PATH_LENGTH = 1024
PATHS_RULE = (
    f"paths must be a list of at most {MAX_PATHS} path prefixes of at most {MAX_PATH_LENGTH} characters"
)
HOLD_RULE = (
    f"hold must be a list of at most {MAX_PATHS} path prefixes of 1 to {MAX_PATH_LENGTH} characters"
    " ([] releases every held request)"
)


@dataclass
class FaultConfig:
    """What goes wrong, how often, and on which path prefixes (empty = every path but the control endpoint)."""

    latency: float = 0.0
    error_status: int | None = None
    error_rate: float = 0.0
    drop_rate: float = 0.0
    malformed_rate: float = 0.0
    paths: tuple[str, ...] = ()
    hold: tuple[str, ...] = ()  # hold requests to these prefixes until set to () again (see hold.py)
    max_hold: float = DEFAULT_MAX_HOLD

    def __setattr__(self, name: str, value: Any) -> None:
        """Every assignment (the constructor's too) is checked: ValueError says what is wrong."""
        super().__setattr__(name, _check(name, value))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["paths"] = list(self.paths)
        data["hold"] = list(self.hold)
        return data

    def update_from_json(self, data: Any) -> None:
        """Set the fields present in a JSON object; ValueError (and nothing changed) when one is invalid."""
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object of FaultConfig fields")
        known = {f.name for f in fields(self)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(unknown)}")
        checked = {name: _check(name, value) for name, value in data.items()}
        for name, value in checked.items():
            setattr(self, name, value)


def _check(name: str, value: Any) -> Any:
    if name == "max_hold":
        return check_max_hold(value)
    if name == "hold":
        if (
            not isinstance(value, list | tuple)
            or len(value) > MAX_PATHS
            or not all(isinstance(p, str) and 0 < len(p) <= MAX_PATH_LENGTH for p in value)
        ):
            raise ValueError(HOLD_RULE)
        return tuple(value)
    if name == "paths":
        if (
            not isinstance(value, list | tuple)
            or len(value) > MAX_PATHS
            or not all(isinstance(p, str) and len(p) <= MAX_PATH_LENGTH for p in value)
        ):
            raise ValueError(PATHS_RULE)
        return tuple(value)
    if name == "error_status":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_ERROR <= value <= MAX_ERROR:
            raise ValueError(ERROR_STATUS_RULE)
        return value
    if name == "latency":
        if not _number(value) or not 0 <= value <= MAX_LATENCY:
            raise ValueError(LATENCY_RULE)
        return float(value)
    if not _number(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number between 0 and 1")
    return float(value)


def _number(value: Any) -> bool:
    """A finite int or float (not a bool); an int too large for a float is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def parse_json(body: bytes) -> Any:
    """A fault setting body as JSON; ValueError with a reason a person can act on."""
    try:
        return json.loads(body or b"null", parse_int=_parse_int)
    except RecursionError:
        raise ValueError("the body is not JSON a fault setting can be: it nests too deeply") from None
    except ValueError as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None


def _parse_int(text: str) -> int | float:
    """An integer literal; one too long for Python's int parser becomes infinity (and fails the bounds)."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return math.inf if not text.startswith("-") else -math.inf
    return int(text)


MAX_INT_DIGITS = 4300  # sys.get_int_max_str_digits() by default


class FaultPicker:
    """Decides, per request, which fault (if any) fires; thread-safe and seeded."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def _fires(self, rate: float) -> bool:
        if rate <= 0.0:
            return False
        if rate >= 1.0:
            return True
        with self._lock:
            return self._random.random() < rate

    def pick(self, config: FaultConfig) -> str | None:
        """DROP, ERROR, MALFORMED or None for one request (latency is handled separately)."""
        if self._fires(config.drop_rate):
            return DROP
        if self._fires(config.error_rate):
            return ERROR
        if self._fires(config.malformed_rate):
            return MALFORMED
        return None


def applies(config: FaultConfig, path: str) -> bool:
    """Whether faults apply to `path`: never the control endpoint; else every path or the listed prefixes."""
    if path.startswith(CONTROL_PREFIX):
        return False
    prefixes = config.paths
    return not prefixes or any(path.startswith(prefix) for prefix in prefixes)


def is_active(config: FaultConfig) -> bool:
    """A quick check so a server without faults pays almost nothing per request."""
    return bool(config.latency or config.error_rate or config.drop_rate or config.malformed_rate)


def malformed_body(path: str) -> bytes:
    """A body that starts like the real one and then stops: not valid JSON."""
    if path.startswith("/api/v2/remotes"):
        return b'{\n\t"remotes": [\n\t\t{\n\t\t\t"id": "'
    if path.startswith("/api/v2/replications"):
        return b'{\n\t"replications": [\n\t\t{\n\t\t\t"id": "'
    return b'{\n\t"code": '
