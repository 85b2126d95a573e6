"""The hold fault: requests to chosen path prefixes wait until the test releases them.

A test that needs "the answer has not come yet" holds the path, makes the request, waits until the server has
it (`wait_held`), checks what it needs, then releases: no latency window to guess. Two ways to hold:

- in Python: `with server.hold("/api/v2/remotes") as held: ...; held.wait_held(); ...` (leaving the block, or
  `held.release()`, lets the held requests go on);
- over HTTP: `PUT /_devserver/faults {"hold": ["/api/v2/remotes"]}`, released by `{"hold": []}`;
  `GET /_devserver/held` says how many requests wait right now.

Every hold has a maximum (`max_hold`, at most MAX_HOLD seconds): a forgotten release delays a request, it never
hangs a test. Held requests also go on when the server stops. The control endpoint is never held.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

from .logsafe import escape

DEFAULT_MAX_HOLD = 30.0
MAX_HOLD = 300.0
MAX_HOLD_RULE = f"max_hold must be a number of seconds above 0 and at most {MAX_HOLD:g}"
_POLL = 0.05  # how often a request held through FaultConfig re-reads it (Python handles notify at once)


class Hold:
    """Requests whose path starts with one of `paths` wait until `release()` or `max_hold` seconds."""

    def __init__(self, gate: HoldGate, paths: tuple[str, ...], max_hold: float) -> None:
        self.paths = paths
        self.max_hold = max_hold
        self.held = 0  # waiting right now
        self.total = 0  # ever held
        self.released = False
        self._gate = gate

    def matches(self, path: str) -> bool:
        return not self.released and any(path.startswith(prefix) for prefix in self.paths)

    def release(self) -> None:
        """Let every held request go on, and hold no more. Safe to call twice."""
        self._gate.release(self)

    def wait_held(self, count: int = 1, timeout: float = 10.0) -> bool:
        """Block until at least `count` requests are held right now; False after `timeout` seconds."""
        return self._gate.wait_until(lambda: self.held >= count, timeout)

    async def wait_held_async(self, count: int = 1, limit: float = 10.0) -> bool:
        """`wait_held` for an asyncio test: polls without blocking the event loop; False after `limit` s."""
        deadline = time.monotonic() + limit
        while self.held < count:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    def __enter__(self) -> Hold:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


class HoldGate:
    """Every hold of one server; each request passes `wait` before anything else happens to it."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._holds: list[Hold] = []
        self.held = 0  # requests waiting right now, through any hold

    def add(self, paths: tuple[str, ...], max_hold: float = DEFAULT_MAX_HOLD) -> Hold:
        check_max_hold(max_hold)
        if not paths or not all(isinstance(p, str) and p for p in paths):
            raise ValueError("hold needs at least one path prefix, e.g. '/api/v2/remotes' ('/' holds all)")
        hold = Hold(self, tuple(paths), float(max_hold))
        with self._condition:
            self._holds.append(hold)
        return hold

    def release(self, hold: Hold) -> None:
        with self._condition:
            hold.released = True
            if hold in self._holds:
                self._holds.remove(hold)
            self._condition.notify_all()

    def changed(self) -> None:
        """Wake held requests to look again (the fault settings changed)."""
        with self._condition:
            self._condition.notify_all()

    def holds_path(self, path: str, fault_hold: tuple[str, ...]) -> bool:
        """Whether a request to `path` would be held now."""
        if _matches(path, fault_hold):
            return True
        with self._condition:
            return any(hold.matches(path) for hold in self._holds)

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        with self._condition:
            return self._condition.wait_for(predicate, timeout)

    def wait(
        self,
        path: str,
        fault_hold: Callable[[], tuple[str, ...]],
        fault_max_hold: float,
        stopping: threading.Event,
    ) -> None:
        """Return once no hold matches `path` (released, expired, or the server is stopping).

        `fault_hold` reads the live FaultConfig's `hold` prefixes (they may change while a request waits).
        """
        prefixes = fault_hold()
        if not self._holds and not prefixes:  # the common case: nothing held, no lock taken
            return
        with self._condition:
            holds = [hold for hold in self._holds if hold.matches(path)]
        by_fault = _matches(path, prefixes)
        if not holds and not by_fault:
            return
        limit = min([hold.max_hold for hold in holds] + ([fault_max_hold] if by_fault else []))
        deadline = time.monotonic() + limit
        with self._condition:
            for hold in holds:
                hold.held += 1
                hold.total += 1
            self.held += 1
            self._condition.notify_all()
            try:
                while not stopping.is_set():
                    by_fault = by_fault and _matches(path, fault_hold())
                    if not by_fault and not any(hold.matches(path) for hold in holds):
                        return
                    left = deadline - time.monotonic()
                    if left <= 0:
                        sys.stderr.write(
                            f"devserver: a request to {escape(path)} was held {limit:g} s (max_hold) and goes on\n"
                        )
                        return
                    self._condition.wait(min(left, _POLL) if by_fault else left)
            finally:
                for hold in holds:
                    hold.held -= 1
                self.held -= 1
                self._condition.notify_all()


def _matches(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path.startswith(prefix) for prefix in prefixes)


def check_max_hold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_HOLD:
        raise ValueError(MAX_HOLD_RULE)
    return float(value)
