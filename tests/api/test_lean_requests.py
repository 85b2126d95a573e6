"""The shortcuts that make a request cheaper answer exactly like the long way.

- Request URLs are parsed once per client and sent as httpx would have joined them (a base path included).
- No cookie is kept or sent back (InfluxDB authenticates with the token; parsing cookies cost a fifth of a request).
- IDs in answers: a lower-case one is taken as it is, an upper-case one lowered, anything else refused.
- The aiohttp transport hands a plain body to httpx whole: the headers stay as the server sent them, an encoded
  body is still decoded, and `elapsed` is set.
- Putting a value on one line skips the walk over its characters only when it is already one clean line.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from remotes_tui.api import ConnectionSettings, InfluxClient, InvalidResponseError
from remotes_tui.api.text import one_line
from tests.support.raw_server import raw_server as raw_http_server

ORG = "1111111111111111"
REMOTE = {
    "id": "0a1b2c3d4e5f6789",
    "orgID": ORG,
    "name": "central",
    "remoteURL": "https://central:8086",
    "allowInsecureTLS": False,
}


def _recording(
    seen: list[httpx.Request], answer: Callable[[httpx.Request], httpx.Response]
) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    return httpx.MockTransport(handler)


def _json(body: object, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers={"X-Influxdb-Version": "v2.7.11", **headers})


async def test_urls_are_joined_to_a_base_path_as_httpx_would() -> None:
    """A server behind a reverse proxy at /influx: every request keeps the prefix, the query and the ID."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return _json(REMOTE if request.url.path.endswith(str(REMOTE["id"])) else {"remotes": [REMOTE]})

    settings = ConnectionSettings(url="http://influx.test:8086/influx/", token="t")
    async with InfluxClient(settings, transport=_recording(seen, answer)) as client:
        for _ in range(2):  # the second time from the remembered URL
            await client.remotes.list(ORG, name="central one")
        await client.remotes.get(str(REMOTE["id"]))
    assert [str(request.url) for request in seen] == [
        f"http://influx.test:8086/influx/api/v2/remotes?orgID={ORG}&name=central+one",
        f"http://influx.test:8086/influx/api/v2/remotes?orgID={ORG}&name=central+one",
        "http://influx.test:8086/influx/api/v2/remotes/0a1b2c3d4e5f6789",
    ]
    assert all(request.headers["Authorization"] == "Token t" for request in seen)


async def test_cookies_a_server_sets_are_neither_kept_nor_sent_back() -> None:
    """The bundled server sets no cookie, so a mock answers with one (a load balancer's, say)."""
    seen: list[httpx.Request] = []
    answer = _json({"remotes": []}, **{"Set-Cookie": "session=abc; Path=/"})
    transport = _recording(seen, lambda request: answer)
    settings = ConnectionSettings(url="http://influx.test:8086", token="t")
    async with InfluxClient(settings, transport=transport) as client:
        await client.remotes.list(ORG)
        await client.remotes.list(ORG)
        assert not list(client.http.cookies.jar)
        client.http.cookies = {"given": "1"}  # type: ignore[assignment]
        await client.remotes.list(ORG)
    assert len(seen) == 3
    assert all("cookie" not in request.headers for request in seen)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("0a1b2c3d4e5f6789", "0a1b2c3d4e5f6789"), ("0A1B2C3D4E5F6789", "0a1b2c3d4e5f6789")],
)
async def test_ids_in_answers_are_lower_case(sent: str, kept: str) -> None:
    body = {"remotes": [{**REMOTE, "id": sent, "orgID": sent}]}
    transport = httpx.MockTransport(lambda request: _json(body))
    async with InfluxClient(
        ConnectionSettings(url="http://influx.test:8086", token="t"), transport=transport
    ) as c:
        [remote] = await c.remotes.list(ORG)
    assert (remote.id, remote.org_id) == (kept, kept)


@pytest.mark.parametrize(
    "bad_id", ["0A1B2C3D4E5F678", "0a1b2c3d4e5f678g", "0A1B2C3D4E5F678G", " 0a1b2c3d4e5f6789"]
)
async def test_one_bad_id_in_a_long_list_refuses_the_answer(bad_id: str) -> None:
    """Neither of the two ID patterns lets it through, wherever it is in the list."""
    rows = [{**REMOTE, "id": f"{index:016x}", "name": f"r{index}"} for index in range(300)]
    rows[150]["id"] = bad_id
    transport = httpx.MockTransport(lambda request: _json({"remotes": rows}))
    async with InfluxClient(
        ConnectionSettings(url="http://influx.test:8086", token="t"), transport=transport
    ) as c:
        with pytest.raises(InvalidResponseError) as info:
            await c.remotes.list(ORG)
    assert "unexpected shape" in str(info.value)


# -- the aiohttp transport's whole bodies ----------------------------------------------------------------------


@pytest.fixture
def raw_server() -> Iterator[tuple[str, list[bytes]]]:
    """An HTTP server that answers every request with the next of the raw answers the test puts in the list."""
    answers: list[bytes] = []

    def answer(connection: socket.socket, stop: threading.Event) -> None:
        while answers and connection.recv(65536):
            connection.sendall(answers.pop(0))

    with raw_http_server(answer) as url:
        yield url, answers


def _raw_answer(body: bytes, *headers: str) -> bytes:
    head = ["HTTP/1.1 200 OK", "Content-Type: application/json", "X-Influxdb-Version: v2.7.12", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def test_the_aiohttp_transport_keeps_headers_decodes_bodies_and_times_answers(
    raw_server: tuple[str, list[bytes]],
) -> None:
    from remotes_tui.api.aiohttp_transport import fast_transport

    url, answers = raw_server
    body = json.dumps({"remotes": [REMOTE]}).encode()
    packed = gzip.compress(body)
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    answers += [
        _raw_answer(body, f"Content-Length: {len(body)}"),
        _raw_answer(packed, f"Content-Length: {len(packed)}", "Content-Encoding: gzip"),
        _raw_answer(chunked, "Transfer-Encoding: chunked"),
    ]
    settings = ConnectionSettings(url=url, token="t")
    async with InfluxClient(settings, transport=fast_transport(settings)) as client:
        responses = [await client.http.get("/api/v2/remotes", params={"orgID": ORG}) for _ in range(3)]
    plain, encoded, streamed = responses
    assert [response.json() for response in responses] == [{"remotes": [REMOTE]}] * 3
    assert plain.headers["Content-Length"] == str(len(body))
    assert encoded.headers["Content-Length"] == str(len(packed))  # as sent, not the decoded length
    assert "content-length" not in streamed.headers  # no header the server did not send
    assert streamed.headers["Transfer-Encoding"] == "chunked"
    assert all(response.elapsed.total_seconds() >= 0 for response in responses)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("central-eu", "central-eu"),
        ("central eu", "central eu"),
        ("central  eu", "central eu"),
        (" central", "central"),
        ("central\teu", "central eu"),
        ("central\u00a0eu", "central eu"),
        ("central\x00eu", "central eu"),
        ("zentral-ü", "zentral-ü"),
        ("", ""),
    ],
)
def test_one_line(text: str, line: str) -> None:
    assert one_line(text) == line
