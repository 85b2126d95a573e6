"""At run time the headless parts load no Textual (import-linter's contracts, run by scripts/test.sh, check the imports)."""

from __future__ import annotations

from tests.support.fresh_imports import loads_textual


def test_service_layer_and_devserver_do_not_load_textual() -> None:
    assert not loads_textual("remotes_tui.api", "remotes_tui.devserver"), (
        "importing remotes_tui.api and remotes_tui.devserver pulled in Textual"
    )
