"""A remote's API token for a headless command: from stdin, the environment, or a hidden prompt; never argv.

The order: `--remote-api-token-stdin` (everything on stdin up to EOF, stripped), then
`REMOTES_TUI_REMOTE_API_TOKEN`, then a hidden prompt when stdin is a terminal (`create` asks on its own, `update`
with `--remote-api-token-prompt`). `--remote-api-token VALUE`, the influx CLI's flag, is refused without being
repeated.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from remotes_tui.cli.parsing import RefuseToken, UsageError

REMOTE_TOKEN_ENV = "REMOTES_TUI_REMOTE_API_TOKEN"
_ADVICE = f"Pipe it in with --remote-api-token-stdin, or set {REMOTE_TOKEN_ENV}."


def add_remote_token_flags(parser: argparse.ArgumentParser, *, prompt_flag: bool) -> None:
    group = parser.add_argument_group(
        f"remote API token (never on the command line; or set {REMOTE_TOKEN_ENV})"
    )
    group.add_argument(
        "--remote-api-token-stdin",
        action="store_true",
        help='read the remote\'s API token from stdin (e.g. printf %%s "$TOKEN" | ...)',
    )
    if prompt_flag:
        group.add_argument(
            "--remote-api-token-prompt",
            action="store_true",
            help="ask for a new API token (hidden) on the terminal",
        )
    group.add_argument("--remote-api-token", action=RefuseToken, advice=_ADVICE)


def read_stdin_secret(what: str) -> str:
    """Everything on stdin, stripped; UsageError when nothing arrived."""
    text = sys.stdin.read().strip() if sys.stdin is not None else ""
    if not text:
        raise UsageError(f"No {what} arrived on stdin; pipe it in, or leave out the -stdin flag.")
    return text


def prompt_secret(label: str) -> str:
    """A hidden prompt on the terminal; UsageError when stdin is not one or nothing was typed."""
    if not is_terminal():
        raise UsageError(f"No {label}: stdin is not a terminal, so it cannot be asked for. {_ADVICE}")
    typed = getpass.getpass(f"{label} (hidden): ").strip()
    if not typed:
        raise UsageError(f"No {label} was typed; nothing was changed.")
    return typed


def remote_token(args: argparse.Namespace, *, required: bool) -> str | None:
    """The remote API token the command line asks for, or None when `update` was not asked to change it."""
    if args.remote_api_token_stdin:
        return read_stdin_secret("remote API token")
    from_env = os.environ.get(REMOTE_TOKEN_ENV, "").strip()
    if from_env:
        return from_env
    if required or getattr(args, "remote_api_token_prompt", False):
        if not is_terminal():
            raise UsageError(
                "No remote API token: pipe it in with --remote-api-token-stdin, set "
                f"{REMOTE_TOKEN_ENV}, or run on a terminal to be asked for it."
            )
        return prompt_secret("Remote API token")
    return None


def is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
