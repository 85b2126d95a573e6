"""`--http-debug`: every request a client sends and every answer it gets, written out as the influx CLI's flag
does, with the secrets masked.

Masked: the value of the `Authorization` header (its scheme stays: `Token ••••`), proxy credentials and cookies,
every JSON field whose name holds "token" (a remote's `remoteAPIToken`), at any depth, and the client's own
token wherever else it would appear (an answer that echoed it). Bodies longer than
`BODY_LIMIT` characters are cut. The lines go to `write` (the command line's stderr), so stdout keeps the
command's own output.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable

import httpx

from remotes_tui.api.client import InfluxClient

MASK = "••••"
BODY_LIMIT = 4000
"""Characters of a body shown at most (a list of thousands of remotes is cut, and says how much was left out)."""
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})

Write = Callable[[str], None]


def trace_requests(client: InfluxClient, write: Write) -> None:
    """From now on, write each request of `client` (`> ` lines) and each answer (`< ` lines, with the time it
    took) through `write`, one block per call, secrets masked."""
    sent: dict[int, float] = {}
    token = client.settings.token

    def out(block: str) -> None:
        write(block.replace(token, MASK) if token else block)

    async def on_request(request: httpx.Request) -> None:
        sent[id(request)] = time.perf_counter()
        out(_block(">", f"{request.method} {request.url}", request.headers.items(), _content(request)))

    async def on_response(response: httpx.Response) -> None:
        await response.aread()
        started = sent.pop(id(response.request), None)
        took = "" if started is None else f" ({(time.perf_counter() - started) * 1000:.1f} ms)"
        status = f"{response.status_code} {response.reason_phrase}{took}"
        out(_block("<", status, response.headers.items(), response.content))

    hooks = client.http.event_hooks
    client.http.event_hooks = {
        "request": [*hooks.get("request", []), on_request],
        "response": [*hooks.get("response", []), on_response],
    }


def masked(data: object) -> object:
    """`data` (parsed JSON) with the value of every field whose name holds "token" replaced by `MASK`."""
    if isinstance(data, dict):
        return {key: MASK if "token" in str(key).lower() else masked(value) for key, value in data.items()}
    if isinstance(data, list):
        return [masked(item) for item in data]
    return data


def _block(arrow: str, first: str, headers: Iterable[tuple[str, str]], body: bytes | None) -> str:
    lines = [first, *(f"{name}: {_header_value(name, value)}" for name, value in headers)]
    if body is None:
        lines += ["", "(a streamed body, not shown)"]
    elif body:
        lines += ["", _body_text(body)]
    return "\n".join(f"{arrow} {line}".rstrip() for line in lines)


def _header_value(name: str, value: str) -> str:
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, _, credentials = value.partition(" ")
    return f"{scheme} {MASK}" if credentials else MASK


def _content(request: httpx.Request) -> bytes | None:
    try:
        return request.content
    except httpx.RequestNotRead:
        return None


def _body_text(body: bytes) -> str:
    """The body as text: JSON masked (and on one line), anything else as it came; cut at `BODY_LIMIT`."""
    text = body.decode("utf-8", errors="replace")
    with contextlib.suppress(ValueError):  # not JSON: shown as it came
        text = json.dumps(masked(json.loads(text)), ensure_ascii=False)
    if len(text) > BODY_LIMIT:
        return f"{text[:BODY_LIMIT]}… ({len(text) - BODY_LIMIT} more characters)"
    return text
