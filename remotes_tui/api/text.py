"""Values as they may appear in a message: one line, short, and never a password or token from a URL.

A user's value (a 308-character name) or a server's text (a body with tabs and newlines) goes into a sentence
only through these helpers, so a message stays one readable line.
"""

from __future__ import annotations

import re

NAME_LIMIT = 60
"""Longest user value quoted whole in a message; longer ones are cut in the middle."""

SERVER_TEXT_LIMIT = 200
"""Longest piece of a server's text (an error message) quoted in a message."""

_BLANKS = re.compile(r"\s+")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")


def one_line(text: str) -> str:
    """`text` with every run of white space (tabs, newlines) as one space and control characters removed."""
    if text.isprintable() and "  " not in text and text == text.strip():
        return text  # already one line (most names): skip the walk over every character
    printable = "".join(char if char.isprintable() or char.isspace() else " " for char in text)
    return _BLANKS.sub(" ", printable).strip()


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    """One line of at most about `limit` characters: the start and the end, with … between."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 1, 1)
    return f"{line[:head]}…{line[-tail:]}"


def quoted(value: str, limit: int = NAME_LIMIT) -> str:
    """A user's value in quotes for a sentence; a long one is cut and its length given."""
    line = shorten(value, limit)
    if line == value:
        return repr(value)
    if len(value) > limit:
        return f"{line!r} ({len(value)} characters)"
    return repr(line)


def without_userinfo(text: str) -> str:
    """`text` with the `user:password@` part of every URL in it removed (a token can hide there)."""
    return _USERINFO.sub(r"\1", text)
