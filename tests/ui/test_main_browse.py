"""The main screen over real HTTP: rows, the detail pane, filter, sort, refresh and copying an ID."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from remotes_tui.api import InfluxClient, creation_request, update_request
from remotes_tui.devserver import DevServer
from remotes_tui.tokens import MemoryTokenStore, remote_key
from remotes_tui.ui.widgets.detail_pane import DetailPane
from remotes_tui.ui.widgets.replication_card import ReplicationCard, human_bytes
from remotes_tui.ui.widgets.state_panel import StatePanel
from tests.support.servers import settings_for
from tests.support.waiting import main_loaded, settle, wait_until
from tests.ui.conftest import build_app
from tests.ui.support_main import running

SIZE = (120, 36)


def text_of(widget: object) -> str:
    content = widget.content  # type: ignore[attr-defined]
    return content if isinstance(content, str) else content.plain


async def test_rows_match_the_servers_list_and_the_detail_pane_follows_the_cursor(
    ui_demo_server: DevServer,
) -> None:
    async with InfluxClient(settings_for(ui_demo_server)) as client:
        expected = await client.remotes.list(ui_demo_server.org_id)
    store = MemoryTokenStore()
    central_eu = next(r for r in expected if r.name == "central-eu")
    store.set(remote_key(ui_demo_server.url, central_eu.id), "a-saved-remote-token")
    async with running(ui_demo_server, store, server_label="demo") as (_app, pilot, screen, _notes):
        table = screen.table
        assert table.display and table.has_focus
        assert table.total_count == len(expected) == 8
        assert sorted(r.id for r in table.visible_remotes) == sorted(r.id for r in expected)
        assert [r.name for r in table.visible_remotes] == sorted(r.name for r in expected)
        assert screen.status_line.content == "8 remotes · 1 failing · updated just now · sorted by name ▲"

        # The first row is highlighted and shown in full.
        first = table.selected
        assert first is not None and first.name == "analytics-sandbox"
        pane = screen.query_one(DetailPane)
        assert pane.fields.value("name") == "analytics-sandbox"
        assert pane.fields.value("id") == first.id
        assert pane.fields.value("remote_url") == "https://analytics.example.com:8443"
        assert pane.fields.value("token") == "no"
        assert pane.replications == []
        assert text_of(pane.query_one("#replications-message")) == "No replications use this remote."

        # Move to central-eu: every field, the saved token and its two replications.
        while table.selected is not None and table.selected.name != "central-eu":
            await pilot.press("down")
        await settle(pilot)
        assert pane.remote is not None and pane.remote.id == central_eu.id
        assert pane.fields.value("description") == "Primary central cluster, Frankfurt"
        assert pane.fields.value("remote_org_id") == "0f1e2d3c4b5a6978"
        assert pane.fields.value("allow_insecure_tls") == "no"
        assert pane.fields.value("org_id") == ui_demo_server.org_id
        assert pane.fields.value("token") == "yes (this session only, in memory)"  # a MemoryTokenStore
        assert sorted(r.name for r in pane.replications) == ["alerts-to-eu", "telemetry-to-eu"]
        cards = list(pane.query(ReplicationCard))
        assert [card.replication.name for card in cards] == [r.name for r in pane.replications]
        assert not any(card.has_class("-failing") for card in cards)
        alerts = next(card for card in cards if card.replication.name == "alerts-to-eu")
        assert "3.0 of 64.0 MiB" in alerts.plain
        assert f"Local bucket   {ui_demo_server.bucket_name}" in alerts.plain


async def test_a_failing_replication_is_shown_with_its_error(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        backup = next(r for r in screen.table.visible_remotes if r.name == "backup-dc2")
        assert screen.table.select_id(backup.id)
        await settle(pilot)
        pane = screen.detail
        (card,) = pane.query(ReplicationCard)
        assert card.has_class("-failing")
        text = card.plain
        assert "nightly-backup   failing 401 " in text
        assert "401" in text and "unauthorized access" in text
        assert "46.0 of 64.0 MiB" in text and "41.0 MiB" in text
        assert text_of(pane.query_one("#replications-title")) == "Replications (1, 1 failing)"


async def test_typing_a_filter_narrows_live_and_escape_clears_it(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        await pilot.press("slash")
        assert screen.filter_bar.is_open and screen.filter_bar.has_input_focus
        await pilot.press(*"central")
        assert screen.table.filter_text == "central"
        names = [r.name for r in screen.table.visible_remotes]
        assert names == ["central-eu", "central-us", "staging-central"]
        assert screen.filter_bar.count_text == "3 of 8"
        assert str(screen.status_line.content).startswith("3 of 8 match 'central'")

        await pilot.press("x", "y", "z")
        assert screen.table.visible_count == 0
        assert not screen.table.display
        panel = screen.query_one(StatePanel)
        assert panel.display and panel.state == "no-match"
        assert "Nothing matches 'centralxyz'." in panel.message
        assert "Press Escape to clear the filter." in panel.message

        await pilot.press("escape")
        assert not screen.filter_bar.is_open
        assert screen.table.filter_text == ""
        assert screen.table.visible_count == 8 and screen.table.display
        assert screen.table.has_focus
        assert str(screen.status_line.content).startswith("8 remotes")


async def test_enter_keeps_the_filter_and_returns_to_the_table(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        await pilot.press("slash", *"virg", "enter")
        assert screen.table.has_focus
        assert [r.name for r in screen.table.visible_remotes] == ["central-us"]
        await pilot.press("s")  # a letter now sorts instead of typing into the filter
        assert screen.table.sort_key == "health"


async def test_s_cycles_the_sort_column_and_a_header_click_sorts_and_reverses(
    ui_demo_server: DevServer,
) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        table = screen.table
        assert (table.sort_key, table.sort_reverse) == ("name", False)
        await pilot.press("s")
        assert table.sort_key == "health"
        await pilot.press("s")
        assert table.sort_key == "remote_url"
        urls = [r.remote_url for r in table.visible_remotes]
        assert urls == sorted(urls, key=str.casefold)
        assert "sorted by remote URL ▲" in str(screen.status_line.content)
        await pilot.press("s")
        assert table.sort_key == "remote_org_id"

        header = table.render_line(0).text
        x = header.index("Name")
        await pilot.click(table, offset=(1 + x, 1))
        assert (table.sort_key, table.sort_reverse) == ("name", False)
        await pilot.click(table, offset=(1 + x, 1))
        assert (table.sort_key, table.sort_reverse) == ("name", True)
        names = [r.name for r in table.visible_remotes]
        assert names == sorted(names, reverse=True)
        assert "sorted by name ▼" in str(screen.status_line.content)


async def test_refresh_keeps_the_cursor_on_the_same_remote_after_others_change(
    ui_demo_server: DevServer,
) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        table = screen.table
        legacy = next(r for r in table.visible_remotes if r.name == "legacy-1x")
        assert table.select_id(legacy.id)
        row_before = table.cursor_row

        # Another client adds two remotes that sort before it and renames one that sorted after it.
        async with InfluxClient(settings_for(ui_demo_server)) as other:
            org_id = ui_demo_server.org_id
            for name in ("aaa-new-one", "aab-new-two"):
                await other.remotes.create(
                    creation_request(
                        org_id=org_id,
                        name=name,
                        remote_url="https://new.example.com",
                        remote_api_token="tok-for-new",
                    )
                )
            staging = next(r for r in table.visible_remotes if r.name == "staging-central")
            await other.remotes.update(staging.id, update_request(staging, name="0-staging-renamed"))

        await pilot.press("r")
        await settle(pilot)
        assert table.total_count == 10
        assert table.selected is not None and table.selected.id == legacy.id
        assert table.cursor_row == row_before + 3
        assert "0-staging-renamed" in [r.name for r in table.visible_remotes]
        assert screen.detail.remote is not None and screen.detail.remote.id == legacy.id


async def test_y_copies_the_selected_id_and_says_what_was_done(ui_demo_server: DevServer) -> None:
    app = build_app(ui_demo_server)
    notes: list[str] = []
    original_notify = app.notify

    def spy(message: str, **kwargs: object) -> None:
        notes.append(message)
        original_notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_loaded(pilot)
        await pilot.press("down", "down")
        selected = screen.table.selected
        assert selected is not None
        await pilot.press("y")
        assert app.clipboard == selected.id
        # OSC 52 cannot be confirmed (tmux may drop it): say what was done, not that it was copied.
        assert notes[-1] == f"Sent {selected.id} to the terminal's clipboard."


async def test_human_bytes_reads_like_a_person_would_write_it() -> None:
    assert human_bytes(None) == "—"
    assert human_bytes(0) == "0 B"
    assert human_bytes(1023) == "1023 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes(67108860) == "64.0 MiB"
    assert human_bytes(5 * 1024**4) == "5.0 TiB"


async def test_holding_down_sends_no_replications_request_per_row(
    ui_demo_server: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh listed every replication once: passing over rows asks the server for none of them, and
    the detail pane debounces the rest (its token lookup): only the row it stops on is looked up.

    The debounce is held open by the test (not timed): every row's lookup waits at the gate, each newer
    highlight cancels the one before, and when the gate opens only the last row's lookup is left to run.
    """
    gate = asyncio.Event()

    async def gated_debounce(pane: DetailPane) -> None:
        await gate.wait()

    async with running(ui_demo_server) as (app, pilot, screen, _notes):
        monkeypatch.setattr(DetailPane, "_debounce", gated_debounce)
        pane = screen.detail
        calls: list[str | None] = []
        replications = app.session.client.replications  # type: ignore[union-attr]
        real_list = replications.list

        async def counting_list(org_id: str, **kwargs: object) -> object:
            calls.append(kwargs.get("remote_id"))  # type: ignore[arg-type]
            return await real_list(org_id, **kwargs)  # type: ignore[arg-type]

        replications.list = counting_list  # type: ignore[method-assign]
        # Key repeat delivers the presses faster than they are handled: all six are queued before the first.
        for _ in range(6):
            event = events.Key("down", None)
            event.set_sender(app)
            app.post_message(event)
        await wait_until(lambda: screen.table.cursor_row == 6 and pane.remote == screen.table.selected)

        def lookups_waiting() -> list[object]:
            return [w for w in app.workers if w.group == "detail-replications" and not w.is_finished]

        await wait_until(lambda: len(lookups_waiting()) == 1)
        gate.set()
        await settle(pilot)
        assert screen.table.selected is not None
        assert calls == []
        assert pane.remote is not None
        expected = [r.id for r in screen.table.health.replications_of(pane.remote.id)]  # type: ignore[union-attr]
        assert [r.id for r in pane.replications] == expected


async def test_keys_typed_right_after_slash_go_into_the_filter(ui_demo_server: DevServer) -> None:
    """A fast typist (or a paste) sends '/cent' before the first key is handled: no key may leak to
    the table's bindings (e would open the edit form, d the delete dialog)."""
    async with running(ui_demo_server) as (app, pilot, screen, _notes):
        for key, character in (("slash", "/"), ("e", "e"), ("d", "d"), ("g", "g"), ("e", "e")):
            event = events.Key(key, character)
            event.set_sender(app)  # as the terminal driver does: all five are queued before the first runs
            app.post_message(event)
        await settle(pilot)
        assert app.screen is screen
        assert screen.table.filter_text == "edge"
        assert [r.name for r in screen.table.visible_remotes] == ["edge-aggregator"]


async def test_a_slash_typed_in_the_filter_is_kept(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server) as (_app, pilot, screen, _notes):
        await pilot.press("slash", *"https://10.20")
        assert screen.table.filter_text == "https://10.20"
        assert [r.name for r in screen.table.visible_remotes] == ["lab-selfsigned"]


async def test_at_120_columns_the_ids_give_way_to_the_url_and_stay_in_the_details(
    ui_demo_server: DevServer,
) -> None:
    """Issue 7, item 3: the ID and the remote org (the same on most rows) are in the detail pane; the table
    gives their room to the URL. "Org ID" (the local org) is in the pane only."""
    async with running(ui_demo_server) as (_app, _pilot, screen, _notes):
        table = screen.table
        assert table.outer_size.width == 2 * screen.detail.outer_size.width == 80  # most of the width
        header = table.render_line(0).text
        assert header.split() == ["Name", "▲", "Health", "URL", "TLS"]
        first = table.selected
        assert first is not None and first.remote_org_id
        row = table.render_line(1).text
        # The URL is whole; the name gives way after the IDs (here by two cells to the Health column).
        assert first.name[:12] in row and first.remote_url in row
        assert all(
            table.render_line(y).cell_length == table.scrollable_content_region.width for y in range(9)
        )
        pane = screen.detail
        assert pane.fields.value("id") == first.id
        assert pane.fields.value("org_id") == ui_demo_server.org_id  # the local org, in the pane only
        assert pane.fields.value("remote_org_id") == first.remote_org_id


async def test_wide_terminals_show_the_full_column_labels(ui_demo_server: DevServer) -> None:
    async with running(ui_demo_server, size=(200, 40)) as (_app, _pilot, screen, _notes):
        header = screen.table.render_line(0).text
        for label in ("Name ▲", "Remote URL", "Remote Org ID", "Insecure TLS", "ID"):
            assert label in header


async def test_the_status_line_names_the_sort_column_even_when_it_is_hidden(
    ui_demo_server: DevServer,
) -> None:
    """At 100 columns the table is too narrow for the ID column; sorting by it is still said in words."""
    async with running(ui_demo_server, size=(100, 30)) as (_app, pilot, screen, _notes):
        table = screen.table
        assert "ID" not in table.render_line(0).text.split()
        await pilot.press("s", "s", "s", "s", "s")
        assert table.sort_key == "id"
        ids = [r.id for r in table.visible_remotes]
        assert ids == sorted(ids)
        assert "sorted by ID ▲" in str(screen.status_line.content)
        assert "▲" not in table.render_line(0).text  # no visible column carries the arrow
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "sorted by ID ▲" in str(screen.status_line.content)
