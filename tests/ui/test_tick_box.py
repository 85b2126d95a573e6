"""The dialogs' checkboxes read without colour: the box holds an X only when ticked (Textual's own Checkbox draws
an X in both states)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from remotes_tui.ui.widgets.tick_box import TickBox
from tests.support.waiting import settle


class OneBox(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("Also delete their replications", False, id="off")
        yield TickBox("Read-only", True, id="on")


def drawn(box: TickBox) -> str:
    return str(box.render())


async def test_the_mark_follows_the_value_when_typed_and_when_set() -> None:
    app = OneBox()
    async with app.run_test() as pilot:
        off, on = app.query_one("#off", TickBox), app.query_one("#on", TickBox)
        assert drawn(off).startswith("▐ ▌") and drawn(on).startswith("▐X▌")
        off.focus()
        await pilot.press("space")
        await settle(pilot)
        assert off.value and drawn(off).startswith("▐X▌")
        on.value = False
        await settle(pilot)
        assert drawn(on).startswith("▐ ▌")
