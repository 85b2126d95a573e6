"""The fleet's logic is below the UI: importing it (and running a load) loads no Textual (import-linter checks
the imports; this checks what actually runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_fleet_package_does_not_load_textual() -> None:
    code = (
        "import remotes_tui.fleet, remotes_tui.fleet.rotation, remotes_tui.fleet.loading, sys; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
