"""At run time the headless parts load no Textual (import-linter's contracts, run by scripts/test.sh, check the imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_service_layer_and_devserver_do_not_load_textual() -> None:
    code = (
        "import remotes_tui.api, remotes_tui.devserver, sys; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", (
        "importing remotes_tui.api and remotes_tui.devserver pulled in Textual"
    )
