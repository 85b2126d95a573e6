"""The `remotes-tui` command: one entry point that picks the sub-command and runs it.

`remotes-tui [options]` opens the TUI, `remotes-tui serve ...` runs the bundled server and
`remotes-tui profile ...` manages saved servers. Each branch imports only what it needs, so `--help` and
start-up stay fast.
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
    command = args[0] if args else ""
    if command == "serve":
        from remotes_tui.cli.serve_command import main as serve_main

        return serve_main(args[1:])
    if command == "profile":
        from remotes_tui.cli.profile_commands import main as profile_main

        return profile_main(args[1:])
    from remotes_tui.cli.tui_command import run

    return run(args)
