"""The footer fits the terminal: at 80 columns the main keys and the ^p palette hint are all on screen."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot

from remotes_tui.devserver import DevServer
from remotes_tui.ui.screens.main import MainScreen
from remotes_tui.ui.widgets.key_footer import (
    FooterItem,
    KeyFooter,
    KeySpan,
    fit_items,
    item_width,
    palette_width,
)
from tests.support.waiting import settle, wait_until
from tests.ui.support_main import running

ESSENTIAL = {"new_remote", "edit_remote", "delete_remote", "open_filter", "cycle_sort", "refresh", "help"}
PALETTE = "command_palette"


def visible_keys(screen: MainScreen) -> dict[str, KeySpan]:
    """The footer keys actually drawn, by action, after checking that each lies fully on screen."""
    width = screen.app.size.width
    footer = screen.query_one(KeyFooter)
    assert footer.region.width == width
    keys = {span.action: span for span in footer.spans}
    line = footer.render_line(0).text
    assert len(line) == width
    for span in keys.values():
        assert span.width > 0 and span.x >= 0 and span.x + span.width <= width, (span, width)
        assert span.key_display in line[span.x : span.x + span.width]
    spans = sorted(keys.values(), key=lambda span: span.x)
    for left, right in pairwise(spans):
        assert left.x + left.width <= right.x, f"footer keys overlap: {left} {right}"
    return keys


async def footer_at(pilot: Pilot[Any], size: tuple[int, int]) -> dict[str, KeySpan]:
    await pilot.resize_terminal(*size)
    footer = pilot.app.main_screen.query_one(KeyFooter)  # type: ignore[attr-defined]
    await wait_until(lambda: footer.region.width == size[0] and len(footer.render_line(0).text) == size[0])
    await settle(pilot)
    return visible_keys(pilot.app.main_screen)  # type: ignore[attr-defined]


@pytest.mark.parametrize("read_only", [False, True])
async def test_at_80_columns_the_main_keys_and_the_palette_hint_are_on_screen(
    ui_demo_server: DevServer, read_only: bool
) -> None:
    async with running(ui_demo_server, read_only=read_only, size=(80, 24)) as (_app, pilot, _screen, _notes):
        keys = await footer_at(pilot, (80, 24))
        expected = ESSENTIAL - ({"new_remote", "edit_remote", "delete_remote"} if read_only else set())
        assert expected | {"app.quit", PALETTE} <= set(keys)
        assert keys[PALETTE].key_display == "^p"
        if read_only:  # n, e and d are hidden, which leaves room for the rest
            assert {"copy_id", "switch_profile"} <= set(keys)


async def test_the_footer_refits_when_the_terminal_is_resized(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server, size=(120, 36)) as (app, pilot, _screen, _notes):
        wide = await footer_at(pilot, (120, 36))
        assert ESSENTIAL | {"app.quit", "copy_id", "switch_profile", PALETTE} <= set(wide)
        assert not app.main_screen.query_one(KeyFooter).compact

        narrow = await footer_at(pilot, (80, 24))
        assert ESSENTIAL | {"app.quit", PALETTE} <= set(narrow)
        assert "copy_id" not in narrow  # the help and the palette still have it
        assert app.main_screen.query_one(KeyFooter).compact

        medium = await footer_at(pilot, (90, 30))
        assert "switch_profile" in medium and "copy_id" not in medium  # p goes last

        again = await footer_at(pilot, (120, 36))
        assert set(again) == set(wide)


def items(*pairs: tuple[str, str]) -> list[FooterItem]:
    return [FooterItem(Binding(key, action, action.title()), key, True, "") for key, action in pairs]


def test_fit_items_goes_compact_then_drops_expendable_keys_then_from_the_right() -> None:
    keys = items(("a", "alpha"), ("b", "bravo"), ("c", "charlie"), ("?", "help"), ("d", "delta"))
    (palette,) = items(("^p", "palette"))
    roomy = sum(item_width(item, compact=False) for item in keys) + palette_width(palette, compact=False)
    compact = sum(item_width(item, compact=True) for item in keys) + palette_width(palette, compact=True)

    assert fit_items(keys, palette, roomy) == (False, keys)
    assert fit_items(keys, palette, roomy - 1) == (True, keys)
    assert fit_items(keys, palette, compact) == (True, keys)

    is_compact, shown = fit_items(keys, palette, compact - 1, expendable=("bravo",))
    assert is_compact and [item.binding.action for item in shown] == ["alpha", "charlie", "help", "delta"]

    alpha, help_ = keys[0], keys[3]
    tight = (
        item_width(alpha, compact=True)
        + item_width(help_, compact=True)
        + palette_width(palette, compact=True)
    )
    is_compact, shown = fit_items(keys, palette, tight, expendable=("bravo",))
    assert is_compact and shown == [alpha, help_]  # from the right, but help stays longest
    assert fit_items(keys, palette, tight - 1, expendable=("bravo",)) == (True, [help_])


async def test_clicking_a_footer_key_presses_it_and_hovering_shows_its_tooltip(
    ui_demo_server: DevServer,
) -> None:
    async with running(ui_demo_server, size=(120, 36)) as (_app, pilot, screen, _notes):
        footer = screen.query_one(KeyFooter)
        span = next(span for span in footer.spans if span.action == "cycle_sort")
        await pilot.hover(KeyFooter, offset=(span.x + 1, 0))
        assert footer.tooltip == "Sort by the next column."
        await pilot.click(KeyFooter, offset=(span.x + 1, 0))
        await wait_until(lambda: screen.table.sort_key == "health")
