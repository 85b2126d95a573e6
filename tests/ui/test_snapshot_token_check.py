"""The check that a stored snapshot holds no secret reads a parametrized test's SVG too: its name has brackets
(`test_form[80x24]`), which a glob pattern would take for a set of characters and so match no file."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from tests.support.snapshots import assert_no_token_in_snapshots


def stored_snapshot_of(tmp_path: Path, test_name: str, text: str) -> pytest.FixtureRequest:
    """The request of a test called `test_name` in `test_screens.py`, whose stored snapshot holds `text`."""
    folder = tmp_path / "__snapshots__" / "test_screens"
    folder.mkdir(parents=True)
    (folder / f"{test_name}.svg").write_text(text)
    node = SimpleNamespace(path=tmp_path / "test_screens.py", name=test_name)
    return cast(pytest.FixtureRequest, SimpleNamespace(node=node))


@pytest.mark.parametrize("test_name", ["test_form", "test_form[80x24]", "test_form[form-empty-120x36]"])
def test_a_secret_in_the_stored_snapshot_is_found(tmp_path: Path, test_name: str) -> None:
    request = stored_snapshot_of(tmp_path, test_name, "<svg>a-leaked-token-0001</svg>")
    with pytest.raises(AssertionError):
        assert_no_token_in_snapshots(request, ["a-leaked-token-0001"])
    assert assert_no_token_in_snapshots(request, ["a-token-not-shown-0002"]) == 1
