"""The binding ids are what users' keymaps name: they stay as they are, and the key tables catch a typo."""

from __future__ import annotations

import pytest

from remotes_tui.ui.screens.fleet import FleetScreen
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.screens.remotes_browser import key_table

MAIN_IDS = {
    "new_remote": "new-remote",
    "edit_remote": "edit-remote",
    "delete_remote": "delete-remote",
    "toggle_mark": "toggle-mark",
    "undo_delete": "undo-delete",
    "open_filter": "filter",
    "cycle_sort": "cycle-sort",
    "reverse_sort": "reverse-sort",
    "refresh": "refresh",
    "app.toggle_fleet": "toggle-fleet",
    "test_remote": "test-remote",
    "toggle_auto_refresh": "auto-refresh",
    "copy_id": "copy-id",
    "copy_url": "copy-url",
    "toggle_details": "toggle-details",
    "help": "help",
    "app.quit": "quit",
    "clear_filter": "clear-filter",
}
FLEET_IDS = {
    "new_remote": "fleet.new",
    "edit_remote": "fleet.edit",
    "delete_remote": "fleet.delete",
    "undo_delete": "fleet.undo",
    "open_filter": None,
    "cycle_sort": "fleet.sort",
    "reverse_sort": "fleet.reverse-sort",
    "refresh": "fleet.refresh",
    "test_remote": "fleet.test",
    "url_groups": "fleet.urls",
    "rotate_token": "fleet.rotate",
    "app.toggle_fleet": "fleet.one",
    "copy_id": "fleet.copy-id",
    "copy_url": "fleet.copy-url",
    "toggle_details": "fleet.details",
    "help": "fleet.help",
    "app.quit": "fleet.quit",
    "clear_filter": "fleet.clear-filter",
}


@pytest.mark.parametrize(("screen", "ids"), [(MainScreen, MAIN_IDS), (FleetScreen, FLEET_IDS)])
def test_every_key_keeps_its_id_and_the_filter_key_goes_first(
    screen: type, ids: dict[str, str | None]
) -> None:
    bindings = screen.BINDINGS
    assert {binding.action: binding.id for binding in bindings} == ids
    assert [binding.key for binding in bindings if binding.priority] == ["slash"]


def test_a_key_table_refuses_a_hidden_or_priority_key_it_does_not_have() -> None:
    row = ("n", "new_remote", "New", "Create a remote.", "new-remote")
    with pytest.raises(ValueError, match="no binding for m, x"):
        key_table(row, hidden=("m",), priority=("x",))
    (binding,) = key_table(row, hidden=("n",))
    assert (binding.show, binding.priority, binding.tooltip, binding.id) == (
        False,
        False,
        "Create a remote.",
        "new-remote",
    )
