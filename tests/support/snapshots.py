"""Snapshot checks shared by the snapshot tests: no secret in a stored SVG, no blinking cursor."""

from __future__ import annotations

import glob
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input


def assert_no_token_in_snapshots(request: pytest.FixtureRequest, secrets: list[str]) -> int:
    """The stored snapshot holds none of the secrets; returns how many stored SVGs were read (syrupy writes a
    new one only at the end of the session, so a first run is covered by the check on the live screenshot in
    `run_before`)."""
    folder = Path(request.node.path).parent / "__snapshots__" / Path(request.node.path).stem
    # Escaped: a parametrized test's name has brackets, which glob would read as a set of characters.
    files = list(folder.glob(f"{glob.escape(request.node.name)}*.svg"))
    for file in files:
        text = file.read_text()
        assert not any(secret in text for secret in secrets), file
    return len(files)


def steady_cursors(app: App[Any]) -> None:
    """Stop every input's cursor blinking on the top screen, so a snapshot is the same on every run."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


@dataclass(frozen=True)
class SecretFreeSnapshot:
    """`snap_compare` for a screen that holds secrets: the snapshot matches, and the stored SVG holds none of
    them (the `snap_check` fixture of the UI tests)."""

    snap_compare: Callable[..., bool]
    request: pytest.FixtureRequest

    def __call__(
        self,
        app: App[Any],
        *,
        terminal_size: tuple[int, int],
        run_before: Callable[[Any], Awaitable[None]],
        secrets: Sequence[str],
    ) -> None:
        assert self.snap_compare(app, terminal_size=terminal_size, run_before=run_before)
        read = assert_no_token_in_snapshots(self.request, list(secrets))
        # The snapshot matched a stored SVG, so the check must have found it (unless syrupy is writing them anew).
        assert read or self.request.config.option.update_snapshots, (
            f"the secret check found no stored snapshot of {self.request.node.name}: it read nothing"
        )


@pytest.fixture
def snap_check(snap_compare: Callable[..., bool], request: pytest.FixtureRequest) -> SecretFreeSnapshot:
    """`snap_compare`, then a check that the stored snapshot holds none of the test's secrets."""
    return SecretFreeSnapshot(snap_compare, request)
