"""Run one headless sub-command (`remote`, `fleet`): parse, call its handler, and turn every way it can end
into an exit code and at most one sentence on stderr (never argparse's usage dump, never a traceback)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from remotes_tui.cli import exit_codes
from remotes_tui.cli.parsing import UsageError

Handler = Callable[[argparse.Namespace], int]
"""What a sub-command's parser sets as `handler`: runs the parsed command, returns its exit code."""

Describe = Callable[[BaseException], tuple[int, str]]
"""The exit code and the sentence for a failure of a handler (an exception or Ctrl+C)."""


def run_command(
    build_parser: Callable[[], argparse.ArgumentParser], argv: Sequence[str], prog: str, describe: Describe
) -> int:
    """Parse `argv` and run the chosen handler. No command: the help on stderr (usage); a usage mistake: its
    sentence (usage); `--help`: its exit code; any other failure: what `describe` makes of it."""
    try:
        parser = build_parser()
        args = parser.parse_args(list(argv))
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help(sys.stderr)
            return exit_codes.USAGE
        prog = args.prog
        return handler(args)
    except UsageError as error:
        return fail(error.prog or prog, str(error), exit_codes.USAGE)
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else exit_codes.OK
    except (Exception, KeyboardInterrupt) as error:
        code, sentence = describe(error)
        return fail(prog, sentence, code)


def fail(prog: str, sentence: str, code: int) -> int:
    """Print `prog: sentence` on stderr and return `code`."""
    print(f"{prog}: {sentence}", file=sys.stderr)
    return code
