"""`remotes-tui [options]`: open the TUI, which resolves the connection from flags, environment and profiles.

Heavy modules (Textual, the app, keyring, the dev server) are imported only by the branch that needs them,
so `remotes-tui --help` stays fast; the window paints before the service layer and the keyring are touched.
A token missing from a profile, the keyring or INFLUX_TOKEN is asked for in the window (hidden input, kept
in memory for the session); a connection that cannot be resolved ends with its reason and exit code 2.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from remotes_tui import __version__
from remotes_tui.cli.parsing import UNRECOGNIZED, RefuseToken, UsageError, without_values
from remotes_tui.cli.tree import COMMANDS, command_list

_EPILOG = """\
The token is never taken from the command line: set INFLUX_TOKEN, or save a profile
(remotes-tui profile add NAME --host URL --org ORG), which keeps it in the OS keyring.

Connection settings resolve in this order: these flags, then INFLUX_HOST / INFLUX_TOKEN /
INFLUX_ORG / INFLUX_ORG_ID / INFLUX_SKIP_VERIFY, then the saved profile.

Other commands (each has --help):
"""


DEFAULT_REFRESH = 10.0
"""Seconds between automatic refreshes unless `--refresh` says otherwise."""


def refresh_seconds(text: str) -> float:
    """`--refresh`: 0 (off) or at least one second, so a typo cannot hammer the server."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds (for example 10, or 0 for off)"
        ) from None
    if value != 0 and not 1 <= value <= 86_400:
        raise argparse.ArgumentTypeError("give 0 (off) or a number of seconds from 1 to 86400")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="remotes-tui",
        description="Browse, create, edit and delete InfluxDB OSS v2 remote connections.",
        epilog=_EPILOG + command_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command",
        nargs="?",
        metavar="COMMAND",
        choices=[command.name for command in COMMANDS],
        help="a command below; without one, the TUI opens",
    )
    parser.add_argument("--host", help="InfluxDB URL, e.g. http://localhost:8086 (env INFLUX_HOST)")
    org = parser.add_mutually_exclusive_group()
    org.add_argument("--org", "-o", help="organization name (env INFLUX_ORG)")
    org.add_argument("--org-id", help="organization ID, 16 hex characters (env INFLUX_ORG_ID)")
    parser.add_argument(
        "--skip-verify", action="store_true", default=None, help="do not verify the server's TLS certificate"
    )
    parser.add_argument("--ca-file", help="CA bundle (PEM) to verify the server's certificate with")
    parser.add_argument("--profile", "-p", help="open this saved profile")
    parser.add_argument("--read-only", action="store_true", help="hide and disable every write action")
    parser.add_argument(
        "--refresh",
        type=refresh_seconds,
        default=DEFAULT_REFRESH,
        metavar="SECONDS",
        help=f"reload the list and the replications' health every SECONDS (default {DEFAULT_REFRESH:g}; 0 turns "
        "it off; the a key pauses it)",
    )
    parser.add_argument(
        "--fleet",
        nargs="?",
        const="",
        default=None,
        metavar="NAMES",
        help="every saved profile's remotes in one view; or only these profiles and fleet groups "
        "(comma-separated; see `remotes-tui fleet`)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start two bundled servers with demo data and open the app on them (nothing is saved)",
    )
    parser.add_argument("--version", action="version", version=f"remotes-tui {__version__}")
    parser.add_argument(
        "--token",
        "-t",
        action=RefuseToken,
        advice="Set INFLUX_TOKEN, or save a profile (`remotes-tui profile add`).",
    )
    return parser


def _imports_done() -> None:
    """Start-up imports create ~1e5 long-lived objects: collecting during them only costs time (~50 ms).

    `remotes_tui.cli.main` switches the collector off while importing; this moves what exists to the permanent generation
    and switches it back on before the app runs.
    """
    gc.freeze()
    gc.enable()


def run(args_list: list[str]) -> int:
    """`remotes-tui [options]`: open the TUI (or the demo) as the flags say; returns the exit code."""
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(args_list)
    except UsageError as error:  # a token typed as a flag: refused without repeating it
        print(f"remotes-tui: {error}", file=sys.stderr)
        return 2
    if args.command is not None:  # `remotes-tui --read-only remote list`: the TUI's options came first
        parser.error(
            f"put the command first: `remotes-tui {args.command} ...` (see `remotes-tui {args.command} --help`)"
        )
    if unknown:
        parser.error(without_values(UNRECOGNIZED + " ".join(unknown)))
    try:
        if args.demo:
            if args.fleet is not None:
                parser.error("--demo and --fleet do not go together: the demo is one bundled server")
            return _run_demo(read_only=args.read_only, refresh=args.refresh)
        if args.fleet is not None:
            return _run_fleet(args, parser)
        return _run_app(args)
    except KeyboardInterrupt:
        return 130


def _exit_when_loaded() -> bool:
    """Benchmarks set REMOTES_TUI_EXIT_WHEN_LOADED=1 to time start-up to a filled table, headless."""
    return os.environ.get("REMOTES_TUI_EXIT_WHEN_LOADED") == "1"


def _run_demo(*, read_only: bool, refresh: float) -> int:
    from remotes_tui.cli.demo import start_demo

    try:
        demo = start_demo()
    except OSError as exc:
        print(f"remotes-tui: could not start the demo servers: {exc}.", file=sys.stderr)
        return 1
    try:
        from remotes_tui.app import RemotesApp

        app = RemotesApp(
            demo.settings,
            token_store=demo.token_store,
            server_label="demo: bundled server",
            read_only=read_only,
            allow_profiles=False,
            exit_when_loaded=_exit_when_loaded(),
            refresh_interval=refresh,
        )
        _imports_done()
        app.run(headless=_exit_when_loaded())
        return app.return_code or 0
    finally:
        demo.stop()


_SERVER_FLAGS = ("host", "org", "org_id", "skip_verify", "ca_file", "profile")


def _run_fleet(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`--fleet [NAMES]`: the fleet view of saved profiles; a wrong name or an empty fleet is one sentence."""
    given = [f"--{name.replace('_', '-')}" for name in _SERVER_FLAGS if getattr(args, name) is not None]
    if given:
        parser.error(
            f"--fleet opens saved profiles, each with its own server: leave out {', '.join(given)} "
            "(or open one server without --fleet)"
        )
    from remotes_tui.fleet import FleetError, select_fleet
    from remotes_tui.profiles import ProfileError, ProfileStore

    try:
        selection = select_fleet(args.fleet or None, ProfileStore())
    except (FleetError, ProfileError) as error:
        print(f"remotes-tui: {error}", file=sys.stderr)
        return 2
    from remotes_tui.app import RemotesApp
    from remotes_tui.tokens import LazyTokenStore

    app = RemotesApp(
        token_store=LazyTokenStore(), fleet=selection, read_only=args.read_only, refresh_interval=args.refresh
    )
    _imports_done()
    app.run()
    return app.return_code or 0


def _run_app(args: argparse.Namespace) -> int:
    """Open the window at once; the app resolves the connection (profiles, keyring) after its first frame."""
    from remotes_tui.app import RemotesApp
    from remotes_tui.cli.connect import connection_resolver
    from remotes_tui.tokens import LazyTokenStore

    tokens = LazyTokenStore()  # the keyring is opened (and imported) only when a token is needed
    headless = _exit_when_loaded()
    app = RemotesApp(
        token_store=tokens,
        resolve=connection_resolver(args, dict(os.environ), tokens),
        ask_for_token=sys.stdin.isatty() and not headless,
        read_only=args.read_only,
        exit_when_loaded=headless,
        refresh_interval=args.refresh,
    )
    _imports_done()
    app.run(headless=headless)
    if app.startup_problem:
        print(f"remotes-tui: {app.startup_problem}", file=sys.stderr)
        return 2
    return app.return_code or 0
