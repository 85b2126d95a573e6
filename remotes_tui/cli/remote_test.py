"""`remotes-tui remote test ID`: the TUI's connection test (`api/remote_check.py`), headless.

The remote's API token is the one saved for it (the keyring entry the TUI and `remote create` keep), unless
`--remote-api-token-stdin` or the environment gives one; with none saved, a hidden prompt on a terminal. Each step
is printed as it ends; `--json` prints one document at the end. Exit code 0 when no step failed, 1 when one did,
3 when there is no remote with that ID.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from remotes_tui.cli import exit_codes
from remotes_tui.cli.connection import Connection, add_connection_flags, resolve
from remotes_tui.cli.remote_parts import checked_id, client_for, id_argument, run, the_id
from remotes_tui.cli.secret_input import REMOTE_TOKEN_ENV, add_remote_token_flags

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.api.remote_check import CheckReport, CheckStep


def add_command(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `test` to the `remotes-tui remote` tree (`command` makes one sub-command)."""
    test = command("test", "test a remote from this machine: URL, token, org, bucket writes", _test)
    id_argument(test)
    test.add_argument("--json", action="store_true", help="print the steps as one JSON document at the end")
    add_remote_token_flags(test, prompt_flag=False)
    add_connection_flags(test)


def _test(args: argparse.Namespace) -> int:
    from remotes_tui.api import check_id

    remote_id = checked_id(the_id(args), check_id)
    connection = resolve(args, require_org=False)
    given = _given_token(args)

    async def go() -> int:
        from remotes_tui.api.remote_check import RemoteCheck, RemoteTarget

        async with client_for(connection) as client:
            remote = await client.remotes.get(remote_id)
            token = given or _saved_or_typed(connection, remote)
            uses = await client.replications.list(remote.org_id, remote_id=remote.id)
            check = RemoteCheck(RemoteTarget.of_remote(remote, token), replications=uses, edge=client)
            if not args.json:
                print(f"Testing remote {remote.name} ({remote.id}) at {remote.remote_url}")
            report = await check.run(on_step=None if args.json else _print_step)
        _finish(args, remote, report)
        return exit_codes.OK if report.passed else exit_codes.FAILED

    return run(go())


def _given_token(args: argparse.Namespace) -> str | None:
    """A token the user gave for this run (stdin or the environment), which wins over the saved one."""
    from remotes_tui.cli.secret_input import read_stdin_secret

    if args.remote_api_token_stdin:
        return read_stdin_secret("remote API token")
    return os.environ.get(REMOTE_TOKEN_ENV, "").strip() or None


def _saved_or_typed(connection: Connection, remote: RemoteConnection) -> str:
    """The token saved for the remote, else a hidden prompt (UsageError off a terminal)."""
    from remotes_tui.cli.parsing import UsageError
    from remotes_tui.cli.secret_input import is_terminal, prompt_secret
    from remotes_tui.tokens import remote_key

    try:
        saved = connection.tokens.get(remote_key(connection.server_url, remote.id))
    except Exception:  # no keyring: ask, as the TUI does
        saved = None
    if saved:
        return saved
    if not is_terminal():
        raise UsageError(
            f"No API token is saved for remote {remote.id} on this machine: pipe it in with "
            f"--remote-api-token-stdin or set {REMOTE_TOKEN_ENV}."
        )
    return prompt_secret(f"API token of {remote.name}")


def _print_step(step: CheckStep) -> None:
    if not step.outcome.final:
        return
    seconds = f" ({step.seconds:.2f} s)" if step.seconds is not None else ""
    print(f"  {step.outcome.value:<8} {step.title}{seconds}")
    if step.sentence:
        print(f"           {step.sentence}")
    sys.stdout.flush()


def _finish(args: argparse.Namespace, remote: RemoteConnection, report: CheckReport) -> None:
    if not args.json:
        print(report.summary() + ".")
        return
    from remotes_tui.cli.remote_output import to_json

    document: dict[str, Any] = {
        "id": remote.id,
        "name": remote.name,
        "remoteURL": remote.remote_url,
        "passed": report.passed,
        "summary": report.summary(),
        "seconds": round(report.seconds, 3),
        "version": report.version,
        "build": report.build,
        "steps": [
            {
                "key": step.key,
                "title": step.title,
                "outcome": step.outcome.value,
                "sentence": step.sentence,
                "seconds": None if step.seconds is None else round(step.seconds, 3),
            }
            for step in report.steps
        ],
    }
    sys.stdout.write(to_json(document))
