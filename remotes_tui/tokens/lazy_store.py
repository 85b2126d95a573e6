"""`LazyTokenStore`: the OS keyring opened on first use, so that start-up and `--help` never wait for it.

Apart from `stores` (the protocol and the memory store, which the keyring store builds on) so that nothing
there depends on the keyring: this module alone reaches for `keyring_store`, and only when first used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from remotes_tui.tokens.stores import TokenStore


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
