"""The suite's own rules: no test can hang, and nothing reads outside the repository."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_every_test_has_a_time_limit(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hasplugin("timeout"), "pytest-timeout is not installed"
    limit = float(pytestconfig.getini("timeout"))
    assert 0 < limit <= 600, limit


def test_a_hanging_test_fails_instead_of_hanging(tmp_path: Path) -> None:
    """A test that would wait forever is stopped by the limit and reported as a failure."""
    (tmp_path / "test_hang.py").write_text(
        textwrap.dedent(
            """
            import threading

            def test_hangs():
                threading.Event().wait()
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "timeout=2", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Timeout" in result.stdout + result.stderr


def test_no_file_of_the_project_reads_from_outside_the_repository() -> None:
    """The reference folder beside a developer's checkout (`../shared`) does not exist in a user's clone."""
    pattern = re.compile(r"""["'/]shared/(spec|docs)|parents\[\d\]\.parent""")
    offenders = []
    for folder in ("remotes_tui", "tests", "scripts", "benchmarks"):
        for path in (REPO / folder).rglob("*"):
            if path.suffix not in (".py", ".sh", "") or not path.is_file() or path == Path(__file__):
                continue
            text = path.read_text(errors="replace")
            offenders += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []
