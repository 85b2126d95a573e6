"""The real wheel: build it, install it into a fresh venv, and run the installed `remotes-tui` from elsewhere.

This catches what an editable install hides: files missing from the wheel (the .tcss styles), a broken entry
point, or code that only works from the checkout.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
LISTENING = re.compile(r"listening on (http://[^\s,;]+)")


def _env(venv: Path) -> dict[str, str]:
    """The environment of a user who activated the fresh venv: nothing of the test venv or the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env.pop("REMOTES_TUI_SERVE_TOKEN", None)
    return env


def _run(
    args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited {result.returncode}\n--- stdout\n{result.stdout}\n"
        f"--- stderr\n{result.stderr}"
    )
    return result.stdout


class Installed:
    def __init__(self, wheel: Path, venv: Path, workdir: Path) -> None:
        self.wheel = wheel
        self.venv = venv
        self.workdir = workdir
        self.env = _env(venv)
        self.bin = venv / "bin"

    def python(self, code: str) -> str:
        """What `code` prints, run by the fresh venv's python from the folder outside the checkout."""
        return _run([self.bin / "python", "-c", code], cwd=self.workdir, env=self.env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, REPO], cwd=tmp)
    wheels = sorted(dist.glob("remotes_tui-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {dist}, found {wheels}"

    venv = tmp / "venv"
    _run(
        [sys.executable, "-m", "venv", venv], cwd=tmp
    )  # no --system-site-packages: only what the wheel pulls
    workdir = tmp / "elsewhere"
    workdir.mkdir()
    inst = Installed(wheels[0], venv, workdir)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheels[0]], cwd=workdir, env=inst.env)
    yield inst


def test_wheel_is_installed_outside_the_checkout(installed: Installed) -> None:
    location = installed.python(
        "import remotes_tui, pathlib; print(pathlib.Path(remotes_tui.__file__))"
    ).strip()
    path = Path(location).resolve()
    assert installed.venv.resolve() in path.parents, (
        f"remotes_tui was imported from {path}, not the fresh venv"
    )
    assert REPO not in path.parents


def test_wheel_ships_every_style_sheet(installed: Installed) -> None:
    checkout_styles = sorted(p.name for p in (REPO / "styles").glob("*.tcss"))
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    assert any(name.startswith("remotes_tui/styles/") for name in names), (
        "the wheel has no remotes_tui/styles/ folder (pyproject force-include of styles/)"
    )
    missing = [n for n in checkout_styles if f"remotes_tui/styles/{n}" not in names]
    assert not missing, f"styles missing from the wheel: {missing}"

    package = Path(
        installed.python("import remotes_tui, os; print(os.path.dirname(remotes_tui.__file__))").strip()
    )
    assert (package / "styles").is_dir()
    for name in checkout_styles:
        assert (package / "styles" / name).is_file(), f"{name} is not installed in {package / 'styles'}"


def test_installed_command_help(installed: Installed) -> None:
    out = _run(
        [installed.bin / "remotes-tui", "--help"], cwd=installed.workdir, env=installed.env, timeout=60
    )
    assert out.startswith("usage: remotes-tui"), out
    assert "--demo" in out and "--profile" in out, out


def test_the_published_requirements_hold_no_development_tools(installed: Installed) -> None:
    """Test runners, linters and type checkers are dependency groups, not requirements of the package."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [
            line for line in wheel.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")
        ]
    names = {
        re.split(r"[ <>=!;\[]", line.removeprefix("Requires-Dist:").strip())[0].lower() for line in requires
    }
    assert "textual" in names and "httpx" in names
    assert not names & {"pytest", "ruff", "mypy", "import-linter", "hypothesis", "build"}, names


def test_wheel_ships_its_licence_and_type_information(installed: Installed) -> None:
    """`py.typed` tells type checkers the service layer's annotations are meant for scripts; MIT needs its text."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    assert "remotes_tui/py.typed" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names), sorted(names)[-8:]


def _reader(stream: object, lines: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


def test_installed_serve_answers_ping_and_stops_cleanly(installed: Installed) -> None:
    proc = subprocess.Popen(
        [str(installed.bin / "remotes-tui"), "serve", "--port", "0", "--org", "wheel-org"],
        cwd=installed.workdir,
        env=installed.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    output: list[str] = []
    try:
        url = None
        deadline = time.monotonic() + 15
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            output.append(line)
            match = LISTENING.search(line)
            if match:
                url = match.group(1).rstrip(".")
        assert url, "no 'listening on http://...' line within 15 s:\n" + "".join(output)

        with urllib.request.urlopen(f"{url}/ping", timeout=10) as response:  # noqa: S310 (loopback URL)
            assert response.status == 204

        proc.terminate()
        returncode = proc.wait(timeout=15)
        reader.join(timeout=5)
        while not lines.empty():
            output.append(lines.get())
        text = "".join(output)
        assert returncode == 0, f"serve exited {returncode} on SIGTERM instead of 0:\n{text}"
        assert "Traceback" not in text, text
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
