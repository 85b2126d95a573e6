"""`remotes-tui completion bash|zsh|fish`: print the shell completion script (placeholder, filled in below)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

PROG = "remotes-tui completion"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG)
    parser.add_argument("shell", choices=("bash", "zsh", "fish"))
    return parser


def main(argv: Sequence[str]) -> int:
    build_parser().parse_args(list(argv))
    return 0
