"""Token stores: the protocol every store follows, memory for one session, and the lazily opened keyring.

Keys: `profile:<name>` for a profile's InfluxDB token, `remote:<server URL>:<remote ID>` for the API token a
user typed for a remote connection (the server never returns it). Every store method may block (the OS
keyring talks D-Bus): callers in the UI run them in a thread worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

SERVICE = "remotes-tui"
"""The keyring service name every token is stored under."""

WAYS_OUT = (
    "install and unlock a Secret Service such as gnome-keyring, or set INFLUX_TOKEN, "
    "or enter a token for this session only (kept in memory)"
)
"""What the app can do without a keyring (it can keep a token in memory for one session)."""

COMMAND_LINE_WAYS_OUT = (
    "install and unlock a Secret Service such as gnome-keyring and run this command again, or skip the "
    "profile: set INFLUX_TOKEN and run `remotes-tui --host URL --org ORG`"
)
"""What a user of `remotes-tui profile ...` can do without a keyring (the command cannot keep a token)."""


def profile_key(name: str) -> str:
    """The keyring user name of a profile's token."""
    return f"profile:{name}"


def remote_key(server_url: str, remote_id: str) -> str:
    """The keyring user name of a remote connection's API token on one server."""
    return f"remote:{server_url.rstrip('/')}:{remote_id}"


class TokenStore(Protocol):
    """What the app needs from a token store.

    `persistent` is True when tokens outlive this process (the OS keyring); `warning` is the one-sentence
    reason when a store that should have been the keyring keeps tokens in memory only, else None.
    """

    @property
    def persistent(self) -> bool: ...

    @property
    def warning(self) -> str | None: ...

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, token: str) -> None: ...

    def delete(self, key: str) -> None: ...


class KeyringUnavailableError(Exception):
    """No usable OS keyring: `str(error)` is one sentence saying why, and the app's ways out.

    `sentence(COMMAND_LINE_WAYS_OUT)` is the same reason with what the command line can do instead.
    """

    def __init__(self, reason: str = "No usable OS keyring (Secret Service) was found") -> None:
        self.reason = reason
        super().__init__(self.sentence())

    def sentence(self, ways_out: str = WAYS_OUT) -> str:
        return f"{self.reason}, so tokens cannot be saved: {ways_out}."


class MemoryTokenStore:
    """Tokens kept in this process only: the demo, tests, and the no-keyring fallback for one session."""

    persistent = False
    warning: str | None = None

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._tokens.get(key)

    def set(self, key: str, token: str) -> None:
        self._tokens[key] = token

    def delete(self, key: str) -> None:
        self._tokens.pop(key, None)

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._tokens)} tokens)"


def _open_default() -> tuple[TokenStore, str | None]:
    from remotes_tui.tokens.keyring_store import open_token_store

    return open_token_store()


class LazyTokenStore:
    """The OS keyring, opened (and `keyring` imported) on first use; memory for this session if unusable.

    `warning` is then the one-sentence reason, and `persistent` is False. Safe to share between threads.
    """

    def __init__(self, opener: Callable[[], tuple[TokenStore, str | None]] | None = None) -> None:
        self._opener = opener or _open_default
        self._store: TokenStore | None = None
        self._warning: str | None = None
        self._lock = threading.Lock()

    def _opened(self) -> TokenStore:
        with self._lock:
            if self._store is None:
                self._store, self._warning = self._opener()
            return self._store

    @property
    def persistent(self) -> bool:
        return self._opened().persistent

    @property
    def warning(self) -> str | None:
        """Why tokens are kept in memory only, or None when the keyring works. Opens the store."""
        self._opened()
        return self._warning

    @property
    def is_open(self) -> bool:
        """True once the store was opened (so tests can check that the keyring was not touched)."""
        return self._store is not None

    def get(self, key: str) -> str | None:
        return self._opened().get(key)

    def set(self, key: str, token: str) -> None:
        self._opened().set(key, token)

    def delete(self, key: str) -> None:
        self._opened().delete(key)

    def __repr__(self) -> str:
        return f"LazyTokenStore({self._store!r})"
