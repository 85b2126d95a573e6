"""The Go-compatible body decoder: influxd's `failed to unmarshal json: ...` texts come from here."""

from __future__ import annotations

import pytest

from remotes_tui.devserver import gojson
from remotes_tui.devserver.ids import decode_id, new_id, parse_id

SPEC = gojson.StructSpec(
    "influxdb.Thing", {"name": gojson.STRING, "on": gojson.BOOL, "size": gojson.INT64, "orgID": gojson.ID}
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "EOF"),
        (b"  \n\t", "EOF"),
        (b"{", "unexpected EOF"),
        (b'{"name": "abc', "unexpected EOF"),
        (b"{x}", "invalid character 'x' looking for beginning of object key string"),
        (b"x", "invalid character 'x' looking for beginning of value"),
        (b'{"name" 1}', "invalid character '1' after object key"),
        (b'{"name": 1 2}', "invalid character '2' after object key:value pair"),
        (b'{"name": [1 2]}', "invalid character '2' after array element"),
        (b'{"name": "a\nb"}', "invalid character '\\n' in string literal"),
        (b'{"name": "\\q"}', "invalid character 'q' in string escape code"),
        (b'{"size": NaN}', "invalid character 'N' looking for beginning of value"),
        (b"[]", "json: cannot unmarshal array into Go value of type influxdb.Thing"),
        (b'"s"', "json: cannot unmarshal string into Go value of type influxdb.Thing"),
        (b'{"name": {}}', "json: cannot unmarshal object into Go struct field Thing.name of type string"),
        (b'{"on": "true"}', "json: cannot unmarshal string into Go struct field Thing.on of type bool"),
        (b'{"size": 1e3}', "json: cannot unmarshal number 1e3 into Go struct field Thing.size of type int64"),
        (
            b'{"size": 9223372036854775808}',
            "json: cannot unmarshal number 9223372036854775808 into Go struct field Thing.size of type int64",
        ),
        (
            b'{"orgID": 1}',
            "json: cannot unmarshal number into Go struct field Thing.orgID of type platform.ID",
        ),
        (b'{"orgID": "1"}', "id must have a length of 16 bytes"),
        (b'{"orgID": "000000000000000g"}', "invalid ID"),
        # An invalid ID stops decoding at once; a type error is only reported at the end.
        (b'{"on": 1, "orgID": "x"}', "id must have a length of 16 bytes"),
        (b'{"name": ' + b"[" * 100_000, "exceeded max depth"),
    ],
)
def test_errors_read_like_go(body: bytes, message: str) -> None:
    with pytest.raises(gojson.DecodeError) as excinfo:
        gojson.decode(body, SPEC)
    assert str(excinfo.value) == message


def test_values() -> None:
    body = (
        b'{"NAME": "a", "name": "b", "on": true, "size": -5, "orgID": "ABCDEF0123456789", "x": [1]} trailing'
    )
    assert gojson.decode(body, SPEC) == {"name": "b", "on": True, "size": -5, "orgID": "abcdef0123456789"}
    assert gojson.decode(b"null", SPEC) == {}
    assert gojson.decode(b'{"name": null, "on": null}', SPEC) == {}
    assert gojson.decode(b'{"name": "\\ud800x"}', SPEC) == {"name": "\ufffdx"}


def test_ids() -> None:
    made = {new_id() for _ in range(100)}
    assert len(made) == 100
    assert all(parse_id(i) == i and len(i) == 16 for i in made)
    assert decode_id("0123456789ABCDEF") == "0123456789abcdef"
    assert parse_id("0000000000000000") is None
    assert parse_id("0x23456789abcdef") is None
    assert parse_id("") is None


def test_a_huge_number_in_an_ignored_field_is_ignored_like_go() -> None:
    """Go scans a number it does not store without converting it; Python's int() would refuse > 4300 digits."""
    huge = b"9" * 5000
    assert gojson.decode(b'{"name": "x", "other": ' + huge + b"}", SPEC) == {"name": "x"}
    assert gojson.decode(b'{"name": "x", "other": [-' + huge + b"]}", SPEC) == {"name": "x"}


def test_a_huge_number_in_an_int64_field_says_what_is_wrong() -> None:
    huge = "9" * 5000
    with pytest.raises(gojson.DecodeError) as error:
        gojson.decode(b'{"size": ' + huge.encode() + b"}", SPEC)
    assert (
        str(error.value)
        == f"json: cannot unmarshal number {huge} into Go struct field Thing.size of type int64"
    )
