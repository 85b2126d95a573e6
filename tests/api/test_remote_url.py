"""A remote URL is stored as influxd will match it (issue 7, item 7): spaces trimmed, one trailing / dropped."""

from __future__ import annotations

import pytest

from remotes_tui.api import InfluxClient, RemoteConnection, creation_request, normalise_url, update_request
from remotes_tui.devserver import DevServer


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  https://central:8086/  ", "https://central:8086"),
        ("https://central:8086/", "https://central:8086"),
        ("https://central:8086//", "https://central:8086/"),
        ("https://central:8086/influx/", "https://central:8086/influx"),
        ("https://central:8086", "https://central:8086"),
        ("https://", "https://"),
        ("   ", ""),
    ],
)
def test_the_normaliser_trims_spaces_and_one_trailing_slash(typed: str, stored: str) -> None:
    assert normalise_url(typed) == stored


async def create_with_url(client: InfluxClient, server: DevServer, url: str) -> RemoteConnection:
    """The remote "central" created on `server` with `url` as typed."""
    return await client.remotes.create(
        creation_request(org_id=server.org_id, name="central", remote_url=url, remote_api_token="t")
    )


async def test_a_typed_url_is_stored_trimmed_and_found_by_the_exact_filter(
    client: InfluxClient, devserver: DevServer
) -> None:
    created = await create_with_url(client, devserver, " https://central:8086/ ")
    assert created.remote_url == "https://central:8086"
    found = await client.remotes.list(devserver.org_id, remote_url="https://central:8086")
    assert [remote.id for remote in found] == [created.id]


async def test_the_same_url_typed_with_a_slash_is_not_a_change(
    client: InfluxClient, devserver: DevServer
) -> None:
    created = await create_with_url(client, devserver, "https://central:8086")
    assert update_request(created, remote_url="https://central:8086/ ").is_empty()
    moved = update_request(created, remote_url=" https://other:8086/")
    assert moved.to_wire() == {"remoteURL": "https://other:8086"}
