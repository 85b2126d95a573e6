"""Response values and the JSON encodings influxd uses.

influxd's API layer answers with `json.MarshalIndent(v, "", "\t")` (tab indentation, no trailing newline); its
authentication layer answers compact JSON. Go also escapes <, >, & and U+2028/9 inside strings, so the output
here is byte-for-byte what a Go server would send for the same values.
"""

from __future__ import annotations

from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

JSON_TYPE = "application/json; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

_GO_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass(slots=True)
class Response:
    """One HTTP answer; the handler adds the InfluxDB headers, Date and Content-Length."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def pretty_json(value: Any) -> bytes:
    """Go's MarshalIndent with a tab: what influxd's API layer writes."""
    return _go_escape(_pretty(value, "\n")).encode("utf-8", errors="replace")


def compact_json(value: Any) -> bytes:
    """Go's Marshal: what influxd's authentication and write layers write."""
    return _go_escape(_compact(value)).encode("utf-8", errors="replace")


def json_response(status: int, value: Any) -> Response:
    return Response(status, pretty_json(value), JSON_TYPE)


def error_response(status: int, code: str, message: str, *, compact: bool = False) -> Response:
    """An influx error body `{"code", "message"}` with the X-Platform-Error-Code header."""
    value = {"code": code, "message": message}
    body = compact_json(value) if compact else pretty_json(value)
    return Response(status, body, JSON_TYPE, (("X-Platform-Error-Code", code),))


def no_content() -> Response:
    return Response(204)


def plain_not_found() -> Response:
    """Go's http.NotFound: what chi sub-routers without a NotFound handler answer."""
    return Response(404, b"404 page not found\n", TEXT_TYPE, (("X-Content-Type-Options", "nosniff"),))


def empty_method_not_allowed() -> Response:
    """chi's default 405: no body at all."""
    return Response(405)


def _go_escape(text: str) -> str:
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        return text.translate(_GO_ESCAPES)
    return text


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    """An encoded object key plus the separator; keys repeat on every object, so they are cached."""
    encoded = _KEYS.get(name)
    if encoded is None:
        encoded = encode_basestring(name) + ": "
        if len(_KEYS) < 4096:
            _KEYS[name] = encoded
    return encoded


def _pretty(value: Any, newline: str) -> str:
    """MarshalIndent's layout; the common scalar types are tested by exact type first (this is the hot path)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "\t"
        parts = []
        for name, item in value.items():
            item_kind = type(item)
            if item_kind is str:
                text = encode_basestring(item)
            elif item is None:
                text = "null"
            elif item_kind is bool:
                text = "true" if item else "false"
            elif item_kind is int:
                text = int.__repr__(item)
            else:
                text = _pretty(item, inner)
            parts.append(_key(name) + text)
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "\t"
        return "[" + inner + ("," + inner).join([_pretty(v, inner) for v in value]) + newline + "]"
    if isinstance(value, str):  # subclasses of the containers and str take the general route
        return encode_basestring(value)
    if isinstance(value, dict):
        return _pretty(dict(value), newline)
    if isinstance(value, list | tuple):
        return _pretty(list(value), newline)
    return _scalar(value)


def _compact(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        return "{" + ",".join(encode_basestring(k) + ":" + _compact(v) for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_compact(v) for v in value) + "]"
    return _scalar(value)
