"""HTTPS: `DevServer(tls_cert=..., tls_key=...)` and `serve --tls-cert/--tls-key`, with a self-signed CA."""

from __future__ import annotations

import http.client
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from remotes_tui.devserver import DevServer, RetrySettings, limits

from .httpclient import Client
from .rawhttp import connect, read_until_closed
from .test_replication_engine import wait_for
from .tlscerts import TlsFiles, make_tls_files

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def https_server(tls_files: TlsFiles) -> Iterator[DevServer]:
    with DevServer(port=0, tls_cert=tls_files.cert, tls_key=tls_files.key) as server:
        yield server


def _https(server: DevServer, context: ssl.SSLContext) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection("127.0.0.1", server.port, timeout=10, context=context)


def test_serves_https_with_the_given_certificate(https_server: DevServer, tls_files: TlsFiles) -> None:
    assert https_server.url == f"https://127.0.0.1:{https_server.port}"
    conn = _https(https_server, tls_files.client_context())
    conn.request("GET", "/ping")
    ping = conn.getresponse()
    ping.read()
    assert ping.status == 204
    assert ping.getheader("X-Influxdb-Build") == "OSS"
    conn.request("GET", "/api/v2/me", headers={"Authorization": f"Token {https_server.token}"})
    me = conn.getresponse()
    assert me.status == 200 and b'"name": "admin"' in me.read()
    conn.close()


def test_a_client_that_does_not_trust_the_ca_fails_verification(https_server: DevServer) -> None:
    conn = _https(https_server, ssl.create_default_context())
    with pytest.raises(ssl.SSLCertVerificationError):
        conn.request("GET", "/ping")
    conn.close()


def test_plain_http_to_the_tls_port_gets_gos_answer(https_server: DevServer) -> None:
    with connect(https_server.port) as sock:
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = read_until_closed(sock)
    assert answer == b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"


def test_a_stalled_handshake_blocks_no_one(
    https_server: DevServer, tls_files: TlsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TLS_HANDSHAKE_TIMEOUT", 0.3)
    with connect(https_server.port) as silent:  # connects, never says hello
        conn = _https(https_server, tls_files.client_context())
        conn.request("GET", "/ping")
        assert conn.getresponse().status == 204
        conn.close()
        assert read_until_closed(silent) == b""  # and is closed after the handshake deadline


def test_replication_validation_honours_allow_insecure_tls(https_server: DevServer) -> None:
    """A remote with a certificate from an unknown CA fails validation like Go says, unless allowInsecureTLS."""
    with DevServer(port=0) as edge:
        client = Client(edge)
        strict = client.create_remote(
            name="strict",
            remoteURL=https_server.url,
            remoteAPIToken=https_server.token,
            remoteOrgID=https_server.org_id,
        )
        lax = client.create_remote(
            name="lax",
            remoteURL=https_server.url,
            remoteAPIToken=https_server.token,
            remoteOrgID=https_server.org_id,
            allowInsecureTLS=True,
        )
        failing = client.create_replication(
            strict["id"], name="strict", remoteBucketName=https_server.bucket_name
        )
        working = client.create_replication(lax["id"], name="lax", remoteBucketName=https_server.bucket_name)
        reply = client.post(f"/api/v2/replications/{failing['id']}/validate")
        assert reply.status == 400
        assert reply.json()["message"] == (
            f'replication failed validation: Post "{https_server.url}/api/v2/write?bucket={https_server.bucket_name}'
            f'&org={https_server.org_id}": tls: failed to verify certificate: x509: certificate signed by unknown'
            " authority"
        )
        assert client.post(f"/api/v2/replications/{working['id']}/validate").status == 204
        client.close()


def test_cert_and_key_go_together(tls_files: TlsFiles) -> None:
    with pytest.raises(ValueError, match="both a certificate file and a key file"):
        DevServer(tls_cert=tls_files.cert)


def test_an_unreadable_certificate_is_a_sentence(tmp_path: Path, tls_files: TlsFiles) -> None:
    server = DevServer(port=0, tls_cert=tmp_path / "missing.pem", tls_key=tls_files.key)
    with pytest.raises(ValueError, match=r"cannot use the TLS certificate .*missing\.pem .*No such file"):
        server.start()
    assert not server.running


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "remotes_tui", "serve", "--port", "0", "--token", "t", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_tls_flags(tls_files: TlsFiles) -> None:
    proc = _serve("--tls-cert", str(tls_files.cert), "--tls-key", str(tls_files.key))
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("remotes-tui serve: listening on https://127.0.0.1:")
        port = int(line.split("https://127.0.0.1:", 1)[1].split()[0])
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=tls_files.client_context())
        conn.request("GET", "/ping")
        assert conn.getresponse().status == 204
        conn.close()
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
    assert proc.returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tls-cert", "x.pem"], "--tls-cert and --tls-key go together"),
        (
            ["--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem"],
            "cannot use the TLS certificate",
        ),
    ],
)
def test_serve_tls_errors_exit_2(args: list[str], message: str) -> None:
    proc = _serve(*args)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_https_to_a_plain_http_port_reads_like_go(server: DevServer) -> None:
    with DevServer(port=0) as edge:
        client = Client(edge)
        remote = client.create_remote(remoteURL=f"https://127.0.0.1:{server.port}", remoteOrgID=server.org_id)
        replication = client.create_replication(remote["id"], remoteBucketName=server.bucket_name)
        reply = client.post(f"/api/v2/replications/{replication['id']}/validate")
        client.close()
    assert reply.json()["message"].endswith(": tls: first record does not look like a TLS handshake")


def test_userinfo_in_a_remote_url_never_reaches_a_message() -> None:
    with DevServer(port=0) as edge:
        client = Client(edge)
        remote = client.create_remote(remoteURL="http://user:hunter2@127.0.0.1:9/x")
        replication = client.create_replication(remote["id"])
        reply = client.post(f"/api/v2/replications/{replication['id']}/validate")
        client.close()
    assert reply.status == 400
    assert "hunter2" not in reply.text and "user" not in reply.text
    assert (
        'Post "http://127.0.0.1:9/api/v2/write?bucket=central-bucket&org=0123456789abcdef"'
        in reply.json()["message"]
    )


def test_replication_to_an_https_remote_honours_allow_insecure_tls(https_server: DevServer) -> None:
    fast = RetrySettings(first_backoff=0.02, max_backoff=0.2, timeout=30)
    with DevServer(port=0, replication_retry=fast) as edge:
        client = Client(edge)
        for name, insecure in (("strict", False), ("lax", True)):
            remote = client.create_remote(
                name=name,
                remoteURL=https_server.url,
                remoteAPIToken=https_server.token,
                remoteOrgID=https_server.org_id,
                allowInsecureTLS=insecure,
            )
            client.create_replication(remote["id"], name=name, remoteBucketName=https_server.bucket_name)
        assert (
            client.post(f"/api/v2/write?org={edge.org_id}&bucket={edge.bucket_id}", b"m v=1\n").status == 204
        )

        def settled() -> dict[str, dict[str, object]] | None:
            edge.replicate_now()
            listed = client.get(f"/api/v2/replications?orgID={edge.org_id}").json()["replications"]
            states = {r["name"]: r for r in listed}
            done = (
                states["lax"].get("latestResponseCode") == 204
                and states["strict"].get("latestResponseCode") == 0
            )
            return states if done else None

        states = wait_for(settled, what="one replication through, one refused by TLS")
        client.close()
    assert str(states["strict"]["latestErrorMessage"]).endswith(
        ": tls: failed to verify certificate: x509: certificate signed by unknown authority"
    )
    assert states["lax"]["remainingBytesToBeSynced"] == 0
    assert https_server.points_received() == 1
