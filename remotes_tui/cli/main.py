"""The `remotes-tui` entry point: run the command group named first (see `tree`), else open the TUI.

`remotes-tui [options]` opens the TUI; `remotes-tui serve|profile|remote|completion ...` run headless. Only the
chosen branch is imported, so `--help` and start-up stay fast.
"""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line `argv` (default: `sys.argv[1:]`); returns the exit code.

    The garbage collector is off while the start-up imports run (they only create long-lived objects);
    `tui_command` freezes what exists and switches it back on before the app runs.
    """
    gc.disable()
    lighten_service_layer_imports()
    try:
        return _dispatch(list(sys.argv[1:] if argv is None else argv))
    finally:
        gc.enable()


def lighten_service_layer_imports() -> None:
    """Leave out what the service layer's libraries import but this program never uses (about 60-100 ms).

    - httpx's own command line (`httpx._main`, which imports click, pygments and parts of rich whenever click
      is installed): marked as not importable, httpx falls back to a stub `main`.
    - pydantic's plugin discovery, which reads every installed package's entry points on the first model
      build (`PYDANTIC_DISABLE_PLUGINS`; a value the user set is kept).

    Only this entry point does it: library users of `remotes_tui.api` are not affected.
    """
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _dispatch(args: list[str]) -> int:
    from remotes_tui.cli.tree import find

    command = find(args[0]) if args else None
    if command is not None:
        return command.load().main(args[1:])
    from remotes_tui.cli.tui_command import run

    return run(args)
