"""`remotes-tui profile ...`: add, list, use, remove, show and import-influx saved servers.

Tokens are read from stdin (`--token-stdin`) or a hidden prompt, never from argv, and go to the OS keyring;
the profiles file never holds one. Errors are one sentence on stderr with exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from remotes_tui.api import ApiError
from remotes_tui.profiles import Profile, ProfileError, ProfileStore
from remotes_tui.profiles.model import first_error
from remotes_tui.tokens import COMMAND_LINE_WAYS_OUT, KeyringUnavailableError, TokenStore, profile_key
from remotes_tui.tokens.keyring_store import open_keyring_store, open_token_store

PROG = "remotes-tui profile"


class CommandError(Exception):
    """A failure to report as one sentence on stderr (exit code 1)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as a CommandError instead of exiting with a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message}; see `{self.prog} --help`.")


def main(argv: Sequence[str]) -> int:
    """Run one profile command; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
        handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 1
        return handler(args)
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    except KeyringUnavailableError as error:
        print(f"{PROG}: {error.sentence(COMMAND_LINE_WAYS_OUT)}", file=sys.stderr)
        return 1
    except (CommandError, ProfileError, ApiError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print(f"{PROG}: cancelled; nothing was saved.", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback; the type only, as a message could quote input
        print(f"{PROG}: failed unexpectedly ({type(error).__name__}); please report it.", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    """The `remotes-tui profile` tree (also walked for shell completion)."""
    parser = _Parser(prog=PROG, description="Saved InfluxDB servers; their tokens live in the OS keyring.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    add = commands.add_parser("add", help="check a server and token, then save them as a profile")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--host", required=True, help="InfluxDB URL, e.g. http://localhost:8086")
    org = add.add_mutually_exclusive_group(required=True)
    org.add_argument("--org", "-o", help="organization name")
    org.add_argument("--org-id", help="organization ID (16 hex characters)")
    add.add_argument("--skip-verify", action="store_true", help="do not verify the TLS certificate")
    add.add_argument("--ca-file", help="CA bundle (PEM) to verify the server's certificate with")
    add.add_argument("--read-only", action="store_true", help="hide and disable every write action")
    add.add_argument("--token-stdin", action="store_true", help="read the token from stdin, not a prompt")
    add.add_argument("--force", action="store_true", help="replace a profile of the same name")
    add.set_defaults(handler=_add)

    listing = commands.add_parser("list", aliases=["ls"], help="list saved profiles (* = active)")
    listing.add_argument("--names", action="store_true", help="only the names, one a line (for scripts)")
    listing.set_defaults(handler=_list)

    use = commands.add_parser("use", help="make a profile the active one")
    use.add_argument("name", metavar="NAME")
    use.set_defaults(handler=_use)

    remove = commands.add_parser("remove", aliases=["rm"], help="delete a profile and its keyring entry")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=_remove)

    show = commands.add_parser("show", help="show a profile's settings (never its token)")
    show.add_argument("name", metavar="NAME")
    show.set_defaults(handler=_show)

    influx = commands.add_parser("import-influx", help="import the influx CLI's profiles")
    influx.add_argument(
        "--path", type=Path, help="configs file (default: INFLUX_CONFIGS_PATH or ~/.influxdbv2/configs)"
    )
    influx.add_argument("--overwrite", action="store_true", help="replace profiles of the same name")
    influx.set_defaults(handler=_import_influx)
    return parser


# -- commands -----------------------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    from remotes_tui.api.fields import check_ca_file
    from remotes_tui.profiles.check import ProfileCheckError, check_profile

    try:
        profile = Profile(
            name=args.name,
            url=args.host,
            org=args.org,
            org_id=args.org_id,
            ca_file=args.ca_file,
            skip_verify=args.skip_verify,
            read_only=args.read_only,
        )
    except ValidationError as error:
        raise CommandError(first_error(error)) from None
    store = ProfileStore()
    if store.find(profile.name) is not None and not args.force:
        raise CommandError(
            f"A profile named {profile.name!r} already exists; choose another name, or replace it with --force."
        )
    if profile.ca_file and not profile.skip_verify:
        try:
            check_ca_file(profile.ca_file)  # before the keyring and the token prompt
        except ValueError as error:
            raise CommandError(str(error)) from None
    tokens = _keyring()
    token = _read_token(args)
    try:
        organization = asyncio.run(check_profile(profile, token))
    except ProfileCheckError as error:
        raise CommandError(f"Nothing was saved. {error}") from None
    _save(store, tokens, profile, token, replace=args.force)
    print(
        f"Saved profile {profile.name!r}: {profile.url}, org {organization.name} ({organization.id}); "
        "its token is in the OS keyring."
    )
    if store.active_name is None:
        store.use(profile.name)
        print(f"{profile.name!r} is now the active profile.")
    return 0


def _list(args: argparse.Namespace) -> int:
    store = ProfileStore()
    profiles = store.list()
    if args.names:
        for profile in profiles:
            print(profile.name)
        return 0
    if not profiles:
        print(
            "No profiles yet: add one with `remotes-tui profile add NAME --host URL --org ORG`, "
            "or import the influx CLI's with `remotes-tui profile import-influx`."
        )
        return 0
    active = store.active_name
    rows = [("Active", "Name", "URL", "Org", "Read-only")]
    for profile in profiles:
        marker = "*" if profile.name == active else ""
        rows.append(
            (marker, profile.name, profile.url, profile.org_label, "yes" if profile.read_only else "no")
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _use(args: argparse.Namespace) -> int:
    profile = ProfileStore().use(args.name)
    print(f"Active profile: {profile.name} ({profile.url}).")
    return 0


def _remove(args: argparse.Namespace) -> int:
    store = ProfileStore()
    profile = store.get(args.name)
    tokens, warning = open_token_store(on_wait=_say_waiting)
    key = profile_key(profile.name)
    previous = tokens.get(key) if warning is None else None
    if warning is None:
        tokens.delete(key)  # a keyring failure here stops before anything is removed
    try:
        store.remove(profile.name)
    except ProfileError:
        if previous:
            tokens.set(key, previous)  # a failed remove removes nothing
        raise
    print(
        f"Removed profile {profile.name!r}"
        + (" and its token from the OS keyring." if warning is None else ".")
    )
    if warning is not None:
        print(f"{PROG}: its token, if one was saved, could not be removed: {warning}", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    store = ProfileStore()
    profile = store.get(args.name)
    tokens, warning = open_token_store(on_wait=_say_waiting)
    if warning is not None:
        token_state = "not available (no usable OS keyring)"
    else:
        token_state = "saved in the keyring" if tokens.get(profile_key(profile.name)) else "not saved"
    fields = [
        ("name", profile.name),
        ("url", profile.url),
        ("org", profile.org or "-"),
        ("org_id", profile.org_id or "-"),
        ("ca_file", profile.ca_file or "-"),
        ("skip_verify", _yes_no(profile.skip_verify)),
        ("read_only", _yes_no(profile.read_only)),
        ("active", _yes_no(store.active_name == profile.name)),
        ("token", token_state),
    ]
    for label, value in fields:
        print(f"{label + ':':<13}{value}")
    return 0


def _import_influx(args: argparse.Namespace) -> int:
    from remotes_tui.profiles.influx_import import import_influx_configs

    store = ProfileStore()
    tokens = _keyring()
    report = import_influx_configs(args.path, store=store, tokens=tokens, overwrite=args.overwrite)
    if report.imported:
        count = len(report.imported)
        print(
            f"Imported {count} profile{'s' if count != 1 else ''} from {report.source}: {', '.join(report.imported)}."
        )
    else:
        print(f"Imported nothing from {report.source}.")
    if report.skipped:
        print(f"Skipped {len(report.skipped)}:")
        for name, reason in report.skipped:
            print(f"  {name}: {reason}")
    if report.active:
        print(f"Active profile: {report.active}.")
    if report.imported:
        print(f"The tokens are in the OS keyring; {report.source} was not changed.")
    return 0


# -- helpers ------------------------------------------------------------------------------------------------


def _keyring() -> TokenStore:
    """The OS keyring, or CommandError with the one-sentence reason and what the command line can do instead
    (tokens are never kept in a file). A slow keyring gets a line on stderr while we wait for it."""
    try:
        return open_keyring_store(on_wait=_say_waiting)
    except KeyringUnavailableError as error:
        raise CommandError(f"Nothing was saved. {error.sentence(COMMAND_LINE_WAYS_OUT)}") from None


def _say_waiting(time_limit: float) -> None:
    """Progress while a keyring call is slow (an unlock prompt, a busy D-Bus service)."""
    print(
        f"{PROG}: waiting for the OS keyring to answer (up to {time_limit:g} s)…", file=sys.stderr, flush=True
    )


def _read_token(args: argparse.Namespace) -> str:
    """The token from stdin (`--token-stdin`) or a hidden prompt; never from argv."""
    stdin = sys.stdin
    if args.token_stdin:
        token = stdin.read().strip() if stdin is not None else ""
        if not token:
            raise CommandError("No token arrived on stdin; pipe the token in, or leave out --token-stdin.")
        return token
    if stdin is None or not stdin.isatty():
        raise CommandError(
            "No token given: stdin is not a terminal, so the token cannot be asked for; pipe it in and add "
            "--token-stdin."
        )
    token = getpass.getpass(f"Token for {args.name} (hidden): ").strip()
    if not token:
        raise CommandError("No token was typed; nothing was saved.")
    return token


def _save(store: ProfileStore, tokens: TokenStore, profile: Profile, token: str, *, replace: bool) -> None:
    """Token into the keyring, then the profile into the file; on a failure, put the old token back."""
    key = profile_key(profile.name)
    previous = tokens.get(key) if replace else None
    tokens.set(key, token)
    try:
        store.add(profile, overwrite=replace)
    except ProfileError:
        if previous:
            tokens.set(key, previous)
        else:
            tokens.delete(key)
        raise


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
