"""The `remotes-tui` entry point: run the command group named first (see `tree`), else open the TUI.

`remotes-tui [options]` opens the TUI; `remotes-tui serve|profile|remote|completion ...` run headless. Only the
chosen branch is imported, so `--help` and start-up stay fast.
"""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line `argv` (default: `sys.argv[1:]`); returns the exit code.

    The garbage collector is off while the start-up imports run (they only create long-lived objects);
    `tui_command` freezes what exists and switches it back on before the app runs.
    """
    gc.disable()
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    finally:
        gc.enable()


def _dispatch(args: list[str]) -> int:
    from remotes_tui.cli.tree import find

    command = find(args[0]) if args else None
    if command is not None:
        return command.load().main(args[1:])
    from remotes_tui.cli.tui_command import run

    return run(args)
