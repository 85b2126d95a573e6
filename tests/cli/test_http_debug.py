"""`--http-debug` on `remotes-tui remote ...`: every request and answer on stderr, over real HTTP against the
bundled server, with the server's token and the remote's token masked everywhere; stdout keeps the command's own
output."""

from __future__ import annotations

import json

import httpx

from remotes_tui.api import ConnectionSettings, InfluxClient
from remotes_tui.api.http_debug import BODY_LIMIT, MASK, masked, trace_requests
from remotes_tui.api.http_debug import _body_text as body_text
from remotes_tui.devserver import DevServer
from remotes_tui.tokens.keyring_store import KeyringTokenStore
from tests.cli.helpers import RemoteCli
from tests.cli.test_remote_commands import create
from tests.support.keyring import leak_token


def blocks(err: str, arrow: str) -> list[list[str]]:
    """The request (`>`) or answer (`<`) blocks on stderr (a blank line after each), as lines without the arrow."""
    chunks = [[line for line in chunk.splitlines() if line[:1] == arrow] for chunk in err.split("\n\n")]
    return [[line[2:] for line in chunk] for chunk in chunks if chunk]


def test_create_shows_the_request_and_answer_with_both_tokens_masked(
    real_keyring: KeyringTokenStore, devserver: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    token = leak_token("remote")
    assert create(remote_cli, "central", token, "--http-debug") == 0
    printed = remote_cli.read()
    assert token not in printed.out + printed.err
    assert devserver.token not in printed.out + printed.err
    assert "> " not in printed.out and "< " not in printed.out  # stdout keeps the command's own output
    requests, answers = blocks(printed.err, ">"), blocks(printed.err, "<")
    post = next(block for block in requests if block[0] == f"POST {devserver.url}/api/v2/remotes")
    assert "authorization: Token ••••" in post
    body = json.loads(post[-1])
    assert body["remoteAPIToken"] == MASK and body["name"] == "central"
    assert any(block[0].startswith("201 Created (") for block in answers)
    assert len(answers) == len(requests)


def test_list_as_json_keeps_stdout_parseable_and_shows_each_call(
    devserver: DevServer, remote_cli: RemoteCli
) -> None:
    remote_cli.use(devserver)
    assert remote_cli(["list", "--json", "--http-debug"]) == 0
    printed = remote_cli.read()
    assert json.loads(printed.out) == []
    firsts = [block[0] for block in blocks(printed.err, ">")]
    assert f"GET {devserver.url}/api/v2/remotes?orgID={devserver.org_id}" in firsts
    assert all(block[0].startswith("200 OK (") for block in blocks(printed.err, "<"))
    assert devserver.token not in printed.err


def test_without_the_flag_nothing_is_written_to_stderr(devserver: DevServer, remote_cli: RemoteCli) -> None:
    remote_cli.use(devserver)
    assert remote_cli(["list", "--json"]) == 0
    assert remote_cli.read().err == ""


def test_every_field_named_for_a_token_is_masked_at_any_depth() -> None:
    data = {"remoteAPIToken": "a", "nested": [{"token": "b", "name": "c"}], "Token_Hint": {"x": 1}}
    assert masked(data) == {
        "remoteAPIToken": MASK,
        "nested": [{"token": MASK, "name": "c"}],
        "Token_Hint": MASK,
    }


def test_a_long_body_is_cut_and_says_how_much_was_left_out() -> None:
    text = body_text(b"x" * (BODY_LIMIT + 10))
    assert text == "x" * BODY_LIMIT + "… (10 more characters)"
    assert body_text(b"not json at all") == "not json at all"


async def test_an_answer_that_echoes_the_servers_token_shows_it_masked() -> None:
    """A fault the bundled server cannot produce: a proxy or server that repeats the token in plain text."""
    token = leak_token("server")

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text=f"refused {request.headers['Authorization']}")

    written: list[str] = []
    settings = ConnectionSettings(url="http://edge.example:8086", token=token, org_id="0123456789abcdef")
    async with InfluxClient(settings, transport=httpx.MockTransport(echo)) as client:
        trace_requests(client, written.append)
        await client.http.get("/api/v2/remotes")
    assert len(written) == 2
    assert written[1].splitlines()[-1] == f"< refused Token {MASK}"
    assert all(token not in block for block in written)
