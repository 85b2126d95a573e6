"""What every `remotes-tui remote` subcommand shares: the remote's ID (as ID or `--id`), running the command's
coroutine, a remark on stderr, and the service-layer client of a connection.

Its own module so that `remote_commands`, `remote_test` and `remote_transfer` all build on it, not on each other.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from remotes_tui.cli.parsing import UsageError

if TYPE_CHECKING:
    from remotes_tui.cli.connection import Connection


def id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="ID", help="the remote's ID")
    parser.add_argument(
        "--id", "-i", dest="id_flag", metavar="ID", help="the same, as the influx CLI writes it"
    )


def run(coroutine: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coroutine)


def note(args: argparse.Namespace, sentence: str) -> None:
    """A remark that is not the command's output (stdout stays the table or the JSON document)."""
    print(f"{args.prog}: {sentence}", file=sys.stderr)


def the_id(args: argparse.Namespace) -> str:
    given = [value for value in (args.id, args.id_flag) if value]
    if len(given) != 1:
        raise UsageError(
            "Give the remote's ID once, as ID or --id ID; `remotes-tui remote list` shows them.", args.prog
        )
    return str(given[0])


def client_for(connection: Connection) -> Any:
    from remotes_tui.api import InfluxClient

    return traced(InfluxClient(connection.settings), connection)


def traced(client: Any, connection: Connection) -> Any:
    """`client`, writing its requests and answers to stderr when the command was given `--http-debug`."""
    if connection.http_debug:
        from remotes_tui.api.http_debug import trace_requests

        trace_requests(client, lambda block: print(block, end="\n\n", file=sys.stderr, flush=True))
    return client


def checked_id(value: str, check: Callable[[str, str], str]) -> str:
    try:
        return check(value, "Remote ID")
    except ValueError as error:
        raise UsageError(str(error)) from None
