"""The connection test of a remote, over real HTTP(S) against bundled servers: each failure said plainly.

An edge server holds the remote and its replications; the remote's URL points at a central server (or at
a refused port, a plain-HTTP port given as https://, a self-signed TLS server, a server that never answers).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from remotes_tui.api import InfluxClient, InvalidInputError, RemoteConnection
from remotes_tui.api.remote_check import (
    CheckReport,
    CheckStep,
    Outcome,
    RemoteCheck,
    RemoteTarget,
    ReplicationUse,
    target_from_values,
)
from remotes_tui.devserver import DevServer, FaultConfig
from tests.devserver.tlscerts import make_tls_files
from tests.support.edge_central import REMOTE_TOKEN, add_remote, make_central
from tests.support.servers import TEST_TOKEN, settings_for

UNKNOWN_ORG = "0123456789abcdef"
SECRETS = (REMOTE_TOKEN, TEST_TOKEN, "not-the-right-token-at-all-42")


def outcomes(report: CheckReport) -> dict[str, Outcome]:
    return {step.key: step.outcome for step in report.steps}


def sentence(report: CheckReport, key: str) -> str:
    return next(step.sentence for step in report.steps if step.key == key)


def assert_no_secret(report: CheckReport) -> None:
    for step in report.steps:
        for secret in SECRETS:
            assert secret not in step.sentence and secret not in step.title


async def saved_check(
    edge: DevServer, central: DevServer, *, token: str = REMOTE_TOKEN, **remote: object
) -> tuple[CheckReport, list[CheckStep], RemoteConnection]:
    """Save a remote (with a replication to central's bucket) on the edge, then test it as the app would."""
    remote_id, replications = await add_remote(
        edge,
        central,
        "central",
        token=token,
        buckets=(("to-central", "central-bucket"),),
        **remote,  # type: ignore[arg-type]
    )
    seen: list[CheckStep] = []
    async with InfluxClient(settings_for(edge)) as client:
        saved = await client.remotes.get(remote_id)
        check = RemoteCheck(RemoteTarget.of_remote(saved, token), replications=replications, edge=client)
        report = await check.run(on_step=seen.append)
    assert_no_secret(report)
    return report, seen, saved


async def test_a_good_remote_passes_every_step_and_nothing_is_written(
    edge: DevServer, central: DevServer
) -> None:
    report, seen, _ = await saved_check(edge, central)
    assert outcomes(report) == {
        "url": Outcome.PASSED,
        "token": Outcome.PASSED,
        "org": Outcome.PASSED,
        "write:central-bucket": Outcome.PASSED,
        next(key for key in outcomes(report) if key.startswith("validate:")): Outcome.PASSED,
    }
    assert report.passed
    assert (report.version, report.build) == (central.version, "OSS")
    assert sentence(report, "url") == f"InfluxDB OSS {central.version} answers."
    assert "central-org" in sentence(report, "org")
    assert all(step.seconds is not None and step.seconds >= 0 for step in report.steps)
    # Each step was reported when it started and when it ended, in order.
    assert [step.outcome for step in seen[:2]] == [Outcome.RUNNING, Outcome.PASSED]
    assert [step.key for step in seen if step.outcome is Outcome.RUNNING] == [
        step.key for step in report.steps
    ]
    assert central.points_received("central-bucket") == 0  # the empty write writes nothing
    assert report.summary().startswith("All 5 checks passed")


async def test_a_wrong_token_fails_the_token_step_and_skips_what_needs_it(
    edge: DevServer, central: DevServer
) -> None:
    report, _, _ = await saved_check(edge, central, token="not-the-right-token-at-all-42")
    steps = outcomes(report)
    assert steps["url"] is Outcome.PASSED
    assert steps["token"] is Outcome.FAILED
    assert "refused the token" in sentence(report, "token")
    assert steps["org"] is Outcome.SKIPPED
    assert steps["write:central-bucket"] is Outcome.SKIPPED
    assert sentence(report, "write:central-bucket") == "Not run: the remote refused the token."
    validate = next(key for key in steps if key.startswith("validate:"))
    assert steps[validate] is Outcome.FAILED  # the edge server's own view agrees
    assert "401" in sentence(report, validate)
    assert not report.passed


async def test_an_unknown_org_fails_the_org_and_the_write(edge: DevServer, central: DevServer) -> None:
    report, _, _ = await saved_check(edge, central, remote_org_id=UNKNOWN_ORG)
    steps = outcomes(report)
    assert steps["token"] is Outcome.PASSED
    assert steps["org"] is Outcome.FAILED
    assert sentence(report, "org").startswith(f"No org with ID {UNKNOWN_ORG} is visible to this token")
    assert steps["write:central-bucket"] is Outcome.FAILED
    assert UNKNOWN_ORG in sentence(report, "write:central-bucket")


async def test_a_missing_bucket_fails_the_write_here_and_on_the_edge(
    edge: DevServer, central: DevServer
) -> None:
    remote_id, replications = await add_remote(edge, central, "central", buckets=(("to-nowhere", "no-such"),))
    async with InfluxClient(settings_for(edge)) as client:
        saved = await client.remotes.get(remote_id)
        report = await RemoteCheck(
            RemoteTarget.of_remote(saved, REMOTE_TOKEN), replications=replications, edge=client
        ).run()
    assert sentence(report, "write:no-such").startswith("The remote has no bucket 'no-such' in that org")
    validate = f"validate:{replications[0].id}"
    assert outcomes(report)[validate] is Outcome.FAILED
    assert sentence(report, validate).startswith("The edge server's own check failed: ")
    assert "replication failed validation" not in sentence(report, validate)


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run_unsaved(
    url: str, *, insecure: bool = False, deadline: float = 20.0, **kw: object
) -> CheckReport:
    target = target_from_values(
        remote_url=url,
        remote_api_token=REMOTE_TOKEN,
        remote_org_id=kw.get("org"),
        allow_insecure_tls=insecure,  # type: ignore[arg-type]
    )
    uses = [ReplicationUse("1111111111111111", "to-central", "central-bucket")]
    report = await RemoteCheck(target, replications=uses, deadline=deadline).run()
    assert_no_secret(report)
    return report


async def test_a_refused_port_is_said_plainly_and_stops_the_remote_steps() -> None:
    port = _refused_port()
    report = await run_unsaved(f"http://127.0.0.1:{port}")
    assert outcomes(report)["url"] is Outcome.FAILED
    assert sentence(report, "url").startswith(
        f"Connection refused by http://127.0.0.1:{port} (seen from this machine)"
    )
    assert {key: o for key, o in outcomes(report).items() if key != "url"} == {
        "token": Outcome.SKIPPED,
        "org": Outcome.SKIPPED,
        "write:central-bucket": Outcome.SKIPPED,
        "edge": Outcome.SKIPPED,
    }
    assert sentence(report, "token") == "Not run: the URL check failed."


async def test_a_plain_http_port_given_as_https_says_to_use_http(central: DevServer) -> None:
    report = await run_unsaved(f"https://127.0.0.1:{central.port}", org=central.org_id)
    assert outcomes(report)["url"] is Outcome.FAILED
    assert sentence(report, "url") == (
        f"https://127.0.0.1:{central.port} speaks plain HTTP, not HTTPS: change the URL to http://127.0.0.1:{central.port}."
    )


@pytest.fixture
def tls_central(tmp_path: Path) -> Iterator[DevServer]:
    files = make_tls_files(tmp_path / "tls")  # a private CA: not trusted by this machine
    server = make_central(tls_cert=files.cert, tls_key=files.key)
    yield server
    server.stop()


async def test_a_self_signed_server_fails_without_allow_insecure_tls(tls_central: DevServer) -> None:
    report = await run_unsaved(tls_central.url, org=tls_central.org_id)
    assert outcomes(report)["url"] is Outcome.FAILED
    said = sentence(report, "url")
    assert said.startswith(
        f"The TLS certificate of {tls_central.url} is not trusted (seen from this machine): "
    )
    assert "Allow insecure TLS" in said
    assert "--ca-file" not in said  # the remote's fix, not this app's flags


async def test_a_self_signed_server_passes_with_allow_insecure_tls(tls_central: DevServer) -> None:
    report = await run_unsaved(tls_central.url, insecure=True, org=tls_central.org_id)
    steps = outcomes(report)
    assert steps["url"] is Outcome.PASSED
    assert "not verified (Allow insecure TLS)" in sentence(report, "url")
    assert steps["token"] is steps["org"] is steps["write:central-bucket"] is Outcome.PASSED
    # Not saved: the edge server can only check saved values.
    assert steps["edge"] is Outcome.SKIPPED
    assert "save the remote" in sentence(report, "edge")


async def test_a_server_that_never_answers_ends_at_the_deadline(central: DevServer) -> None:
    with central.hold("/ping") as held:
        started = asyncio.get_running_loop().time()
        report = await run_unsaved(central.url, org=central.org_id, deadline=1.0)
        elapsed = asyncio.get_running_loop().time() - started
        assert held.total == 1
    assert outcomes(report)["url"] is Outcome.FAILED
    assert sentence(report, "url").startswith(f"{central.url} did not answer within the test's 1 s limit")
    assert outcomes(report)["token"] is Outcome.SKIPPED
    assert elapsed < 10  # bounded by the deadline, not by the held answer (released only at the end)


async def test_cancelling_stops_at_once_and_marks_what_was_left(central: DevServer) -> None:
    target = target_from_values(
        remote_url=central.url, remote_api_token=REMOTE_TOKEN, remote_org_id=central.org_id
    )
    check = RemoteCheck(target)
    seen: list[CheckStep] = []
    with central.hold("/api/v2/me") as held:
        task = asyncio.create_task(check.run(on_step=seen.append))
        assert await held.wait_held_async()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    states = {step.key: (step.outcome, step.sentence) for step in check.steps}
    assert states["url"][0] is Outcome.PASSED
    assert states["token"] == (Outcome.SKIPPED, "Cancelled.")
    assert states["org"] == (Outcome.SKIPPED, "Cancelled.")
    assert seen[-1].sentence == "Cancelled."


async def test_when_me_is_not_allowed_the_org_look_up_proves_the_token(central: DevServer) -> None:
    central.faults = FaultConfig(error_status=403, error_rate=1.0, paths=("/api/v2/me",))
    report = await run_unsaved(central.url, org=central.org_id)
    assert outcomes(report)["token"] is Outcome.PASSED
    assert "may not read its user" in sentence(report, "token")
    assert outcomes(report)["org"] is Outcome.PASSED


async def test_no_remote_org_id_on_a_2x_remote_fails_and_says_what_to_enter(central: DevServer) -> None:
    report = await run_unsaved(central.url)
    assert outcomes(report)["org"] is Outcome.FAILED
    assert "Enter the remote org ID" in sentence(report, "org")
    assert outcomes(report)["write:central-bucket"] is Outcome.FAILED


async def test_a_new_remote_without_replications_checks_url_token_and_org_only(central: DevServer) -> None:
    target = target_from_values(
        remote_url=f" {central.url}/ ",
        remote_api_token=f"{REMOTE_TOKEN}\n",
        remote_org_id=central.org_id.upper(),
    )
    report = await RemoteCheck(target).run()
    assert outcomes(report) == {
        "url": Outcome.PASSED,
        "token": Outcome.PASSED,
        "org": Outcome.PASSED,
        "writes": Outcome.SKIPPED,
    }
    assert sentence(report, "writes").startswith("No replication uses this remote yet")


def test_values_from_a_form_are_checked_field_by_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        target_from_values(remote_url="ftp://x", remote_api_token=" ", remote_org_id="xyz")
    assert set(info.value.field_errors) == {"remote_url", "remote_api_token", "remote_org_id"}
    target = target_from_values(remote_url="https://c.example:8086/influx", remote_api_token="t0ken-value")
    assert target.origin == "https://c.example:8086"
    assert "t0ken-value" not in repr(target)


async def test_a_url_path_is_ignored_like_the_edge_server_does(central: DevServer) -> None:
    report = await run_unsaved(f"{central.url}/some/path", org=central.org_id)
    assert outcomes(report)["url"] is Outcome.PASSED
    assert "The path /some/path is ignored" in sentence(report, "url")


async def test_a_1x_remote_answers_and_needs_no_org() -> None:
    with DevServer(port=0, token=TEST_TOKEN, version="1.8.10") as old:
        old.add_token(REMOTE_TOKEN)
        report = await run_unsaved(old.url)
    assert sentence(report, "url") == "InfluxDB OSS 1.8.10 answers."
    assert (outcomes(report)["org"], sentence(report, "org")) == (
        Outcome.PASSED,
        "No remote org ID, as an InfluxDB 1.x remote needs.",
    )
