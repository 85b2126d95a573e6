"""The write body's light parse: points counted, blank and comment lines skipped, a line without fields refused."""

from __future__ import annotations

import gzip

import pytest

from remotes_tui.devserver.lineprotocol import WriteBodyError, WriteBodyTooLarge, count_points, decode


@pytest.mark.parametrize(
    ("body", "points"),
    [
        (b"", 0),
        (b"\n", 0),
        (b"#only a comment\n", 0),
        (b"cpu v=1", 1),
        (b"cpu v=1\n", 1),
        (b"\n\ncpu v=1\n\n", 1),
        (b"cpu v=1\n\n# c\n  \nmem,h=a x=2 123\r\n", 2),
        (b"a v=1\r\nb v=2\r\n", 2),
        (b"# a\n#b\n  x=1 v=2", 1),
        (b'blob,b=1 v="a b = c" 1\n', 1),
    ],
)
def test_points_are_counted(body: bytes, points: int) -> None:
    assert count_points(body) == points


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (b"bad\ncpu v=1", "bad"),
        (b"cpu v=1\nbad\n", "bad"),
        (b"cpu,t=a\n", "cpu,t=a"),
        (b"x v=1\n# c\na b", "a b"),
    ],
)
def test_a_line_without_fields_is_refused_like_influxd(body: bytes, line: str) -> None:
    with pytest.raises(WriteBodyError) as error:
        count_points(body)
    assert str(error.value) == f"unable to parse '{line}': missing fields"


def test_gzip_is_decoded_within_the_limit() -> None:
    assert decode(gzip.compress(b"cpu v=1\n"), "gzip", 100) == b"cpu v=1\n"
    assert decode(b"cpu v=1\n", "", 100) == b"cpu v=1\n"
    with pytest.raises(WriteBodyTooLarge):
        decode(gzip.compress(b"x" * 101), "GZIP", 100)
    with pytest.raises(WriteBodyError, match="gzip: invalid header"):
        decode(b"plain", "gzip", 100)
    with pytest.raises(WriteBodyError, match="unexpected EOF"):
        decode(gzip.compress(b"cpu v=1\n")[:-6], "gzip", 100)
    with pytest.raises(WriteBodyError, match="unsupported content encoding"):
        decode(b"x", "br", 100)
