"""The body of `POST /api/v2/write`: gzip decoding within the write limit, and a light parse that counts points.

The dev server stores no points; it checks each line looks like a point (a measurement, a space, a field set
with `=`) the way influxd's parser would refuse it, and counts them. Errors carry influxd's texts.
"""

from __future__ import annotations

import re
import zlib

MAX_QUOTED_LINE = 256


class WriteBodyError(ValueError):
    """The body cannot be read or parsed; str() is influxd's message."""


class WriteBodyTooLarge(WriteBodyError):
    """The body (after decompression) is larger than the write limit."""


def decode(body: bytes, content_encoding: str, limit: int) -> bytes:
    """The line protocol in `body`, decompressed when it is gzip; at most `limit` bytes."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding != "gzip":
        raise WriteBodyError(f"unable to read data: unsupported content encoding {content_encoding!r}")
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, limit + 1)
    except zlib.error:
        raise WriteBodyError("unable to read data: gzip: invalid header") from None
    if len(data) > limit:
        raise WriteBodyTooLarge("unable to read data: points batch is too large")
    if not decompressor.eof:
        raise WriteBodyError("unable to read data: unexpected EOF")
    return data


def count_points(data: bytes) -> int:
    """How many points `data` holds (blank lines and # comments skipped); WriteBodyError on a bad line.

    Regular expressions that start at a newline (so the scan jumps from newline to newline), over the whole
    body: a 16 MiB batch costs no list of lines.
    """
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    if not end:
        return 0
    bad = _BAD_FIRST_LINE.match(data, 0, end) or _BAD_LINE.search(data, 0, end)
    if bad is not None:
        quoted = bad.group().strip()[:MAX_QUOTED_LINE].decode("utf-8", errors="replace")
        raise WriteBodyError(f"unable to parse '{quoted}': missing fields")
    lines = data.count(b"\n", 0, end) + 1
    skipped = (1 if _SKIPPED_FIRST_LINE.match(data, 0, end) else 0) + sum(
        1 for _ in _SKIPPED_LINE.finditer(data, 0, end)
    )
    return lines - skipped


# A line that is neither blank nor a comment and has no space followed by a field set with "=".
_BAD = rb"(?![ \t]*(?:#|\r?\n|\r?$))[^ \n]*(?: [^=\n]*)?(?=\n|$)"
_BAD_FIRST_LINE = re.compile(_BAD)
_BAD_LINE = re.compile(rb"\n" + _BAD)
# A blank or comment line (no point).
_SKIPPED = rb"[ \t]*(?:#[^\n]*)?\r?(?=\n|$)"
_SKIPPED_FIRST_LINE = re.compile(_SKIPPED)
_SKIPPED_LINE = re.compile(rb"\n" + _SKIPPED)
