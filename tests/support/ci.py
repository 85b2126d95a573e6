"""What CI demands: under CI=true a missing tool is a failure, on a developer machine a skip."""

from __future__ import annotations

import os
import shutil

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_command(name: str) -> str:
    """The path of a command a test needs: a failure under CI=true, a skip on a developer machine."""
    path = shutil.which(name)
    if path:
        return path
    if IN_CI:
        pytest.fail(f"{name} is not installed; scripts/test.sh installs it when run as root.")
    pytest.skip(f"{name} is not installed (scripts/test.sh installs it when run as root)")
