"""The `remotes-tui` command tree in one place: every command, what it does, and the module that runs it.

`remotes-tui [options]` (no command) opens the TUI; each entry below is a command group whose module has
`build_parser()` (its argparse tree, used for `--help` and shell completion) and `main(argv) -> int`. A module
is imported only when its command runs, so the TUI's start-up never pays for the others. A new group is one
more entry here.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

PROG = "remotes-tui"


class CommandModule(Protocol):
    """What the module of a command group provides."""

    build_parser: Callable[[], argparse.ArgumentParser]
    main: Callable[[Sequence[str]], int]


@dataclass(frozen=True)
class Command:
    """One command group: `remotes-tui NAME ...`."""

    name: str
    summary: str
    module: str

    def load(self) -> CommandModule:
        return cast(CommandModule, importlib.import_module(self.module))


COMMANDS: tuple[Command, ...] = (
    Command("serve", "run the bundled InfluxDB-compatible server", "remotes_tui.cli.serve_command"),
    Command(
        "profile",
        "add, list, use, remove, show, import-influx saved servers",
        "remotes_tui.cli.profile_commands",
    ),
    Command(
        "remote",
        "list, get, create, update, delete, export, import remote connections (headless)",
        "remotes_tui.cli.remote_commands",
    ),
    Command(
        "fleet",
        "add, list, remove fleet groups (saved profiles opened together with --fleet)",
        "remotes_tui.cli.fleet_commands",
    ),
    Command(
        "completion", "print the shell completion script for bash, zsh or fish", "remotes_tui.cli.completion"
    ),
)


def find(name: str) -> Command | None:
    """The command group called `name`, or None (then the arguments are the TUI's)."""
    return next((command for command in COMMANDS if command.name == name), None)


def command_list() -> str:
    """The commands as lines for the TUI's `--help`."""
    width = max(len(command.name) for command in COMMANDS) + 6
    return "\n".join(f"  {PROG} {command.name + ' ...':<{width}}{command.summary}" for command in COMMANDS)
