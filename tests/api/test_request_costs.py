"""What each request costs the client, and that the faster paths answer exactly like the careful ones.

- No request makes Python look for a module (httpcore imports sniffio for every pool lock; without it installed
  each request scanned sys.path several times).
- A bulk import's concurrent connections stay open for the next requests (the pool kept 8 of 16 before).
- Answers validated straight from bytes by pydantic: a body its JSON parser refuses still goes the careful way.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import json
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType

import httpx
import pytest

from remotes_tui.api import ConnectionSettings, InfluxClient, InvalidResponseError
from remotes_tui.devserver import DevServer
from tests.support.servers import settings_for


class _Recorder(importlib.abc.MetaPathFinder):
    """Sees every module lookup that sys.modules did not answer (a failed import included)."""

    def __init__(self) -> None:
        self.looked_up: list[str] = []

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        self.looked_up.append(fullname)
        return None


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    finder = _Recorder()
    sys.meta_path.insert(0, finder)
    try:
        yield finder
    finally:
        sys.meta_path.remove(finder)


async def test_requests_look_up_no_module(
    client: InfluxClient, devserver: DevServer, recorder: _Recorder
) -> None:
    await client.remotes.list(devserver.org_id)  # warm: first-use imports are fine
    recorder.looked_up.clear()
    for _ in range(10):
        await client.remotes.list(devserver.org_id)
    assert recorder.looked_up == []


async def test_concurrent_connections_are_kept_for_the_next_requests(devserver: DevServer) -> None:
    """httpx's own transport (the TUI's), built as every InfluxClient builds it."""
    from remotes_tui.api.http_client import build_http_client

    async with build_http_client(settings_for(devserver)) as http:
        devserver.faults.latency = 0.05  # so the 16 requests really overlap
        answers = await asyncio.gather(*(http.get("/api/v2/me") for _ in range(16)))
        assert {answer.status_code for answer in answers} == {200}
        pool = http._transport._pool  # type: ignore[attr-defined]
        assert len(pool.connections) == 16


def _answering(body: bytes, content_type: str = "application/json") -> httpx.MockTransport:
    """A server answering every request with `body` (encodings and shapes the bundled server never sends)."""

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": content_type, "X-Influxdb-Version": "v2.7.11"}
        return httpx.Response(200, content=body, headers=headers)

    return httpx.MockTransport(handler)


REMOTE = {
    "id": "0A1B2C3D4E5F6789",
    "orgID": "1111111111111111",
    "name": "central",
    "remoteURL": "https://central:8086",
    "allowInsecureTLS": False,
}
SETTINGS = ConnectionSettings(url="http://influx.test:8086", token="t")


async def test_a_body_pydantic_cannot_parse_still_reads_the_careful_way() -> None:
    """UTF-16 JSON is JSON to `json.loads`, not to pydantic's parser: the answer is still read."""
    body = json.dumps({"remotes": [REMOTE]}).encode("utf-16")
    async with InfluxClient(SETTINGS, transport=_answering(body)) as client:
        [remote] = await client.remotes.list("1111111111111111")
    assert remote.id == "0a1b2c3d4e5f6789"  # IDs in answers are lower-cased, as before


@pytest.mark.parametrize("bad_id", ["0a1b2c3d4e5f678", "0a1b2c3d4e5f678z", "", "0a1b2c3d4e5f67890"])
async def test_an_answer_with_a_malformed_id_is_refused(bad_id: str) -> None:
    body = json.dumps({**REMOTE, "id": bad_id}).encode()
    async with InfluxClient(SETTINGS, transport=_answering(body)) as client:
        with pytest.raises(InvalidResponseError) as info:
            await client.remotes.get("0a1b2c3d4e5f6789")
    assert "unexpected shape" in str(info.value)


async def test_a_body_that_is_not_json_is_still_told_apart() -> None:
    async with InfluxClient(SETTINGS, transport=_answering(b"<html>hello</html>", "text/html")) as client:
        with pytest.raises(InvalidResponseError) as info:
            await client.remotes.get("0a1b2c3d4e5f6789")
    assert "not JSON" in str(info.value)


def test_a_refused_url_is_refused_every_time() -> None:
    """URL checks are remembered, but only the accepted ones."""
    from remotes_tui.api.fields import check_remote_url

    for _ in range(2):
        with pytest.raises(ValueError, match="must start with http"):
            check_remote_url("ftp://central:8086")
    assert check_remote_url(" https://central:8086/ ") == "https://central:8086"
    assert check_remote_url(" https://central:8086/ ") == "https://central:8086"
