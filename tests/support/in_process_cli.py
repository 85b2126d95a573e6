"""What the command-line helpers share: a command run in this process, and what it printed (pytest's capsys)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from _pytest.capture import CaptureResult


@dataclass
class InProcessCli:
    """The base of `ProfileCli` and `RemoteCli`: `monkeypatch` to give the command its stdin and environment,
    `capsys` to read what it printed."""

    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def read(self) -> CaptureResult[str]:
        """What the commands printed since the last read: `.out` and `.err`."""
        return self.capsys.readouterr()
