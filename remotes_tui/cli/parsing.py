"""argparse for the headless commands: a usage mistake is one sentence (never argparse's usage dump), and a
token typed on the command line is refused without being repeated."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

UNRECOGNIZED = "unrecognized arguments: "


class UsageError(Exception):
    """The command line itself is wrong (exit code 2): `str()` is the sentence; `prog` the command it was for."""

    def __init__(self, message: str, prog: str | None = None) -> None:
        super().__init__(message)
        self.prog = prog


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{without_values(message)}; see `{self.prog} --help`.", self.prog)


def without_values(message: str) -> str:
    """argparse lists unrecognized arguments verbatim, and one of them may be a token: keep only the flags."""
    if not message.startswith(UNRECOGNIZED):
        return message
    words = message.removeprefix(UNRECOGNIZED).split()
    flags = [word.split("=", 1)[0] for word in words if word.startswith("-")]
    hidden = len(words) - len(flags)
    shown = " ".join(flags) if flags else ""
    if hidden:
        noun = "value" if hidden == 1 else "values"
        shown = f"{shown} (and {hidden} {noun}, not repeated here)".strip()
    return UNRECOGNIZED + shown


class RefuseFlag(argparse.Action):
    """A flag of the influx CLI that we do not take: refused with a sentence that says what to do instead, its
    value unread and not repeated. Hidden from `--help`."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        self.advice = kwargs.pop("advice")
        kwargs.setdefault("help", argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        raise UsageError(self.sentence(option_string or self.dest), parser.prog)

    def sentence(self, flag: str) -> str:
        return f"{flag} is not accepted. {self.advice}"


class RefuseToken(RefuseFlag):
    """A flag that would carry a token in argv (visible in `ps` and shell history)."""

    def sentence(self, flag: str) -> str:
        return (
            f"{flag} is not accepted: a token on the command line is visible to other users in `ps` "
            f"and stays in your shell history. {self.advice} (Change the token if it was real.)"
        )
