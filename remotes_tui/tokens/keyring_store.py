"""The OS keyring as a token store (service `remotes-tui`). No Textual here.

`keyring` itself is imported only when a token is first needed, because importing it and choosing a backend
costs ~0.1 s of start-up.

A keyring that is not a real secret store is refused, never used silently: the `fail` and `null` backends,
and the file backends of `keyrings.alt` / `keyrings.cryptfile` (plain text, or a password prompt that would
corrupt the TUI). Every such case raises `KeyringUnavailableError`, whose message is one sentence with the
ways out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from remotes_tui.tokens.stores import SERVICE, KeyringUnavailableError, MemoryTokenStore, TokenStore

# Backend modules that keep "secrets" in a file (plain text, or encrypted behind a getpass prompt).
_FILE_BACKEND_MODULES = ("keyrings.alt", "keyrings.cryptfile")
# Backends that only pretend: `fail` raises on every call, `null` forgets every token.
_NON_STORING_BACKENDS = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")
_PROBE_KEY = "probe:remotes-tui"


class KeyringTokenStore:
    """Tokens in the OS keyring under service `remotes-tui`. Every method blocks: call it off the UI loop.

    Every failure of the keyring itself is raised as `KeyringUnavailableError`; deleting a missing key is
    not an error.
    """

    persistent = True
    warning: str | None = None

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
