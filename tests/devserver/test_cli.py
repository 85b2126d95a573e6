"""`python -m remotes_tui serve` / `cli.main`: the start line, token handling, clean stops, port in use."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from remotes_tui.cli.serve_command import build_parser
from remotes_tui.devserver import DevServer

from .httpclient import Client, Endpoint

REPO = Path(__file__).resolve().parents[2]
LINE = re.compile(
    r"remotes-tui serve: listening on http://127\.0\.0\.1:(\d+) org (\S+) \(orgID ([0-9a-f]{16})\)\n"
)


class Served:
    """A dev server process and what it printed on start."""

    def __init__(self, proc: subprocess.Popen[str], line: str) -> None:
        self.proc = proc
        self.line = line
        match = LINE.fullmatch(line)
        assert match, repr(line)
        self.port = int(match.group(1))
        self.org = match.group(2)
        self.org_id = match.group(3)

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str, str]:
        self.proc.send_signal(signum)
        out, err = self.proc.communicate(timeout=10)
        return self.proc.returncode, out, err


def _spawn(args: list[str], env: dict[str, str] | None = None, module: bool = True) -> subprocess.Popen[str]:
    command = (
        [sys.executable, "-m", "remotes_tui", "serve", *args]
        if module
        else [
            sys.executable,
            "-c",
            f"from remotes_tui.cli.serve_command import main; raise SystemExit(main({args!r}))",
        ]
    )
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k != "REMOTES_TUI_SERVE_TOKEN" and not k.startswith("REMOTES_TUI_SERVE_READ")
    }
    full_env.update(env or {})
    return subprocess.Popen(
        command, cwd=REPO, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _first_line(proc: subprocess.Popen[str], timeout: float = 10.0) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            proc.kill()
            raise AssertionError("the server printed nothing")
    return proc.stdout.readline()


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    started: list[subprocess.Popen[str]] = []

    def run(args: list[str], env: dict[str, str] | None = None, module: bool = True) -> Served:
        proc = _spawn(args, env, module)
        started.append(proc)
        return Served(proc, _first_line(proc))

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)


def test_generated_token_is_printed_once_to_stderr(serve: Callable[..., Served]) -> None:
    served = serve(["--port", "0"])
    assert served.org == "demo-org"
    code, out, err = served.stop()
    assert code == 0
    assert out == ""  # the single start line was already read
    assert "Traceback" not in err
    lines = err.splitlines()
    assert "operator token" in lines[0] and "will not be shown again" in lines[0]
    token = lines[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert err.count(token) == 1
    assert token not in served.line


def test_generated_token_works_while_running(serve: Callable[..., Served]) -> None:
    served = serve(["--port", "0", "--org", "acme", "--seed-demo"], module=False)
    assert served.org == "acme"
    assert served.proc.stderr is not None
    served.proc.stderr.readline()
    token = served.proc.stderr.readline().strip()
    endpoint = Endpoint(served.port, token, served.org_id)
    reply = Client(endpoint).get(f"/api/v2/remotes?orgID={served.org_id}")
    assert reply.status == 200
    assert len(reply.json()["remotes"]) == 8
    code, _out, err = served.stop(signal.SIGINT)
    assert code == 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_a_given_token_is_never_printed(serve: Callable[..., Served]) -> None:
    served = serve(["--port", "0", "--token", "my-secret-token", "--read-only-token", "ro-secret"])
    endpoint = Endpoint(served.port, "my-secret-token", served.org_id)
    assert Client(endpoint).get("/api/v2/me").status == 200
    code, out, err = served.stop()
    assert code == 0
    assert "my-secret-token" not in served.line + out + err
    assert "ro-secret" not in served.line + out + err


def test_token_from_the_environment(serve: Callable[..., Served]) -> None:
    served = serve(["--port", "0"], env={"REMOTES_TUI_SERVE_TOKEN": "env-token"})
    endpoint = Endpoint(served.port, "env-token", served.org_id)
    assert Client(endpoint).get("/api/v2/me").status == 200
    code, _out, err = served.stop()
    assert code == 0
    assert "env-token" not in err


def test_read_only_token_from_the_environment(serve: Callable[..., Served]) -> None:
    served = serve(
        ["--port", "0"],
        env={"REMOTES_TUI_SERVE_TOKEN": "env-token", "REMOTES_TUI_SERVE_READ_ONLY_TOKEN": "env-ro-token"},
    )
    reader = Client(Endpoint(served.port, "env-ro-token", served.org_id))
    assert reader.get(f"/api/v2/remotes?orgID={served.org_id}").status == 200
    assert reader.post("/api/v2/remotes", {"orgID": served.org_id, "name": "x"}).status == 401
    code, _out, err = served.stop()
    assert code == 0
    assert "env-ro-token" not in err


def test_faults_from_the_command_line(serve: Callable[..., Served]) -> None:
    served = serve(["--port", "0", "--token", "t", "--error-status", "503", "--error-rate", "1"])
    endpoint = Endpoint(served.port, "t", served.org_id)
    assert Client(endpoint).get("/ping").status == 503
    assert served.stop()[0] == 0


def test_port_in_use_exits_2_with_one_line() -> None:
    with DevServer(port=0) as busy:
        proc = _spawn(["--port", str(busy.port), "--token", "t"])
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 2
    assert out == ""
    assert err == f"remotes-tui serve: cannot listen on 127.0.0.1:{busy.port}: address already in use\n"


def test_bad_arguments_exit_2() -> None:
    proc = _spawn(["--error-rate", "3"])
    _out, err = proc.communicate(timeout=10)
    assert proc.returncode == 2
    assert "not between 0 and 1" in err


@pytest.mark.parametrize("value", ["200", "302", "600", "abc"])
def test_error_status_must_be_an_error_status(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--error-status", value])
    assert exit_info.value.code == 2
    assert (
        f"argument --error-status: {value} is not an HTTP error status (400-599)" in capsys.readouterr().err
    )


def test_error_status_bounds_parse() -> None:
    assert build_parser().parse_args(["--error-status", "400"]).error_status == 400
    assert build_parser().parse_args(["--error-status", "599"]).error_status == 599


def test_persistent_db_reuses_the_token_without_printing_it(
    tmp_path: Path, serve: Callable[..., Served]
) -> None:
    db = str(tmp_path / "cli.sqlite")
    first = serve(["--port", "0", "--db", db])
    code, _out, err = first.stop()
    token = err.splitlines()[1]
    second = serve(["--port", "0", "--db", db])
    assert second.org_id == first.org_id
    code, _out, err = second.stop()
    assert code == 0
    assert token not in err
    assert "stored" in err


@pytest.mark.parametrize("value", ["1e10", "61", "-1", "nan", "inf", "abc"])
def test_latency_flag_is_bounded(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--latency", value])
    assert exit_info.value.code == 2
    assert f"argument --latency: {value} is not a number of seconds from 0 to 60" in capsys.readouterr().err
