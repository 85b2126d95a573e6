"""`remotes-tui remote ...`: list, get, create, update, delete, export and import remote connections, headless.

The flags are the influx CLI's (`influx remote ...`) with the same meanings, on the same service layer, keyring
and profiles as the TUI. Tokens never come from argv. Output is the influx CLI's table columns, or `--json`.
Failures are one sentence on stderr, from the service layer's typed errors, with the exit codes in
`exit_codes` (also in `--help`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from remotes_tui.cli import exit_codes
from remotes_tui.cli.connection import Connection, add_connection_flags, resolve
from remotes_tui.cli.dispatch import Handler, run_command
from remotes_tui.cli.parsing import CommandParser, UsageError
from remotes_tui.cli.remote_parts import checked_id, client_for, id_argument, note, run, the_id
from remotes_tui.cli.secret_input import add_remote_token_flags

if TYPE_CHECKING:
    from remotes_tui.api import InfluxClient, RemoteConnection

PROG = "remotes-tui remote"


def build_parser() -> argparse.ArgumentParser:
    """The `remotes-tui remote` tree (also walked for shell completion)."""
    parser = CommandParser(
        prog=PROG,
        description="Remote connections of an InfluxDB OSS 2.x server, with the influx CLI's flags.",
        epilog=exit_codes.HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=CommandParser)

    def command(
        name: str, summary: str, handler: Handler, aliases: Sequence[str] = ()
    ) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name,
            aliases=list(aliases),
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=exit_codes.HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler, prog=sub.prog)
        return sub

    listing = command("list", "list the remotes of an org", _list, aliases=("ls", "find"))
    listing.add_argument("--name", "-n", help="only the remote with exactly this name")
    listing.add_argument("--remote-url", metavar="URL", help="only remotes pointing at exactly this URL")
    _output_flags(listing)
    add_connection_flags(listing)

    get = command("get", "show one remote", _get)
    get.add_argument("id", metavar="ID", help="the remote's ID")
    _output_flags(get)
    add_connection_flags(get)

    create = command("create", "create a remote; its API token is kept in the OS keyring", _create)
    create.add_argument("--name", "-n", required=True, help="the remote's name (unique in the org)")
    _field_flags(create)
    add_remote_token_flags(create, prompt_flag=False)
    _output_flags(create)
    add_connection_flags(create)

    update = command("update", "change the given fields of a remote", _update)
    id_argument(update)
    update.add_argument("--name", "-n", help="new name")
    _field_flags(update)
    add_remote_token_flags(update, prompt_flag=True)
    _output_flags(update)
    add_connection_flags(update)

    delete = command("delete", "delete a remote (and its saved token)", _delete, aliases=("rm",))
    id_argument(delete)
    delete.add_argument(
        "--delete-replications",
        action="store_true",
        help="first delete the replications that use the remote (the server refuses otherwise)",
    )
    _output_flags(delete)
    add_connection_flags(delete)

    from remotes_tui.cli import remote_transfer

    remote_transfer.add_commands(command)

    from remotes_tui.cli import remote_test

    remote_test.add_command(command)
    return parser


def _output_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document with the API's field names")
    parser.add_argument("--hide-headers", action="store_true", help="leave out the table's header row")


def _field_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--description", "-d", help='description ("" blanks it on update)')
    parser.add_argument("--remote-url", metavar="URL", help="URL of the InfluxDB the remote points at")
    parser.add_argument(
        "--remote-org-id", metavar="ID", help="org ID on the remote InfluxDB (needed for 2.x)"
    )
    parser.add_argument(
        "--allow-insecure-tls",
        nargs="?",
        const=True,
        default=None,
        type=_boolean,
        metavar="BOOL",
        help="skip TLS verification of the remote URL (--allow-insecure-tls=false turns it off)",
    )


def _field_values(args: argparse.Namespace) -> dict[str, Any]:
    """`--name` and the `_field_flags` as given (None: not given), by the names the service layer takes."""
    return {
        "name": args.name,
        "remote_url": args.remote_url,
        "description": args.description,
        "remote_org_id": args.remote_org_id,
        "allow_insecure_tls": args.allow_insecure_tls,
    }


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "t", "1", "yes"):
        return True
    if lowered in ("false", "f", "0", "no"):
        return False
    raise argparse.ArgumentTypeError(f"{text!r} is not true or false")


# -- running ------------------------------------------------------------------------------------------------


def main(argv: Sequence[str]) -> int:
    """Run one `remotes-tui remote` command; returns its exit code (see `exit_codes`)."""
    return run_command(build_parser, argv, PROG, describe)


def describe(error: BaseException) -> tuple[int, str]:
    """The exit code and the one sentence for a failure (the same typed errors the TUI shows)."""
    from remotes_tui.api import ApiError, EndpointNotFoundError, InvalidInputError, NotFoundError
    from remotes_tui.profiles import ProfileError
    from remotes_tui.tokens import COMMAND_LINE_WAYS_OUT, KeyringUnavailableError
    from remotes_tui.transfer import TransferFileError

    if isinstance(error, KeyboardInterrupt | EOFError):
        return exit_codes.INTERRUPTED, "interrupted; what was already sent to the server stays done."
    if isinstance(error, NotFoundError) and not isinstance(error, EndpointNotFoundError):
        return exit_codes.NOT_FOUND, str(error)
    if isinstance(error, ApiError):
        return exit_codes.FAILED, str(error)
    if isinstance(error, InvalidInputError | ProfileError | TransferFileError):
        return exit_codes.USAGE, str(error)
    if isinstance(error, KeyringUnavailableError):
        return exit_codes.FAILED, error.sentence(COMMAND_LINE_WAYS_OUT)
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return exit_codes.FAILED, f"Could not use{where}: {error.strerror or type(error).__name__}."
    return exit_codes.FAILED, f"failed unexpectedly ({type(error).__name__}); please report it."


def _print_remotes(
    args: argparse.Namespace, remotes: list[Any], *, many: bool, deleted: bool = False
) -> None:
    from remotes_tui.cli import remote_output

    if args.json:
        sys.stdout.write(
            remote_output.remotes_json(remotes) if many else remote_output.remote_json(remotes[0])
        )
    else:
        extra = (("Deleted", "true"),) if deleted else ()
        sys.stdout.write(remote_output.table(remotes, headers=not args.hide_headers, extra=extra))


# -- commands -----------------------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    connection = resolve(args, require_org=True)

    async def go() -> int:
        async with client_for(connection) as client:
            org_id = await client.resolve_org_id()
            remotes = await client.remotes.list(org_id, name=args.name, remote_url=args.remote_url)
        _print_remotes(args, remotes, many=True)
        return exit_codes.OK

    return run(go())


def _get(args: argparse.Namespace) -> int:
    from remotes_tui.api import check_id

    remote_id = checked_id(args.id, check_id)
    connection = resolve(args, require_org=False)

    async def go() -> int:
        async with client_for(connection) as client:
            remote = await client.remotes.get(remote_id)
        _print_remotes(args, [remote], many=False)
        return exit_codes.OK

    return run(go())


def _create(args: argparse.Namespace) -> int:
    from remotes_tui.api import creation_request
    from remotes_tui.cli.secret_input import remote_token

    if not args.remote_url:
        raise UsageError("the following arguments are required: --remote-url", args.prog)
    fields = {**_field_values(args), "allow_insecure_tls": bool(args.allow_insecure_tls)}
    creation_request(
        org_id="0000000000000001", remote_api_token="checked-later", **fields
    )  # before any prompt
    connection = resolve(args, require_org=True)
    token = remote_token(args, required=True)
    assert token is not None
    if not args.remote_org_id:
        note(
            args, "no --remote-org-id: a remote InfluxDB 2.x needs its org ID (ignore this for InfluxDB 1.x)."
        )

    async def go() -> int:
        async with client_for(connection) as client:
            org_id = await client.resolve_org_id()
            remote = await client.remotes.create(
                creation_request(org_id=org_id, remote_api_token=token, **fields)
            )
        _keep_token(args, connection, remote.id, token)
        _print_remotes(args, [remote], many=False)
        return exit_codes.OK

    return run(go())


def _update(args: argparse.Namespace) -> int:
    from remotes_tui.api import check_id, update_request
    from remotes_tui.cli.secret_input import remote_token

    remote_id = checked_id(the_id(args), check_id)
    connection = resolve(args, require_org=False)
    token = remote_token(args, required=False)

    async def go() -> int:
        async with client_for(connection) as client:
            original = await client.remotes.get(remote_id)
            request = update_request(original, remote_api_token=token, **_field_values(args))
            if request.is_empty():
                note(args, "nothing to change: the remote already has these values.")
            remote = await client.remotes.update(remote_id, request)
        if token:
            _keep_token(args, connection, remote.id, token)
        _print_remotes(args, [remote], many=False)
        return exit_codes.OK

    return run(go())


def _delete(args: argparse.Namespace) -> int:
    from remotes_tui.api import RemoteInUseError, check_id

    remote_id = checked_id(the_id(args), check_id)
    connection = resolve(args, require_org=False)

    async def go() -> int:
        async with client_for(connection) as client:
            remote = await client.remotes.get(remote_id)
            if args.delete_replications:
                for replication in await client.replications.list(remote.org_id, remote_id=remote.id):
                    await client.replications.delete(replication.id)
                    note(args, f"deleted replication {replication.name!r} ({replication.id}).")
            try:
                await client.remotes.delete(remote.id)
            except RemoteInUseError as error:
                error.user_message = await in_use_sentence(client, remote, args.delete_replications)
                raise
        _forget_token(args, connection, remote.id)
        _print_remotes(args, [remote], many=False, deleted=True)
        return exit_codes.OK

    return run(go())


# -- helpers ------------------------------------------------------------------------------------------------


async def in_use_sentence(client: InfluxClient, remote: RemoteConnection, replications_deleted: bool) -> str:
    """Why a delete was refused, naming the replications that use the remote and what to do about them."""
    from remotes_tui.api import ApiError

    try:
        users = await client.replications.list(remote.org_id, remote_id=remote.id)
    except ApiError:
        users = []
    named = f" ({', '.join(repr(replication.name) for replication in users)})" if users else ""
    if replications_deleted:  # one was created after they were listed and deleted
        return (
            f"the server refused: replications still use this remote{named}, created after the others were "
            "deleted. The remote was not deleted; run the same command again to delete them too."
        )
    return (
        f"the server refused: replications still use this remote{named}. Nothing was deleted. Delete those "
        "replications first, or run again with --delete-replications to delete them together with the remote."
    )


def _keep_token(args: argparse.Namespace, connection: Connection, remote_id: str, token: str) -> None:
    """Save the remote's API token in the keyring as the TUI does; a failure is a note, the remote stays."""
    from remotes_tui.tokens import remote_key

    try:
        connection.tokens.set(remote_key(connection.server_url, remote_id), token)
        warning = connection.tokens.warning
    except Exception as error:  # the keyring's own failure; never a token in it
        warning = str(error) or type(error).__name__
    if warning:
        note(args, f"the remote was saved, but its API token is not in the OS keyring ({warning}).")


def _forget_token(args: argparse.Namespace, connection: Connection, remote_id: str) -> None:
    from remotes_tui.tokens import remote_key

    key = remote_key(connection.server_url, remote_id)
    try:
        if connection.tokens.warning is None and connection.tokens.get(key) is not None:
            connection.tokens.delete(key)
    except Exception as error:
        note(args, f"the remote was deleted, but its saved API token could not be removed: {error}")
