"""The virtual remotes table: rows, keys, filter, sort, mouse, messages, and its pure row model.

A minimal app mounts only a `RemotesTable`; rows are built in code, so no server is needed here.
"""

from __future__ import annotations

import random

import pytest
from textual import events, on
from textual.app import App, ComposeResult
from textual.message import Message

from remotes_tui.api import RemoteConnection
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.table_model import (
    COLUMN_KEYS,
    NO_VALUE,
    TableModel,
    clean,
    fit,
    fit_url,
    layout_columns,
    make_row,
)

ORG_ID = "0a1b2c3d4e5f6071"
SIZE = (100, 30)
WIDE = (140, 30)
"""Wide enough for the full column labels once every URL is whole."""


def remote(
    id: str,
    name: str,
    url: str = "https://central.example.com:8086",
    *,
    description: str | None = None,
    remote_org_id: str | None = None,
    insecure: bool = False,
    org_id: str = ORG_ID,
) -> RemoteConnection:
    return RemoteConnection(
        id=id,
        name=name,
        orgID=org_id,
        description=description,
        remoteURL=url,
        remoteOrgID=remote_org_id,
        allowInsecureTLS=insecure,
    )


def many_remotes(count: int, seed: int = 7) -> list[RemoteConnection]:
    """`count` distinct remotes named edge-00000... so the name sort equals creation order."""
    rng = random.Random(seed)
    return [
        remote(
            f"{index:016x}",
            f"edge-{index:05d}",
            f"https://influx-{rng.randrange(1000)}.example.net:8086",
            remote_org_id=f"{rng.getrandbits(64):016x}" if index % 2 else None,
            insecure=index % 7 == 0,
        )
        for index in range(count)
    ]


SAMPLE = [
    remote(
        "00000000000000a1",
        "Central-EU",
        "https://eu.Central.example.com:8086",
        description="Frankfurt primary",
        remote_org_id="1111111111111111",
    ),
    remote(
        "00000000000000b2",
        "backup",
        "http://10.0.0.5:8086",
        description="Basement NAS",
        insecure=True,
    ),
    remote(
        "00000000000000c3",
        "analytics-us",
        "https://us.example.org",
        remote_org_id="2222222222222222",
        org_id="fedcba9876543210",
    ),
    remote("00000000000000d4", "Dev", "https://dev.internal:9999", description="scratch space"),
]


class TableApp(App[None]):
    """Mounts one table and records every message it posts."""

    def __init__(self, remotes: list[RemoteConnection] | None = None, *, auto_focus: bool = True) -> None:
        super().__init__()
        self._initial = remotes or []
        if not auto_focus:
            self.AUTO_FOCUS = None
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield RemotesTable(self._initial, id="remotes")

    @on(RemotesTable.Highlighted)
    @on(RemotesTable.Selected)
    @on(RemotesTable.SortChanged)
    def _record(self, message: Message) -> None:
        self.messages.append(message)

    def of_type(self, kind: type[Message]) -> list[Message]:
        return [message for message in self.messages if isinstance(message, kind)]


def names(table: RemotesTable) -> list[str]:
    return [item.name for item in table.visible_remotes]


def screen_text(table: RemotesTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def selected_name(table: RemotesTable) -> str | None:
    return table.selected.name if table.selected else None


# -- filling and rendering --------------------------------------------------------------------------------


async def test_rows_render_sorted_by_name_under_a_fixed_header() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        assert (table.visible_count, table.total_count) == (4, 4)
        assert names(table) == ["analytics-us", "backup", "Central-EU", "Dev"]
        lines = screen_text(table)
        header = lines[0]
        for label in ("Name ▲", "Remote URL", "Remote Org ID", "Insecure TLS", "ID"):
            assert label in header
        assert lines[1].lstrip().startswith("analytics-us")
        assert lines[4].lstrip().startswith("Dev")
        assert lines[5].strip() == ""
        assert selected_name(table) == "analytics-us"


async def test_cells_show_yes_no_and_a_dash_for_an_empty_remote_org() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        backup = screen_text(table)[2]
        assert "backup" in backup and "yes" in backup and NO_VALUE in backup
        central = screen_text(table)[3]
        # The health column (… until replications arrive) leaves the IDs squeezed at this width.
        assert "111111111111" in central and " no " in central and "00000000000000" in central


async def test_set_remotes_replaces_every_row() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        table.set_remotes([remote("00000000000000e5", "only-one")])
        await pilot.pause()
        assert names(table) == ["only-one"]
        assert (table.visible_count, table.total_count) == (1, 1)
        assert "only-one" in screen_text(table)[1]
        assert screen_text(table)[2].strip() == ""


async def test_an_empty_table_renders_a_header_and_a_blank_body() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.press("down", "end", "pagedown", "enter", "home")
        await pilot.pause()
        assert table.selected is None
        assert (table.visible_count, table.total_count) == (0, 0)
        lines = screen_text(table)
        assert "Name ▲" in lines[0]
        assert all(line.strip() == "" for line in lines[1:])
        assert app.of_type(RemotesTable.Selected) == []
        highlighted = app.of_type(RemotesTable.Highlighted)
        assert highlighted and highlighted[-1].remote is None  # type: ignore[attr-defined]


async def test_ten_thousand_rows_mount_no_child_widgets() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        before = len(list(app.screen.walk_children(with_self=True)))
        table.set_remotes(many_remotes(10_000))
        await pilot.press("end")
        await pilot.pause()
        assert table.visible_count == 10_000
        assert len(list(app.screen.walk_children(with_self=True))) == before
        assert len(table.children) == 0
        assert screen_text(table)[-1].lstrip().startswith("edge-09999")


async def test_rows_set_before_mounting_show_and_announce_once_mounted() -> None:
    table = RemotesTable()
    table.set_remotes(SAMPLE, keep_id="00000000000000d4")
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await app.query_one(RemotesTable).remove()
        await app.mount(table)
        await pilot.pause()
        assert selected_name(table) == "Dev"
        assert "Dev" in screen_text(table)[4]
        assert app.of_type(RemotesTable.Highlighted)[-1].remote.name == "Dev"  # type: ignore[attr-defined]


async def test_resizing_to_80_columns_shortens_the_labels_and_keeps_the_cursor_in_view() -> None:
    app = TableApp(many_remotes(500))
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.press("end")
        await pilot.pause()
        assert "Insecure TLS" in screen_text(table)[0] and "ID " in screen_text(table)[0][-20:]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        header = screen_text(table)[0]
        assert "Insecure TLS" not in header and "TLS" in header
        assert "ID" not in header.split() and "Remote org" in header  # the ID gives way first
        lines = screen_text(table)
        assert lines[-1].lstrip().startswith("edge-00499")
        assert all(
            table.render_line(y).cell_length == table.scrollable_content_region.width for y in range(23)
        )


# -- keys -------------------------------------------------------------------------------------------------


async def test_cursor_keys_move_the_cursor_and_keep_it_in_view() -> None:
    app = TableApp(many_remotes(200))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        body = table.scrollable_content_region.height - 1
        steps = [
            ("down", 1),
            ("j", 2),
            ("k", 1),
            ("up", 0),
            ("up", 0),
            ("pagedown", body),
            ("pagedown", 2 * body),
            ("pageup", body),
            ("end", 199),
            ("down", 199),
            ("home", 0),
            ("G", 199),
            ("g", 0),
        ]
        for key, expected in steps:
            await pilot.press(key)
            await pilot.pause()
            assert table.cursor_row == expected, key
            assert selected_name(table) == f"edge-{expected:05d}", key
            top = table.scroll_offset.y
            assert top <= expected < top + body, key


async def test_enter_posts_selected_for_the_cursor_row() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        selected = app.of_type(RemotesTable.Selected)
        assert [message.remote.name for message in selected] == ["backup"]  # type: ignore[attr-defined]
        assert selected[0].control is app.query_one(RemotesTable)


async def test_highlighted_is_posted_when_the_cursor_row_changes() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.messages.clear()
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("up", "up")  # the second "up" does not move
        await pilot.pause()
        highlighted = [m.remote.name for m in app.of_type(RemotesTable.Highlighted)]  # type: ignore[attr-defined]
        assert highlighted == ["backup", "analytics-us"]


async def test_the_cursor_row_looks_different_when_the_table_is_not_focused() -> None:
    app = TableApp(SAMPLE, auto_focus=False)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        blurred = table.render_line(1)
        plain = table.render_line(3)
        table.focus()
        await pilot.pause()
        focused = table.render_line(1)
        assert blurred.text == focused.text
        styles = {next(iter(strip)).style for strip in (blurred, focused, plain)}
        assert len(styles) == 3


# -- filter -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("central-eu", ["Central-EU"]),  # name
        ("EU.CENTRAL.example", ["Central-EU"]),  # remote URL
        ("basement", ["backup"]),  # description
        ("2222222222", ["analytics-us"]),  # remote org ID
        ("00000000000000D4", ["Dev"]),  # ID
        ("FEDCBA98", ["analytics-us"]),  # org ID
        (":8086", ["backup", "Central-EU"]),
        ("no-such-remote", []),
    ],
)
async def test_filter_matches_each_field_case_insensitively(query: str, expected: list[str]) -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        table.set_filter(query)
        await pilot.pause()
        assert table.filter_text == query
        assert names(table) == expected
        assert (table.visible_count, table.total_count) == (len(expected), 4)
        lines = screen_text(table)
        assert [line.split()[0] for line in lines[1 : 1 + len(expected)]] == expected
        assert lines[1 + len(expected)].strip() == ""


async def test_clearing_the_filter_shows_every_row_again() -> None:
    app = TableApp(many_remotes(500))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        app.messages.clear()
        for prefix in ("e", "ed", "edge-001", "edge-0012"):
            table.set_filter(prefix)
        await pilot.pause()
        assert names(table) == [f"edge-0012{digit}" for digit in range(10)]
        highlighted = app.of_type(RemotesTable.Highlighted)
        assert [m.remote.name for m in highlighted] == ["edge-00120"]  # type: ignore[attr-defined]
        table.set_filter("")
        await pilot.pause()
        assert table.visible_count == 500 and table.filter_text == ""


async def test_a_filter_keeps_the_selected_remote_or_moves_to_the_first_match() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        assert table.select_id("00000000000000b2")  # backup
        table.set_filter("b")  # backup and "Basement" both still match
        await pilot.pause()
        assert selected_name(table) == "backup"
        table.set_filter("dev")
        await pilot.pause()
        assert selected_name(table) == "Dev"
        table.set_filter("")
        await pilot.pause()
        assert selected_name(table) == "Dev"
        assert app.of_type(RemotesTable.Highlighted)[-1].remote.name == "Dev"  # type: ignore[attr-defined]


# -- sort -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "ascending"),
    [
        ("name", ["analytics-us", "backup", "Central-EU", "Dev"]),
        ("remote_url", ["backup", "Dev", "Central-EU", "analytics-us"]),  # http:// before https://
        ("remote_org_id", ["Central-EU", "analytics-us", "backup", "Dev"]),
        ("allow_insecure_tls", ["analytics-us", "Central-EU", "Dev", "backup"]),
        ("id", ["Central-EU", "backup", "analytics-us", "Dev"]),
    ],
)
async def test_sort_by_each_column_and_reverse(key: str, ascending: list[str]) -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        table.sort_by(key, reverse=False)
        await pilot.pause()
        assert (table.sort_key, table.sort_reverse) == (key, False)
        assert names(table) == ascending
        assert screen_text(table)[1].split()[0] == ascending[0]
        table.sort_by(key, reverse=True)
        await pilot.pause()
        assert (table.sort_key, table.sort_reverse) == (key, True)
        assert names(table) == ascending[::-1]
        assert "▼" in screen_text(table)[0]


async def test_sorting_by_the_same_key_again_toggles_the_direction() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        table.sort_by("name")
        assert table.sort_reverse is True
        table.sort_by("name")
        assert table.sort_reverse is False
        table.sort_by("id")
        assert (table.sort_key, table.sort_reverse) == ("id", False)
        await pilot.pause()
        changes = [(m.key, m.reverse) for m in app.of_type(RemotesTable.SortChanged)]  # type: ignore[attr-defined]
        assert changes == [("name", True), ("name", False), ("id", False)]


async def test_an_unknown_sort_key_is_refused_with_a_clear_message() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE):
        table = app.query_one(RemotesTable)
        with pytest.raises(ValueError, match="Unknown column 'colour'"):
            table.sort_by("colour")
        assert table.sort_key == "name"


async def test_cycle_sort_walks_the_columns_in_order_ascending() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        table.sort_by("name", reverse=True)
        seen = []
        for _ in COLUMN_KEYS:
            table.cycle_sort()
            seen.append((table.sort_key, table.sort_reverse))
        await pilot.pause()
        assert seen == [
            ("health", False),
            ("remote_url", False),
            ("remote_org_id", False),
            ("allow_insecure_tls", False),
            ("id", False),
            ("name", False),
        ]
        assert len(app.of_type(RemotesTable.SortChanged)) == 7


async def test_sorting_keeps_the_cursor_on_the_selected_remote() -> None:
    app = TableApp(many_remotes(300))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        assert table.select_id(f"{42:016x}")
        table.sort_by("name", reverse=True)
        await pilot.pause()
        assert selected_name(table) == "edge-00042"
        assert table.cursor_row == 300 - 1 - 42
        top = table.scroll_offset.y
        assert top <= table.cursor_row < top + table.scrollable_content_region.height - 1


# -- keep_id and select_id --------------------------------------------------------------------------------


async def test_set_remotes_keeps_the_cursor_by_id_or_clamps() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        table.select_id("00000000000000c3")  # analytics-us, row 0
        renamed = [*SAMPLE[:2], remote("00000000000000c3", "zz-renamed"), SAMPLE[3]]
        table.set_remotes(renamed)
        assert selected_name(table) == "zz-renamed" and table.cursor_row == 3
        table.set_remotes(renamed, keep_id="00000000000000b2")
        assert selected_name(table) == "backup"
        table.set_remotes([SAMPLE[0], SAMPLE[3]])  # backup (row 0) gone: clamp to row 0
        assert selected_name(table) == "Central-EU"
        table.select_id("00000000000000d4")
        table.set_remotes([SAMPLE[0]])  # Dev (row 1) gone: clamp to the last row
        assert selected_name(table) == "Central-EU"
        await pilot.pause()
        assert app.of_type(RemotesTable.Highlighted)[-1].remote.name == "Central-EU"  # type: ignore[attr-defined]


async def test_select_id_moves_the_cursor_and_scrolls_it_into_view() -> None:
    app = TableApp(many_remotes(1000))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        assert table.scroll_offset.y == 0
        assert table.select_id(f"{700:016x}")
        await pilot.pause()
        body = table.scrollable_content_region.height - 1
        assert table.cursor_row == 700
        assert table.scroll_offset.y == 700 - body + 1
        assert any(line.lstrip().startswith("edge-00700") for line in screen_text(table))
        assert table.select_id(f"{5:016x}")
        await pilot.pause()
        assert table.scroll_offset.y == 5
        assert table.select_id("ffffffffffffffff") is False
        assert table.cursor_row == 5


# -- mouse ------------------------------------------------------------------------------------------------


async def test_clicking_a_header_label_sorts_and_clicking_again_reverses() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        x = screen_text(table)[0].index("Remote URL")
        await pilot.click(RemotesTable, offset=(x + 2, 0))
        await pilot.pause()
        assert (table.sort_key, table.sort_reverse) == ("remote_url", False)
        assert "Remote URL ▲" in screen_text(table)[0]
        await pilot.click(RemotesTable, offset=(x + 2, 0))
        await pilot.pause()
        assert (table.sort_key, table.sort_reverse) == ("remote_url", True)
        assert "Remote URL ▼" in screen_text(table)[0]
        assert names(table) == ["analytics-us", "Central-EU", "Dev", "backup"]
        changes = [(m.key, m.reverse) for m in app.of_type(RemotesTable.SortChanged)]  # type: ignore[attr-defined]
        assert changes == [("remote_url", False), ("remote_url", True)]


async def test_clicking_a_row_moves_the_cursor_and_double_click_selects() -> None:
    app = TableApp(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        app.messages.clear()
        await pilot.click(RemotesTable, offset=(3, 3))
        await pilot.pause()
        assert selected_name(table) == "Central-EU"
        assert [m.remote.name for m in app.of_type(RemotesTable.Highlighted)] == ["Central-EU"]  # type: ignore[attr-defined]
        assert app.of_type(RemotesTable.Selected) == []
        await pilot.click(RemotesTable, offset=(3, 8))  # below the last row: nothing happens
        await pilot.pause()
        assert selected_name(table) == "Central-EU"
        await pilot.double_click(RemotesTable, offset=(3, 4))
        await pilot.pause()
        assert selected_name(table) == "Dev"
        assert [m.remote.name for m in app.of_type(RemotesTable.Selected)] == ["Dev"]  # type: ignore[attr-defined]


async def test_the_mouse_wheel_scrolls_the_rows() -> None:
    app = TableApp(many_remotes(300))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        for _ in range(4):
            table.post_message(events.MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        top = table.scroll_offset.y
        assert top > 0
        assert screen_text(table)[1].lstrip().startswith(f"edge-{top:05d}")
        assert "Name ▲" in screen_text(table)[0]  # the header stays put


# -- the pure row model -----------------------------------------------------------------------------------


def test_fit_pads_truncates_and_counts_wide_characters() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abcdef", 4) == "abc…"
    assert fit("abc", 0) == ""
    assert fit("日本語テキスト", 6) == "日本… "
    assert fit("日本語テキスト", 7) == "日本語…"
    assert fit("日本", 6) == "日本  "


def test_clean_turns_control_characters_into_spaces() -> None:
    assert clean("two\nlines\tand\x1b[31m") == "two lines and [31m"
    assert clean(None) == ""


def test_the_haystack_never_matches_across_two_fields() -> None:
    row = make_row(remote("00000000000000a1", "abc", "https://def.example"))
    model = TableModel()
    model.set_remotes([row.remote])
    model.set_filter("abchttps")
    assert model.visible_count == 0
    model.set_filter("ABC")
    assert model.visible_count == 1


def test_narrowing_a_filter_gives_the_same_rows_as_filtering_afresh() -> None:
    rows = many_remotes(2000)
    typed, fresh = TableModel(), TableModel()
    typed.set_remotes(rows)
    fresh.set_remotes(rows)
    for query in ("e", "ed", "edge-01", "edge-014", "edge-01", "example.net", ""):
        typed.set_filter(query)
        fresh.set_filter("")
        fresh.set_filter(query)
        assert [r.remote.id for r in typed.visible] == [r.remote.id for r in fresh.visible], query


def test_empty_remote_org_ids_sort_last_ascending() -> None:
    model = TableModel()
    model.set_remotes(SAMPLE)
    model.sort_by("remote_org_id")
    assert [row.cells[3] for row in model.visible] == [
        "1111111111111111",
        "2222222222222222",
        NO_VALUE,
        NO_VALUE,
    ]


@pytest.mark.parametrize("width", [160, 118, 98, 78, 76, 70, 60, 50, 40, 20])
def test_layout_fills_the_width_exactly_and_gives_way_in_order(width: int) -> None:
    """The ID goes first, then the remote org, so that the URL (35 cells here) is shown whole; the name and
    the health stay."""
    model = TableModel()
    model.set_remotes(many_remotes(50))
    layout = layout_columns(model.max_widths, width)
    keys = [COLUMN_KEYS[column.position] for column in layout]
    total = layout[-1].x + layout[-1].width + 2
    assert total == width or (width < 40 and keys == ["name", "health", "remote_url"])
    if width >= 98:
        assert keys == list(COLUMN_KEYS)
    elif width >= 78:
        assert keys == ["name", "health", "remote_url", "remote_org_id", "allow_insecure_tls"]
    elif width >= 58:
        assert keys == ["name", "health", "remote_url", "allow_insecure_tls"]
    else:
        assert keys == ["name", "health", "remote_url"]
    if width >= 118:
        assert [column.label for column in layout] == [
            "Name",
            "Health",
            "Remote URL",
            "Remote Org ID",
            "Insecure TLS",
            "ID",
        ]
    url = next(column for column in layout if COLUMN_KEYS[column.position] == "remote_url")
    longest = max(len(row.remote.remote_url) for row in model.visible)
    if {"id", "remote_org_id"} & set(keys):
        assert url.width >= longest  # nothing that could give way keeps the URL from being whole


@pytest.mark.parametrize("width", [78, 76])
def test_a_40_character_url_is_whole_in_the_table_of_a_120_column_terminal(width: int) -> None:
    """Issue 7, item 3: at 120 columns the table is 78 cells wide (76 with a scrollbar); the ID and the
    remote org give way to the URL, the name is shortened only after them."""
    url = "https://eu-central-01.influx.example.com"
    assert len(url) == 40
    model = TableModel()
    model.set_remotes(
        [remote(f"{index:016x}", "n" * 24 + str(index), url, remote_org_id="c" * 16) for index in range(3)]
    )
    layout = layout_columns(model.max_widths, width)
    keys = [COLUMN_KEYS[column.position] for column in layout]
    assert "id" not in keys and "allow_insecure_tls" in keys
    assert layout[-1].x + layout[-1].width + 2 == width
    widths = {COLUMN_KEYS[column.position]: column.width for column in layout}
    assert widths["remote_url"] >= 40
    assert widths["name"] >= 12


def test_a_cut_url_keeps_its_host_and_port() -> None:
    """Issue 7, item 3: the distinguishing part of a long URL, not `https://10.20.0.15:…`."""
    assert fit_url("https://10.20.0.15:8086", 30) == "https://10.20.0.15:8086".ljust(30)
    assert fit_url("https://10.20.0.15:8086", 16) == "10.20.0.15:8086 "
    assert fit_url("https://analytics.example.com:8443", 20) == "analytics.exam…:8443"
    assert fit_url("https://a.example.com:8086/some/path", 22) == "a.example.com:8086/…  "
    assert fit_url("https://[fe80::1]:8086", 12).endswith(":8086")
    assert fit_url("http://h.example.com", 9) == "h.exampl…"
    for url in ("https://eu-central-1.influx.example.com:8086/x", "http://legacy-influx.example.net:8086"):
        for width in range(8, 50):
            fitted = fit_url(url, width)
            assert len(fitted) == width
            if len(url) > width:
                assert ":8086" in fitted  # the port is never what is cut


async def test_a_long_url_keeps_its_port_at_80_columns() -> None:
    long_url = "https://a-very-long-host-name-for-a-central-influxdb.example.com:8086/with/a/path"
    rows = [remote("00000000000000f6", "a-name-that-is-much-longer-than-the-column-allows", long_url)]
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(RemotesTable)
        await pilot.pause()
        width = table.scrollable_content_region.width
        lines = screen_text(table)
        assert all(table.render_line(y).cell_length == width for y in range(len(lines)))
        assert lines[0].split() == ["Name", "▲", "Health", "URL", "TLS"]  # the ID and remote org gave way
        assert lines[1].lstrip().startswith("a-name-that")
        assert "…:8086" in lines[1] and "https://" not in lines[1]
        assert lines[2].strip() == ""  # nothing wrapped onto a second line
