"""Values made safe for a log line: no control character reaches the terminal or splits a line.

A request path is URL-decoded, so `%0a` would forge a whole log line and `%1b` would write terminal escapes.
Every character that is not printable (C0 and C1 controls, DEL, line and paragraph separators, bidi overrides)
is written as a Python-style escape, and so are the backslash and the double quote that frame logged values.
"""

from __future__ import annotations


def escape(value: object) -> str:
    """`value` as text with every non-printable character, backslash and double quote escaped."""
    text = str(value)
    if text.isprintable() and "\\" not in text and '"' not in text:
        return text
    return "".join(_escape_char(ch) for ch in text)


def _escape_char(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
