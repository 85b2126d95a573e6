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
    _without_httpx_command_line()
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    finally:
        gc.enable()


def _without_httpx_command_line() -> None:
    """`import httpx` also imports httpx's own command line (click, pygments, parts of rich) whenever click is
    installed, ~40-70 ms that no command of ours uses. This process never runs httpx's command line, so it is
    marked as not importable: httpx then skips it (its `httpx.main` becomes a stub). Library users of
    `remotes_tui.api` are not affected; only this entry point does it."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def _dispatch(args: list[str]) -> int:
    from remotes_tui.cli.tree import find

    command = find(args[0]) if args else None
    if command is not None:
        return command.load().main(args[1:])
    from remotes_tui.cli.tui_command import run

    return run(args)
