"""Reading and writing export files: whole or not at all, and one sentence naming the file when that fails.

Shared by the command line and the TUI's palette commands, so both say the same. Blocking: call it off an event
loop.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from remotes_tui.transfer.document import TransferFileError


def write_whole(path: Path, text: str) -> None:
    """Write whole or not at all: a temporary file beside it, then a rename.

    TransferFileError names `path` (not the temporary file) when it cannot be written; nothing is left behind.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as error:
        raise TransferFileError(f"Could not write {path}: {_reason(error)}. Nothing was written.") from None
    finally:
        with contextlib.suppress(OSError):  # no temporary file (a folder that is missing, or is a file)
            temp.unlink(missing_ok=True)


def read_text(path: Path) -> str:
    """The file's text; TransferFileError for one that cannot be read or is not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TransferFileError(f"{path} is not a text file (UTF-8).") from None
    except OSError as error:
        raise TransferFileError(f"Could not read {path}: {_reason(error)}.") from None


def _reason(error: OSError) -> str:
    """The OS's words ("No such file or directory", "Is a directory"), or the error's kind."""
    return error.strerror or type(error).__name__
