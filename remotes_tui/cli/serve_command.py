"""`remotes-tui serve`: run the bundled InfluxDB-compatible server in the foreground.

Prints one line to stdout once listening, serves until Ctrl-C or SIGTERM and exits 0. A generated operator
token is printed once, to stderr; a token the user gave is never printed. Cannot listen -> one line, exit 2.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from importlib import metadata
from types import FrameType
from typing import Any, TypeVar

from remotes_tui.devserver.faults import MAX_ERROR, MAX_LATENCY, MIN_ERROR, FaultConfig
from remotes_tui.devserver.logsafe import escape
from remotes_tui.devserver.seed import SELF
from remotes_tui.devserver.server import DEFAULT_VERSION, DevServer

PROG = "remotes-tui serve"
TOKEN_ENV = "REMOTES_TUI_SERVE_TOKEN"
READ_ONLY_TOKEN_ENV = "REMOTES_TUI_SERVE_READ_ONLY_TOKEN"
N = TypeVar("N", int, float)


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _within(text: str, parse: Callable[[str], N], low: N, high: N, expected: str) -> N:
    """`parse(text)` when it lies from `low` to `high`; else argparse's error "TEXT is not EXPECTED"."""
    try:
        value = parse(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{text} is not {expected}")
    return value


def _latency(text: str) -> float:
    return _within(text, float, 0.0, MAX_LATENCY, f"a number of seconds from 0 to {MAX_LATENCY:g}")


def _status(text: str) -> int:
    return _within(text, int, MIN_ERROR, MAX_ERROR, f"an HTTP error status ({MIN_ERROR}-{MAX_ERROR})")


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port number (0 picks a free one)")
    return value


def _package_version() -> str:
    try:
        return metadata.version("remotes-tui")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run a local InfluxDB OSS v2 look-alike for remote connections and replications.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=_port, default=8086, help="port, 0 = any free port (default: %(default)s)"
    )
    parser.add_argument(
        "--token",
        help=(
            f"operator (all-access) token; default: ${TOKEN_ENV}, the one stored in --db, or a new one. "
            f"Prefer ${TOKEN_ENV}: a flag is visible to other users in ps"
        ),
    )
    parser.add_argument(
        "--read-only-token",
        metavar="TOKEN",
        help=f"also accept this token for reads only (or set ${READ_ONLY_TOKEN_ENV})",
    )
    parser.add_argument(
        "--org", metavar="NAME", default="demo-org", help="organization (default: %(default)s)"
    )
    parser.add_argument(
        "--bucket", metavar="NAME", default="demo-bucket", help="bucket (default: %(default)s)"
    )
    parser.add_argument(
        "--db", metavar="PATH", help="SQLite file to keep data across restarts (default: memory)"
    )
    parser.add_argument(
        "--seed-demo",
        action="store_true",
        help=(
            "add demo remotes and replications that replicate to this server's demo-replica bucket, and write"
            " a trickle of points so their queues move (one of them, whose token is refused, fills up)"
        ),
    )
    parser.add_argument(
        "--no-trickle",
        action="store_true",
        help="with --seed-demo: write no points (the demo data stays still)",
    )
    add_tls_flags(parser)
    faults = parser.add_argument_group("injected faults")
    faults.add_argument(
        "--latency", type=_latency, default=0.0, metavar="SECONDS", help="delay every answer (at most 60 s)"
    )
    faults.add_argument(
        "--error-status",
        type=_status,
        metavar="CODE",
        help="status of injected errors, 400-599 (default: 500)",
    )
    faults.add_argument(
        "--error-rate", type=_rate, default=0.0, metavar="R", help="share of requests that fail"
    )
    faults.add_argument(
        "--drop-rate",
        type=_rate,
        default=0.0,
        metavar="R",
        help="share of requests whose connection is closed without an answer",
    )
    faults.add_argument(
        "--malformed-rate",
        type=_rate,
        default=0.0,
        metavar="R",
        help="share of requests answered 200 with a body that is not JSON",
    )
    faults.add_argument(
        "--fault-path",
        action="append",
        default=[],
        metavar="PREFIX",
        help="apply faults only to paths starting with PREFIX (repeatable; default: all)",
    )
    parser.add_argument(
        "--influx-version",
        default=DEFAULT_VERSION,
        metavar="VERSION",
        help="InfluxDB version to report (default: %(default)s)",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {_package_version()} (answers as InfluxDB OSS {DEFAULT_VERSION})",
    )
    return parser


def add_tls_flags(parser: argparse.ArgumentParser) -> None:
    """--tls-cert / --tls-key: serve HTTPS with a PEM certificate (chain) and its private key."""
    tls = parser.add_argument_group("HTTPS")
    tls.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this PEM certificate (chain)")
    tls.add_argument("--tls-key", metavar="FILE", help="the certificate's PEM private key")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, serve until interrupted; 0 on a clean stop, 2 when the server cannot start."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.no_trickle and not args.seed_demo:
        parser.error("--no-trickle goes with --seed-demo")
    token = args.token or os.environ.get(TOKEN_ENV) or None
    try:
        server = _server(args, token)
    except ValueError as exc:  # e.g. the same token for operator and read-only
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    # Handlers first: a SIGTERM right after the start line must still stop cleanly.
    stopping = threading.Event()
    previous = _install_handlers(stopping)
    try:
        server.start()
    except OSError as exc:
        _restore_handlers(previous)
        reason = "address already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        print(f"{PROG}: cannot listen on {escape(args.host)}:{args.port}: {escape(reason)}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        _restore_handlers(previous)
        print(f"{PROG}: cannot open the database {escape(args.db)}: {escape(exc)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        _restore_handlers(previous)
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2

    if server.token_source == "generated":
        print(
            f"{PROG}: generated an operator token (all access). Save it now; it will not be shown again:",
            file=sys.stderr,
        )
        print(server.token, file=sys.stderr)
    elif server.token_source == "stored":
        print(f"{PROG}: using the operator token stored in {escape(args.db)} (not shown)", file=sys.stderr)
    sys.stderr.flush()
    print(
        f"{PROG}: listening on {escape(server.url)} org {escape(server.org_name)} (orgID {server.org_id})",
        flush=True,
    )

    try:
        while not stopping.wait(0.1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        _restore_handlers(previous)
        server.stop()
    return 0


def _server(args: argparse.Namespace, token: str | None) -> DevServer:
    return DevServer(
        host=args.host,
        port=args.port,
        token=token,
        org=args.org,
        bucket=args.bucket,
        db_path=args.db,
        read_only_token=args.read_only_token or os.environ.get(READ_ONLY_TOKEN_ENV) or None,
        seed_demo=args.seed_demo,
        demo_target=SELF if args.seed_demo else None,
        demo_trickle=args.seed_demo and not args.no_trickle,
        faults=FaultConfig(
            latency=args.latency,
            error_status=args.error_status,
            error_rate=args.error_rate,
            drop_rate=args.drop_rate,
            malformed_rate=args.malformed_rate,
            paths=tuple(args.fault_path),
        ),
        version=args.influx_version,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )


def _install_handlers(stopping: threading.Event) -> dict[int, Any]:
    """Make SIGINT and SIGTERM stop the server cleanly (no traceback); only possible in the main thread."""

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous[signum] = signal.signal(signum, on_signal)
    return previous


def _restore_handlers(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
