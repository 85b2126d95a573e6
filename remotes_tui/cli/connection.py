"""The server a headless command talks to: `--host`, `--org`/`--org-id`, `--skip-verify`, `--ca-file`,
`--profile`, then the influx CLI's `INFLUX_*` variables, then the saved profile, resolved exactly as the TUI
resolves them (`profiles.resolve`). The server's token comes from `INFLUX_TOKEN` or the profile's keyring entry,
or a hidden prompt on a terminal, never from argv."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass

from remotes_tui.api import ConnectionSettings
from remotes_tui.cli.parsing import RefuseFlag, RefuseToken, UsageError
from remotes_tui.tokens import KeyringUnavailableError, LazyTokenStore, MemoryTokenStore, TokenStore

_SERVER_TOKEN_ADVICE = (
    "Set INFLUX_TOKEN, or save a profile (`remotes-tui profile add`) that keeps it in the OS keyring."
)
_CONFIGS_PATH_ADVICE = (
    "remotes-tui does not read the influx CLI's configs file, which keeps tokens in plain text: import it once "
    "with `remotes-tui profile import-influx --path FILE` (tokens go to the OS keyring), then use -c NAME."
)


@dataclass(frozen=True)
class Connection:
    """Resolved settings (with the token) and the token store the command keeps remote tokens in."""

    settings: ConnectionSettings
    tokens: TokenStore
    profile_name: str | None
    http_debug: bool = False
    """`--http-debug`: the command's client writes every request and answer to stderr (secrets masked)."""

    @property
    def server_url(self) -> str:
        """The server's URL without a trailing slash: the prefix of its remotes' keyring keys."""
        return self.settings.base_url


def add_connection_flags(parser: argparse.ArgumentParser) -> None:
    """The influx CLI's connection flags (same names and meanings), plus `--ca-file` and `--profile`."""
    group = parser.add_argument_group("connection (flags, then INFLUX_* variables, then the saved profile)")
    group.add_argument("--host", help="InfluxDB URL, e.g. http://localhost:8086 (env INFLUX_HOST)")
    org = group.add_mutually_exclusive_group()
    org.add_argument("--org", "-o", help="organization name (env INFLUX_ORG)")
    org.add_argument("--org-id", help="organization ID, 16 hex characters (env INFLUX_ORG_ID)")
    group.add_argument(
        "--skip-verify",
        action="store_true",
        default=None,
        help="do not verify the server's TLS certificate (env INFLUX_SKIP_VERIFY)",
    )
    group.add_argument(
        "--ca-file", metavar="FILE", help="CA bundle (PEM) to verify the server's certificate with"
    )
    group.add_argument(
        "--profile",
        "-p",
        "--active-config",
        "-c",
        dest="profile",
        metavar="NAME",
        help="use this saved profile (env REMOTES_TUI_PROFILE); -c/--active-config as in influx, for the "
        "configs imported with `remotes-tui profile import-influx` (they keep their names)",
    )
    group.add_argument("--token", "-t", action=RefuseToken, advice=_SERVER_TOKEN_ADVICE)
    group.add_argument("--configs-path", action=RefuseFlag, advice=_CONFIGS_PATH_ADVICE)
    group.add_argument(
        "--http-debug",
        action="store_true",
        help="write every request to the server and its answer to stderr (tokens masked)",
    )


def resolve(args: argparse.Namespace, *, require_org: bool) -> Connection:
    """The connection the flags, environment and profiles give; UsageError says in one sentence what is missing."""
    from remotes_tui.cli.connect import connection_request
    from remotes_tui.profiles import ProfileStore
    from remotes_tui.profiles.resolve import resolve_connection

    request = connection_request(args)
    tokens = LazyTokenStore(_open_keyring)
    resolved = resolve_connection(
        request, env=os.environ, profiles=ProfileStore(), tokens=lambda: tokens, require_org=require_org
    )
    if resolved.needs_first_run:
        raise UsageError(
            "No server given: pass --host URL and --org ORG with INFLUX_TOKEN set, or save a profile with "
            "`remotes-tui profile add NAME --host URL --org ORG`."
        )
    if resolved.needs_token and _is_terminal():
        print(f"{resolved.problem}", file=sys.stderr)
        typed = getpass.getpass(f"Token for {resolved.profile_name or 'this server'} (hidden): ")
        resolved = resolved.with_session_token(typed)
    if resolved.problem or resolved.settings is None:
        raise UsageError(resolved.problem or "No server to connect to.")
    return Connection(resolved.settings, tokens, resolved.profile_name, http_debug=args.http_debug)


def _open_keyring() -> tuple[TokenStore, str | None]:
    """The OS keyring, or memory and the plain reason (a command line cannot offer the app's session tokens)."""
    from remotes_tui.tokens.keyring_store import open_keyring_store

    try:
        return open_keyring_store(on_wait=_say_waiting), None
    except KeyringUnavailableError as error:
        return MemoryTokenStore(), error.reason


def _say_waiting(time_limit: float) -> None:
    print(
        f"remotes-tui: waiting for the OS keyring to answer (up to {time_limit:g} s)…",
        file=sys.stderr,
        flush=True,
    )


def _is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
