"""Decode request bodies the way influxd's Go `encoding/json` decoder does, with the same error texts.

influxd answers `failed to unmarshal json: <Go decoder error>`; clients show that text, so the dev server
reproduces the common cases: EOF on an empty body, syntax errors, type errors on a field, invalid IDs, keys
matched case-insensitively, unknown keys ignored, null leaving a field unset, trailing data ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .ids import IDError, decode_id

# Field kinds. A "p" prefix would only matter for null handling, and Go ignores null for both pointer and
# plain fields (a pointer stays nil, a plain field keeps its zero value), so one kind per Go type is enough.
STRING = "string"
BOOL = "bool"
INT64 = "int64"
ID = "platform.ID"

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DecodeError(ValueError):
    """The body cannot be decoded; str() is the Go decoder's error text."""


@dataclass(frozen=True)
class StructSpec:
    """A Go request struct: its qualified type name and its JSON fields (tag name -> kind)."""

    type_name: str
    fields: dict[str, str]

    @property
    def folded(self) -> dict[str, str]:
        return _FOLDED.setdefault(self.type_name, {name.lower(): name for name in self.fields})


_FOLDED: dict[str, dict[str, str]] = {}


class _RawNumber:
    """A JSON number that is not an integer, kept as its literal text (Go quotes it in errors)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Object(list[tuple[str, Any]]):
    """A JSON object as its key/value pairs in document order (Go applies duplicate keys in order)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse_int(text: str) -> int | _RawNumber:
    """An integer literal; one longer than Python's int parser takes (4300 digits) stays a literal.

    Go scans a number it ignores without converting it, so a huge number in an unknown field is no error, and
    one in an int64 field gets Go's `cannot unmarshal number ...` like any other number out of range.
    """
    if len(text) > _MAX_INT_DIGITS:
        return _RawNumber(text)
    return int(text)


_MAX_INT_DIGITS = 4300  # sys.get_int_max_str_digits() by default
_DECODER = json.JSONDecoder(
    object_pairs_hook=_Object, parse_float=_RawNumber, parse_int=_parse_int, parse_constant=_reject_constant
)
_WHITESPACE = " \t\n\r"


def decode(body: bytes, spec: StructSpec) -> dict[str, Any]:
    """The fields present (non-null) in `body`, by canonical name; raises DecodeError like Go would."""
    text = body.decode("utf-8", errors="replace")
    start = 0
    while start < len(text) and text[start] in _WHITESPACE:
        start += 1
    if start == len(text):
        raise DecodeError("EOF")
    if text[start] in "NI" or text.startswith("-I", start):
        raise DecodeError(f"invalid character {_quote_char(text[start])} looking for beginning of value")
    try:
        value, _end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise DecodeError(_syntax_message(exc)) from None
    except ValueError:  # NaN / Infinity inside the document
        raise DecodeError("invalid character 'N' looking for beginning of value") from None
    except RecursionError:  # Go stops at 10000 levels of nesting
        raise DecodeError("exceeded max depth") from None
    if value is None:
        return {}
    if not isinstance(value, _Object):
        raise DecodeError(
            f"json: cannot unmarshal {_json_type(value)} into Go value of type {spec.type_name}"
        )
    return _fields(value, spec)


def _fields(pairs: list[tuple[str, Any]], spec: StructSpec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    first_type_error: str | None = None
    folded = spec.folded
    for key, raw in pairs:
        name = folded.get(key.lower())
        if name is None or raw is None:
            continue
        kind = spec.fields[name]
        try:
            out[name] = _convert(raw, kind)
        except _TypeMismatch as mismatch:
            if first_type_error is None:
                first_type_error = (
                    f"json: cannot unmarshal {mismatch.json_type} into Go struct field "
                    f"{spec.type_name.rsplit('.', 1)[-1]}.{name} of type {kind}"
                )
        except IDError as exc:
            raise DecodeError(str(exc)) from None
    if first_type_error is not None:
        raise DecodeError(first_type_error)
    return out


class _TypeMismatch(Exception):
    def __init__(self, json_type: str) -> None:
        super().__init__(json_type)
        self.json_type = json_type


def _convert(raw: Any, kind: str) -> Any:
    if kind == STRING:
        if isinstance(raw, str):
            return _LONE_SURROGATE.sub("\ufffd", raw)
        raise _TypeMismatch(_json_type(raw))
    if kind == BOOL:
        if isinstance(raw, bool):
            return raw
        raise _TypeMismatch(_json_type(raw))
    if kind == INT64:
        if isinstance(raw, int) and not isinstance(raw, bool):
            if _INT64_MIN <= raw <= _INT64_MAX:
                return raw
            raise _TypeMismatch(f"number {raw}")
        if isinstance(raw, _RawNumber):
            raise _TypeMismatch(f"number {raw.text}")
        raise _TypeMismatch(_json_type(raw))
    # ID: a TextUnmarshaler, so only JSON strings reach it.
    if isinstance(raw, str):
        return decode_id(raw)
    raise _TypeMismatch(_json_type(raw))


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | _RawNumber):
        return "number"
    if isinstance(value, _Object):
        return "object"
    return "array"


def _syntax_message(exc: json.JSONDecodeError) -> str:
    doc, pos, msg = exc.doc, exc.pos, exc.msg
    if msg.startswith("Unterminated string") or pos >= len(doc):
        return "unexpected EOF"
    char = doc[pos]
    if msg.startswith("Invalid control character"):
        return f"invalid character {_quote_char(char)} in string literal"
    if msg.startswith("Invalid \\"):
        bad = doc[pos + 1] if pos + 1 < len(doc) else ""
        if not bad:
            return "unexpected EOF"
        return f"invalid character {_quote_char(bad)} in string escape code"
    if msg.startswith("Expecting property name"):
        return f"invalid character {_quote_char(char)} looking for beginning of object key string"
    if msg.startswith("Expecting ':'"):
        return f"invalid character {_quote_char(char)} after object key"
    if msg.startswith("Expecting ','"):
        where = "object key:value pair" if _innermost(doc, pos) == "{" else "array element"
        return f"invalid character {_quote_char(char)} after {where}"
    return f"invalid character {_quote_char(char)} looking for beginning of value"


def _innermost(doc: str, pos: int) -> str:
    """The innermost open bracket at `pos` ('{' or '['), skipping brackets inside strings."""
    stack: list[str] = []
    in_string = escaped = False
    for char in doc[:pos]:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append(char)
        elif char in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else "["


_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _quote_char(char: str) -> str:
    """Go's quoteChar: a character in single quotes, escaped like strconv.Quote."""
    if char == "'":
        return "'\\''"
    if char == '"':
        return "'\"'"
    if char in _SHORT_ESCAPES:
        return f"'{_SHORT_ESCAPES[char]}'"
    if char == "\\":
        return "'\\\\'"
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"'\\x{code:02x}'"
    if not char.isprintable():
        return f"'\\u{code:04x}'" if code <= 0xFFFF else f"'\\U{code:08x}'"
    return f"'{char}'"
