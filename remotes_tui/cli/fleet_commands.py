"""`remotes-tui fleet ...`: fleet groups, named lists of saved profiles (`remotes-tui --fleet GROUP` opens one).

Groups live in the profiles file beside the profiles; no token is involved. Failures are one sentence on
stderr: exit code 2 for a wrong name or usage (what was named does not exist, a bad group name), 1 when the
profiles file cannot be read or written.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from remotes_tui.cli import exit_codes
from remotes_tui.cli.dispatch import run_command
from remotes_tui.cli.parsing import CommandParser

PROG = "remotes-tui fleet"

_EPILOG = """\
Open a fleet in the TUI:
  remotes-tui --fleet               every saved profile
  remotes-tui --fleet GROUP,NAME    the profiles of a group, and single profiles

exit codes:
  0    done
  1    the profiles file could not be read or written
  2    usage: a wrong flag, a group or profile that does not exist, a bad group name"""


def build_parser() -> argparse.ArgumentParser:
    """The `remotes-tui fleet` tree (also walked for shell completion)."""
    parser = CommandParser(
        prog=PROG,
        description="Fleet groups: named lists of saved profiles, opened together with --fleet.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=CommandParser)

    add = commands.add_parser("add", help="add saved profiles to a group (created if new)")
    add.add_argument("group", metavar="GROUP", help="the group's name")
    add.add_argument("profiles", nargs="+", metavar="PROFILE", help="saved profiles to add")
    add.set_defaults(handler=_add, prog=add.prog)

    listing = commands.add_parser("list", aliases=["ls"], help="list the groups and their profiles")
    listing.add_argument(
        "--names", action="store_true", help="only the group names, one a line (for scripts)"
    )
    listing.set_defaults(handler=_list, prog=listing.prog)

    remove = commands.add_parser(
        "remove", aliases=["rm"], help="remove a group, or only some profiles from it (never the profiles)"
    )
    remove.add_argument("group", metavar="GROUP", help="the group's name")
    remove.add_argument("profiles", nargs="*", metavar="PROFILE", help="only take these out of the group")
    remove.set_defaults(handler=_remove, prog=remove.prog)
    return parser


def main(argv: Sequence[str]) -> int:
    """Run one `remotes-tui fleet` command; returns its exit code."""
    return run_command(build_parser, argv, PROG, _describe)


def _describe(error: BaseException) -> tuple[int, str]:
    """The exit code and the sentence for a failure: a wrong name is usage, an unusable profiles file a
    failure."""
    from remotes_tui.fleet import FleetError
    from remotes_tui.profiles import ProfileError

    if isinstance(error, FleetError):
        return exit_codes.USAGE, str(error)
    if isinstance(error, ProfileError):  # the profiles file cannot be read or written
        return exit_codes.FAILED, str(error)
    if isinstance(error, KeyboardInterrupt):
        return exit_codes.INTERRUPTED, "interrupted."
    # never a traceback; the type only, as a message could quote input
    return exit_codes.FAILED, f"failed unexpectedly ({type(error).__name__}); please report it."


def _add(args: argparse.Namespace) -> int:
    from remotes_tui.fleet import add_to_group
    from remotes_tui.profiles import ProfileStore

    change = add_to_group(ProfileStore(), args.group, args.profiles)
    members = ", ".join(change.members)
    if change.created:
        print(
            f"Saved fleet group {change.name!r}: {members}. Open it with `remotes-tui --fleet {change.name}`."
        )
    elif change.changed:
        print(f"Added {', '.join(change.changed)} to fleet group {change.name!r}: {members}.")
    else:
        print(f"Fleet group {change.name!r} already lists them: {members}.")
    return exit_codes.OK


def _list(args: argparse.Namespace) -> int:
    from remotes_tui.profiles import ProfileStore

    profiles, groups = ProfileStore().profiles_and_groups()
    if args.names:
        for name in sorted(groups):
            print(name)
        return exit_codes.OK
    if not groups:
        print("No fleet groups yet: add one with `remotes-tui fleet add GROUP PROFILE...`.")
        print(f"`remotes-tui --fleet` opens every saved profile ({len(profiles)} now).")
        return exit_codes.OK
    width = max(len(name) for name in groups)
    for name in sorted(groups):
        members = [member if member in profiles else f"{member} (no such profile)" for member in groups[name]]
        print(f"{name:<{width}}  {', '.join(members)}")
    return exit_codes.OK


def _remove(args: argparse.Namespace) -> int:
    from remotes_tui.fleet import remove_from_group
    from remotes_tui.profiles import ProfileStore

    change = remove_from_group(ProfileStore(), args.group, args.profiles)
    if change.deleted and not args.profiles:
        print(f"Removed fleet group {change.name!r} (its profiles are kept).")
    elif change.deleted:
        print(
            f"Took {', '.join(change.changed)} out of fleet group {change.name!r}; it was empty, so it is removed."
        )
    else:
        print(
            f"Took {', '.join(change.changed)} out of fleet group {change.name!r}: {', '.join(change.members)}."
        )
    return exit_codes.OK
