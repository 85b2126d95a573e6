"""The fleet's logic is below the UI: importing it (and running a load) loads no Textual (import-linter checks
the imports; this checks what actually runs)."""

from __future__ import annotations

from tests.support.fresh_imports import loads_textual


def test_the_fleet_package_does_not_load_textual() -> None:
    assert not loads_textual("remotes_tui.fleet", "remotes_tui.fleet.rotation", "remotes_tui.fleet.loading")
