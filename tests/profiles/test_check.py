"""check_profile over real loopback HTTP against the bundled server: which step failed, in a sentence."""

from __future__ import annotations

import socket

import pytest

from remotes_tui.api import ApiError, ConnectionFailedError, NotFoundError, UnauthorizedError
from remotes_tui.devserver import DevServer
from remotes_tui.profiles import Profile
from remotes_tui.profiles.check import ProfileCheckError, check_profile


def profile_for(server: DevServer, **overrides: object) -> Profile:
    fields: dict[str, object] = {"name": "edge", "url": server.url, "org": server.org_name}
    fields.update(overrides)
    return Profile(**fields)  # type: ignore[arg-type]


async def test_a_good_profile_returns_its_org(devserver: DevServer) -> None:
    org = await check_profile(profile_for(devserver), devserver.token)
    assert (org.id, org.name) == (devserver.org_id, devserver.org_name)
    by_id = await check_profile(profile_for(devserver, org=None, org_id=devserver.org_id), devserver.token)
    assert by_id.name == devserver.org_name


async def test_a_wrong_token_is_a_token_problem(devserver: DevServer) -> None:
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(profile_for(devserver), "leaktest-wrong-token")
    error = raised.value
    assert not isinstance(error, ApiError) and isinstance(error.cause, UnauthorizedError)
    assert error.field == "token"
    assert "rejected the token" in str(error)
    assert "leaktest-wrong-token" not in str(error) + repr(error)


async def test_an_unknown_org_is_an_org_problem(devserver: DevServer) -> None:
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(profile_for(devserver, org="no-such-org"), devserver.token)
    assert raised.value.field == "org"
    assert isinstance(raised.value.cause, NotFoundError)
    assert "No organization named 'no-such-org'" in str(raised.value)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_nothing_listening_is_a_url_problem() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(Profile(name="x", url=url, org="o"), "t")
    assert raised.value.field == "url"
    assert isinstance(raised.value.cause, ConnectionFailedError)
    assert url in str(raised.value)


async def test_a_missing_ca_file_is_named(devserver: DevServer) -> None:
    profile = profile_for(devserver, ca_file="/nonexistent/ca.pem")
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(profile, devserver.token)
    assert raised.value.field == "ca_file"
    assert "/nonexistent/ca.pem" in str(raised.value)


async def test_a_token_that_cannot_be_sent_is_a_token_problem(devserver: DevServer) -> None:
    with pytest.raises(ProfileCheckError) as raised:
        await check_profile(profile_for(devserver), "two words")
    assert raised.value.field == "token"
    assert "two words" not in str(raised.value)
