"""Where tokens live: the OS keyring (service `remotes-tui`), or memory for one session. No Textual here.

Keys: `profile:<name>` for a profile's InfluxDB token, `remote:<server URL>:<remote ID>` for the API token a
user typed for a remote connection (the server never returns it). Keyring calls block on D-Bus: callers in
the UI run them in a thread worker. `keyring` itself is imported only when a token is first needed, because
importing it and choosing a backend costs ~0.1 s of start-up.

A keyring that is not a real secret store is refused, never used silently: the `fail` and `null` backends,
and the file backends of `keyrings.alt` / `keyrings.cryptfile` (plain text, or a password prompt that would
corrupt the TUI). Every such case raises `KeyringUnavailableError`, whose message is one sentence with the
ways out.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

SERVICE = "remotes-tui"

_WAYS_OUT = (
    "install and unlock a Secret Service such as gnome-keyring, or set INFLUX_TOKEN, "
    "or enter a token for this session only (kept in memory)"
)
# Backend modules that keep "secrets" in a file (plain text, or encrypted behind a getpass prompt).
_FILE_BACKEND_MODULES = ("keyrings.alt", "keyrings.cryptfile")
# Backends that only pretend: `fail` raises on every call, `null` forgets every token.
_NON_STORING_BACKENDS = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")
_PROBE_KEY = "probe:remotes-tui"


def profile_key(name: str) -> str:
    """The keyring user name of a profile's token."""
    return f"profile:{name}"


def remote_key(server_url: str, remote_id: str) -> str:
    """The keyring user name of a remote connection's API token on one server."""
    return f"remote:{server_url.rstrip('/')}:{remote_id}"


class TokenStore(Protocol):
    """What the app needs from a token store; `KeyringTokenStore` and `MemoryTokenStore` implement it."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, token: str) -> None: ...

    def delete(self, key: str) -> None: ...


class KeyringUnavailableError(Exception):
    """No usable OS keyring: `str(error)` is one sentence saying why, and the ways out."""

    def __init__(self, reason: str = "No usable OS keyring (Secret Service) was found") -> None:
        self.reason = reason
        super().__init__(f"{reason}, so tokens cannot be saved: {_WAYS_OUT}.")


class MemoryTokenStore:
    """Tokens kept in this process only: the demo, tests, and the no-keyring fallback for one session."""

    persistent = False

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


class KeyringTokenStore:
    """Tokens in the OS keyring under service `remotes-tui`. Every method blocks: call it off the UI loop.

    Every failure of the keyring itself is raised as `KeyringUnavailableError`; deleting a missing key is
    not an error.
    """

    persistent = True

    def get(self, key: str) -> str | None:
        backend = _usable_backend()
        token = _guarded(lambda: backend.get_password(SERVICE, key))
        return token if isinstance(token, str) else None

    def set(self, key: str, token: str) -> None:
        if not token:
            raise ValueError("An empty token cannot be saved.")
        backend = _usable_backend()
        _guarded(lambda: backend.set_password(SERVICE, key, token))

    def delete(self, key: str) -> None:
        from keyring.errors import PasswordDeleteError

        backend = _usable_backend()
        try:
            _guarded(lambda: backend.delete_password(SERVICE, key), passthrough=(PasswordDeleteError,))
        except PasswordDeleteError:
            # The backends say "not found" this way; anything else that failed would still be readable.
            if self.get(key) is not None:
                raise KeyringUnavailableError("The OS keyring refused to delete a token") from None

    def backend_name(self) -> str:
        """The class of the keyring backend in use, e.g. `keyring.backends.SecretService.Keyring`."""
        return _qualified_name(_usable_backend())

    def __repr__(self) -> str:
        return "KeyringTokenStore()"


class LazyTokenStore:
    """The OS keyring, opened (and `keyring` imported) on first use; memory for this session if unusable.

    `warning` is then the one-sentence reason, and `persistent` is False. Safe to share between threads.
    """

    def __init__(self, opener: Callable[[], tuple[TokenStore, str | None]] | None = None) -> None:
        self._opener = opener or open_token_store
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
        return is_persistent(self._opened())

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


def open_token_store() -> tuple[TokenStore, str | None]:
    """The OS keyring store if it works (probed once with a harmless read), else memory and why, in a sentence.

    Blocking (imports keyring and talks to D-Bus): the UI calls it from a thread worker.
    """
    store = KeyringTokenStore()
    try:
        store.get(_PROBE_KEY)
    except KeyringUnavailableError as error:
        return MemoryTokenStore(), str(error)
    return store, None


def is_persistent(store: TokenStore) -> bool:
    """True when tokens put in `store` outlive this process (the OS keyring)."""
    return bool(getattr(store, "persistent", False))


def _usable_backend() -> Any:
    """The keyring backend to use, or KeyringUnavailableError; never a file or do-nothing backend."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend

        backend = keyring.get_keyring()
        if isinstance(backend, ChainerBackend):
            # A chain would fall through to the next backend on failure; use only the real secret stores.
            candidates = [item for item in backend.backends if _refusal(item) is None]
            if not candidates:
                refusals = [_refusal(item) for item in backend.backends]
                raise KeyringUnavailableError(next((r for r in refusals if r), _default_reason()))
            backend = candidates[0]
    except KeyringUnavailableError:
        raise
    except ImportError:
        raise KeyringUnavailableError(
            "The keyring backend named in PYTHON_KEYRING_BACKEND or keyringrc.cfg cannot be loaded"
        ) from None
    except Exception as error:
        raise _translate(error) from None
    refusal = _refusal(backend)
    if refusal is not None:
        raise KeyringUnavailableError(refusal)
    return backend


def _refusal(backend: Any) -> str | None:
    """Why `backend` must not hold tokens, or None when it is a real secret store."""
    name = _qualified_name(backend)
    if name in _NON_STORING_BACKENDS:
        return _default_reason()
    module = type(backend).__module__
    if module.startswith(_FILE_BACKEND_MODULES) or hasattr(backend, "file_path"):
        return (
            f"The only keyring available ({type(backend).__name__}) keeps tokens in a file, which is not a "
            "secret store"
        )
    return None


def _guarded(call: Callable[[], object], passthrough: tuple[type[BaseException], ...] = ()) -> object:
    """Run one keyring call, turning every failure of the keyring into KeyringUnavailableError."""
    try:
        return call()
    except passthrough:
        raise
    except KeyringUnavailableError:
        raise
    except Exception as error:
        raise _translate(error) from None


def _translate(error: Exception) -> KeyringUnavailableError:
    """One sentence for a keyring failure. Never includes a token: backends do not echo the secret."""
    from keyring.errors import InitError, KeyringLocked, NoKeyringError

    if isinstance(error, NoKeyringError):
        return KeyringUnavailableError(_default_reason())
    if isinstance(error, KeyringLocked):
        return KeyringUnavailableError("The OS keyring is locked and could not be unlocked without a prompt")
    if isinstance(error, InitError):
        return KeyringUnavailableError("The OS keyring (Secret Service) could not be opened")
    if isinstance(error, EOFError):
        return KeyringUnavailableError("The keyring asked for a password, which remotes-tui never answers")
    if isinstance(error, RuntimeError):
        return KeyringUnavailableError(
            "The configured keyring could not reach its service (no D-Bus session?)"
        )
    return KeyringUnavailableError(f"The OS keyring failed ({type(error).__name__})")


def _default_reason() -> str:
    return "No usable OS keyring (Secret Service) was found"


def _qualified_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"
