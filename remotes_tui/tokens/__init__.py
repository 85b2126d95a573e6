"""Where tokens live: the OS keyring (service `remotes-tui`), or memory for one session. No Textual here."""

from remotes_tui.tokens.lazy_store import LazyTokenStore
from remotes_tui.tokens.stores import (
    COMMAND_LINE_WAYS_OUT,
    SERVICE,
    KeyringUnavailableError,
    MemoryTokenStore,
    TokenStore,
    profile_key,
    remote_key,
)

__all__ = [
    "COMMAND_LINE_WAYS_OUT",
    "SERVICE",
    "KeyringUnavailableError",
    "LazyTokenStore",
    "MemoryTokenStore",
    "TokenStore",
    "profile_key",
    "remote_key",
]
