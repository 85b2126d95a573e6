"""From the command line's flags to a connection, resolved by the app in a thread after its first frame.

The app paints before anything here runs: resolving imports the profiles and the service layer (httpx,
pydantic), reads the profiles file, and may read a token from the OS keyring, which can be slow or hang.
A keyring read that does not answer within `KEYRING_PATIENCE` seconds is given up ("the OS keyring is not
answering"): the app then asks for a token for this session and keeps remote tokens in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING

from remotes_tui.tokens import KeyringUnavailableError, LazyTokenStore, MemoryTokenStore, TokenStore

if TYPE_CHECKING:
    import argparse

    from remotes_tui.app import Report, Resolver
    from remotes_tui.profiles.resolve import ConnectionRequest, ResolvedConnection

KEYRING_PATIENCE = 5.0
"""Seconds a keyring read may take at start-up before the app stops waiting for it."""

KEYRING_SILENT = "The OS keyring is not answering"
KEYRING_WAIT_NOTE = "Reading the token from the OS keyring…"
_PROBE_TOKEN = "not-a-token"
"""Stands in for a token, to see whether the token is all that is missing."""


def connection_request(args: argparse.Namespace) -> ConnectionRequest:
    """The connection flags a parser put on `args` (`--host`, `--org`, ... `--profile`; None: not given), as
    `profiles.resolve` takes them. Imports the profiles (pydantic): not before the first frame."""
    from remotes_tui.profiles.resolve import ConnectionRequest

    return ConnectionRequest(**{flag.name: getattr(args, flag.name) for flag in fields(ConnectionRequest)})


class PatientTokenStore:
    """A token store whose reads give up after `seconds` with `KeyringUnavailableError`, instead of hanging.

    The read goes on in a daemon thread; once one read timed out, later reads fail at once (the keyring
    is not answering), so start-up never waits twice.
    """

    def __init__(self, store: TokenStore, seconds: float, report: Report) -> None:
        self._store = store
        self._seconds = seconds
        self._report = report
        self.timed_out = False

    @property
    def persistent(self) -> bool:
        return False if self.timed_out else self._store.persistent

    @property
    def warning(self) -> str | None:
        return str(KeyringUnavailableError(KEYRING_SILENT)) if self.timed_out else self._store.warning

    def get(self, key: str) -> str | None:
        if self.timed_out:
            raise KeyringUnavailableError(KEYRING_SILENT)
        self._report(KEYRING_WAIT_NOTE)
        answer: list[str | None] = []
        failure: list[BaseException] = []

        def read() -> None:
            try:
                answer.append(self._store.get(key))
            except BaseException as error:  # handed to the caller's thread below
                failure.append(error)

        reader = threading.Thread(target=read, name="keyring-read", daemon=True)
        reader.start()
        reader.join(self._seconds)
        self._report("")
        if reader.is_alive():
            self.timed_out = True
            raise KeyringUnavailableError(KEYRING_SILENT)
        if failure:
            raise failure[0]
        return answer[0]

    def set(self, key: str, token: str) -> None:
        self._store.set(key, token)

    def delete(self, key: str) -> None:
        self._store.delete(key)


def connection_resolver(
    args: argparse.Namespace,
    env: Mapping[str, str],
    token_store: TokenStore,
    *,
    keyring_patience: float = KEYRING_PATIENCE,
) -> Resolver:
    """What `RemotesApp(resolve=...)` runs in a thread: (the connection, the token store to use from then on).

    `args` are the parsed command line; its connection flags are read in that thread (`connection_request`).
    """

    def resolve(report: Report) -> tuple[ResolvedConnection, TokenStore]:
        from remotes_tui.profiles import ProfileStore
        from remotes_tui.profiles.resolve import resolve_connection

        request = connection_request(args)
        profiles = ProfileStore()
        patient = PatientTokenStore(token_store, keyring_patience, report)
        resolved = resolve_connection(request, env=env, profiles=profiles, tokens=lambda: patient)
        if _only_the_token_is_missing(resolved, env):
            resolved = _ask_for_the_token(
                resolve_connection(
                    request,
                    env={**env, "INFLUX_TOKEN": _PROBE_TOKEN},
                    profiles=profiles,
                    tokens=lambda: patient,
                ),
                resolved,
            )
        store = token_store
        if patient.timed_out:  # remote tokens too would wait on the keyring: keep them in memory
            store = LazyTokenStore(opener=lambda: (MemoryTokenStore(), patient.warning))
        return resolved, store

    return resolve


def _only_the_token_is_missing(resolved: ResolvedConnection, env: Mapping[str, str]) -> bool:
    """A flat refusal with no INFLUX_TOKEN set: perhaps a token is all that is missing (`--host --org`)."""
    return (
        resolved.settings is None
        and resolved.problem is not None
        and not resolved.needs_token
        and not resolved.needs_first_run
        and not (env.get("INFLUX_TOKEN") or "").strip()
    )


def _ask_for_the_token(probe: ResolvedConnection, original: ResolvedConnection) -> ResolvedConnection:
    """`probe` resolved with a stand-in token: if that worked, the token alone is missing, so ask for it."""
    from remotes_tui.profiles.resolve import ResolvedConnection

    if probe.settings is None:
        return original
    url = probe.settings.base_url
    return ResolvedConnection(
        None,
        profile_name=probe.profile_name,
        read_only=probe.read_only,
        problem=f"No token was given for {url}: type one for this session (kept in memory, never saved), "
        "or set INFLUX_TOKEN.",
        needs_token=True,
        pending=probe.settings,  # its stand-in token is replaced by the one typed (`with_session_token`)
    )
