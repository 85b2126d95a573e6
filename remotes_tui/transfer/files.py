"""Reading and writing export files: whole or not at all, and a clear sentence for a file that is not text.

Shared by the command line and the TUI's palette commands. Blocking: call it off an event loop.
"""

from __future__ import annotations

import os
from pathlib import Path

from remotes_tui.transfer.document import TransferFileError


def write_whole(path: Path, text: str) -> None:
    """Write whole or not at all: a temporary file beside it, then a rename."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def read_text(path: Path) -> str:
    """The file's text; TransferFileError for one that is not UTF-8 text (OSError for one that cannot be read)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TransferFileError(f"{path} is not a text file (UTF-8).") from None
