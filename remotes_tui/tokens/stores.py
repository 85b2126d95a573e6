"""Token stores: the protocol every store follows, and memory for one session (`lazy_store` opens the keyring).

Keys: `profile:<name>` for a profile's InfluxDB token, `remote:<server URL>:<remote ID>` for the API token a
user typed for a remote connection (the server never returns it). Every store method may block (the OS
keyring talks D-Bus): callers in the UI run them in a thread worker.
"""

from __future__ import annotations

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
