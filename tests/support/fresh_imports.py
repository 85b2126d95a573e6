"""What importing some of our modules loads, seen in a fresh interpreter (the test process has loaded everything)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def loads_textual(*modules: str) -> bool:
    """Whether importing `modules` in a fresh `python -c` loads Textual (any `textual` or `textual.*` module)."""
    code = (
        f"import {', '.join(modules)}, sys; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("True", "False"), result.stdout
    return result.stdout.strip() == "True"
