"""Fuzz what a server may answer, through every service call: only ApiError comes out, always one clean sentence.

Arbitrary bodies, statuses and headers are a fault the bundled server cannot produce, so this is the one place
that answers through `httpx.MockTransport`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remotes_tui.api import (
    ApiError,
    ConnectionSettings,
    InfluxClient,
    ReplicationCreationRequest,
    creation_request,
)
from remotes_tui.api.models import RemoteConnectionUpdateRequest

TOKEN = "leaktest-fuzz-token-0123456789"
ID = "0123456789abcdef"
Call = Callable[[InfluxClient], Awaitable[object]]

CALLS: dict[str, Call] = {
    "remotes.list": lambda c: c.remotes.list(ID),
    "remotes.get": lambda c: c.remotes.get(ID),
    "remotes.create": lambda c: c.remotes.create(
        creation_request(org_id=ID, name="n", remote_url="https://h:8086", remote_api_token="remote-t")
    ),
    "remotes.update": lambda c: c.remotes.update(ID, RemoteConnectionUpdateRequest(name="renamed")),
    "remotes.delete": lambda c: c.remotes.delete(ID),
    "replications.list": lambda c: c.replications.list(ID, remote_id=ID),
    "replications.get": lambda c: c.replications.get(ID),
    "replications.create": lambda c: c.replications.create(
        ReplicationCreationRequest(
            name="r", org_id=ID, remote_id=ID, local_bucket_id=ID, remote_bucket_name="b"
        )
    ),
    "replications.delete": lambda c: c.replications.delete(ID),
    "replications.validate": lambda c: c.replications.validate(ID),
    "orgs.list": lambda c: c.orgs.list(),
    "orgs.find(org)": lambda c: c.orgs.find(org="o"),
    "orgs.find(org_id)": lambda c: c.orgs.find(org_id=ID),
    "buckets.list": lambda c: c.buckets.list(ID),
    "system.me": lambda c: c.system.me(),
    "system.health": lambda c: c.system.health(),
    "system.ping": lambda c: c.system.ping(),
    "resolve_org_id": lambda c: c.resolve_org_id(),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
shaped_like_ours = st.fixed_dictionaries(
    {},
    optional={
        key: json_values | st.lists(st.dictionaries(st.sampled_from(["id", "name", "orgID"]), json_values))
        for key in ("remotes", "replications", "orgs", "buckets", "id", "name", "code", "message", "status")
    },
)


@st.composite
def deeply_nested(draw: st.DrawFn) -> bytes:
    depth = draw(st.sampled_from([100, 5_000, 200_000]))
    opener = draw(st.sampled_from(["[", '{"a":']))
    closer = "]" if opener == "[" else "}"
    return (opener * depth + "1" + closer * depth).encode()


bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    json_values.map(lambda value: json.dumps(value).encode()),
    shaped_like_ours.map(lambda value: json.dumps(value).encode()),
    deeply_nested(),
    st.just(b'{"n": ' + b"9" * 5000 + b"}"),
    st.just(b'{\n\t"remotes": [\n\t\t{\n\t\t\t"id": "'),
)
statuses = st.one_of(
    st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 405, 413, 422, 429, 500, 501, 502, 503, 504]),
    st.integers(min_value=100, max_value=599),
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Content-Type": st.sampled_from(
            ["application/json", "text/html", "application/json; charset=utf-32", "text/plain; charset=nope"]
        ),
        "X-Influxdb-Version": st.sampled_from(["v2.7.12", "1.8.10", ""]),
        "X-Influxdb-Build": st.sampled_from(["OSS", "Cloud"]),
        "Retry-After": st.one_of(
            st.sampled_from(["0", "1", "99999", "Wed, 21 Oct 2015 07:28:00 GMT"]), st.text(max_size=10)
        ),
        "Content-Encoding": st.sampled_from(["gzip", "br", "identity"]),
        "Location": st.text(max_size=40),
    },
)


def _safe_header_values(values: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in values.items() if value.isascii() and value.isprintable()}


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    call=st.sampled_from(sorted(CALLS)),
    status=statuses,
    body=bodies,
    answer_headers=headers.map(_safe_header_values),
)
def test_any_answer_to_any_call_is_a_result_or_one_api_error(
    call: str, status: int, body: bytes, answer_headers: dict[str, str]
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=answer_headers)

    async def run() -> None:
        settings_ = ConnectionSettings(
            url="http://fuzz.local:8086", token=TOKEN, org="o", deadline=2.0, attempts=2, backoff=0
        )
        async with InfluxClient(settings_, transport=httpx.MockTransport(answer)) as client:
            try:
                await CALLS[call](client)
            except ApiError as error:
                message = str(error)
                assert message and message == message.strip(), repr(message)
                assert "\n" not in message and "\t" not in message, repr(message)
                assert TOKEN not in message and TOKEN not in (error.server_message or "")
                assert len(message) < 1200, len(message)

    asyncio.run(run())
