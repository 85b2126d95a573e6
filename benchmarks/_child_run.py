"""Run a measuring child process and read its figures: the last line it prints is one JSON object.

The benchmarks measure in a fresh interpreter (so imports, caches and memory start from nothing) and compare
the children's figures; this is the one place that runs such a child and stops the benchmark when it fails.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def child_figures(
    command: Sequence[str],
    *,
    what: str,
    timeout: float,
    stdin: str | None = None,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON object on the last line of `command`'s output; SystemExit naming `what` if it fails."""
    done = subprocess.run(
        list(command),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        env=None if env is None else dict(env),
    )
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
