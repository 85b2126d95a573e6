"""The OS keyring as a token store (service `remotes-tui`). No Textual here.

`keyring` itself is imported only when a token is first needed, because importing it and choosing a backend
costs ~0.1 s of start-up.

A keyring that is not a real secret store is refused, never used silently: the `fail` and `null` backends,
and the file backends of `keyrings.alt` / `keyrings.cryptfile` (plain text, or a password prompt that would
corrupt the TUI). Every such case raises `KeyringUnavailableError`, whose message is one sentence with the
ways out.

Every keyring call has a time limit (`REMOTES_TUI_KEYRING_TIMEOUT` seconds, default 5): a keyring that does not
answer (a locked collection waiting for a prompt, a hung D-Bus service) gives "The keyring is not answering"
instead of blocking forever. The call runs in a daemon thread; while it is still stuck, later calls fail at once.

Keyring calls run one at a time in this process, whatever the number of threads asking. gnome-keyring answers
concurrent calls from one client with spurious errors ("Item does not exist", "Prompt dismissed" while it
re-creates its default collection), and once left the bus under them ("disconnected without replying"); a
fleet-wide token rotation makes such calls.
The wait for our turn counts within the time limit.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from remotes_tui.tokens.stores import SERVICE, KeyringUnavailableError, MemoryTokenStore, TokenStore

# Backend modules that keep "secrets" in a file (plain text, or encrypted behind a getpass prompt).
_FILE_BACKEND_MODULES = ("keyrings.alt", "keyrings.cryptfile")
# Backends that only pretend: `fail` raises on every call, `null` forgets every token.
_NON_STORING_BACKENDS = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")
_PROBE_KEY = "probe:remotes-tui"

TIME_LIMIT_ENV = "REMOTES_TUI_KEYRING_TIMEOUT"
DEFAULT_TIME_LIMIT = 5.0
WAIT_NOTICE_AFTER = 0.5
"""Seconds a keyring call may take before `on_wait` tells the user that we are waiting for it."""

STUCK_GRACE = 0.2
"""How long a call waits for an earlier call that did not answer in time before it fails at once too."""

WaitNotice = Callable[[float], None]
"""Called once per slow keyring call with the time limit, e.g. to print "waiting for the OS keyring"."""

_stuck_lock = threading.Lock()
_stuck_call: threading.Thread | None = None
_one_call_at_a_time = threading.Lock()


class KeyringTokenStore:
    """Tokens in the OS keyring under service `remotes-tui`. Every method blocks: call it off the UI loop.

    Every failure of the keyring itself is raised as `KeyringUnavailableError`; deleting a missing key is
    not an error.
    """

    persistent = True
    warning: str | None = None

    def __init__(self, *, time_limit: float | None = None, on_wait: WaitNotice | None = None) -> None:
        """`time_limit` in seconds (default: `REMOTES_TUI_KEYRING_TIMEOUT`, else 5); `on_wait` is told when a
        call takes longer than half a second."""
        self.time_limit = time_limit if time_limit is not None else configured_time_limit()
        self.on_wait = on_wait

    def get(self, key: str) -> str | None:
        token = self._limited(lambda: _guarded(lambda: _usable_backend().get_password(SERVICE, key)))
        return token if isinstance(token, str) else None

    def set(self, key: str, token: str) -> None:
        if not token:
            raise ValueError("An empty token cannot be saved.")
        self._limited(lambda: _guarded(lambda: _usable_backend().set_password(SERVICE, key, token)))

    def delete(self, key: str) -> None:
        from keyring.errors import PasswordDeleteError

        def delete() -> object:
            backend = _usable_backend()
            return _guarded(lambda: backend.delete_password(SERVICE, key), passthrough=(PasswordDeleteError,))

        try:
            self._limited(delete)
        except PasswordDeleteError:
            # The backends say "not found" this way; anything else that failed would still be readable.
            if self.get(key) is not None:
                raise KeyringUnavailableError("The OS keyring refused to delete a token") from None

    def backend_name(self) -> str:
        """The class of the keyring backend in use, e.g. `keyring.backends.SecretService.Keyring`."""
        return str(self._limited(lambda: _qualified_name(_usable_backend())))

    def _limited(self, call: Callable[[], object]) -> object:
        """Run one keyring call within the time limit, in a daemon thread; its outcome, or "not answering"."""
        global _stuck_call
        with _stuck_lock:
            stuck = _stuck_call
        if stuck is not None:
            stuck.join(timeout=min(STUCK_GRACE, self.time_limit))
            if stuck.is_alive():
                raise _not_answering(self.time_limit)
            with _stuck_lock:
                _stuck_call = None
        outcome: dict[str, object] = {}
        done = threading.Event()

        def run() -> None:
            try:
                with _one_call_at_a_time:
                    outcome["value"] = call()
            except BaseException as error:  # handed to the caller's thread below
                outcome["error"] = error
            finally:
                done.set()

        worker = threading.Thread(target=run, name="keyring-call", daemon=True)
        worker.start()
        notice_after = min(WAIT_NOTICE_AFTER, self.time_limit)
        if not done.wait(notice_after) and self.on_wait is not None:
            self.on_wait(self.time_limit)
        if not done.wait(max(self.time_limit - notice_after, 0.0)):
            with _stuck_lock:
                _stuck_call = worker
            raise _not_answering(self.time_limit)
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome.get("value")

    def __repr__(self) -> str:
        return "KeyringTokenStore()"


def open_token_store(
    *, time_limit: float | None = None, on_wait: WaitNotice | None = None
) -> tuple[TokenStore, str | None]:
    """The OS keyring store if it works (probed once with a harmless read), else memory and why, in a sentence.

    Blocking (imports keyring and talks to D-Bus, within the time limit): the UI calls it from a thread worker.
    """
    try:
        return open_keyring_store(time_limit=time_limit, on_wait=on_wait), None
    except KeyringUnavailableError as error:
        return MemoryTokenStore(), str(error)


def open_keyring_store(
    *, time_limit: float | None = None, on_wait: WaitNotice | None = None
) -> KeyringTokenStore:
    """The OS keyring store, probed once with a harmless read; KeyringUnavailableError says why not."""
    store = KeyringTokenStore(time_limit=time_limit, on_wait=on_wait)
    store.get(_PROBE_KEY)
    return store


def configured_time_limit() -> float:
    """`REMOTES_TUI_KEYRING_TIMEOUT` in seconds when it is a positive number, else the default (5 s)."""
    try:
        value = float(os.environ.get(TIME_LIMIT_ENV, ""))
    except ValueError:
        return DEFAULT_TIME_LIMIT
    return value if 0 < value < 3600 else DEFAULT_TIME_LIMIT


def _not_answering(limit: float) -> KeyringUnavailableError:
    return KeyringUnavailableError(
        f"The keyring is not answering (no reply within {limit:g} s; it may be waiting for an unlock prompt)"
    )


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
