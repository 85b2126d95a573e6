"""The fleet view: the remotes of every server in one table (Server column first) beside the server list.

Every server loads at once (a bounded number at a time, `fleet.load_fleet`); each answer is a message, and the
rows of the servers that answered fill in at once, so a slow server only keeps its own spinner turning. A server
that fails is one line in the server list (the full sentence under it while it is highlighted). The table,
filter, sort, details pane and write actions are the single-server screen's: edit and delete go through the
remote's own server, `n` creates on the server under the server list's cursor, `u` recreates what the last
delete removed on the server it was deleted from.

The fleet's own keys: `U` lists the remote URLs with how many servers point at each, `R` rotates one URL's
token on every server, `r` reloads every server, and `f` (the app's) opens the selected remote's server alone.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from remotes_tui.ui.screens.remotes_browser import RemotesBrowser, key_table
from remotes_tui.ui.styles import styles_dir
from remotes_tui.ui.widgets.detail_pane import DetailPane
from remotes_tui.ui.widgets.filter_bar import FilterBar
from remotes_tui.ui.widgets.fleet_table_model import FLEET_SPEC, fleet_key, make_fleet_rows
from remotes_tui.ui.widgets.key_footer import KeyFooter
from remotes_tui.ui.widgets.remotes_table import RemotesTable
from remotes_tui.ui.widgets.server_header import ServerHeader
from remotes_tui.ui.widgets.server_list import ServerList
from remotes_tui.ui.widgets.state_panel import StatePanel
from remotes_tui.ui.widgets.static_text import set_wrapped_text
from remotes_tui.ui.widgets.status_line import StatusLine
from remotes_tui.ui.widgets.table_model import Row

if TYPE_CHECKING:
    from remotes_tui.api import RemoteConnection
    from remotes_tui.api.health import HealthIndex
    from remotes_tui.fleet import FleetServer, ServerReport
    from remotes_tui.profiles.session import Session

ROWS_EVERY = 0.1
"""While servers answer, the table takes their rows at most this often (seconds): each refill lays the screen
out again, so fifty answers in a burst cost a few refills, not fifty. The last answer is shown at once."""

WRITE_ACTIONS = ("new_remote", "edit_remote", "delete_remote", "undo_delete", "rotate_token")
NEEDS_SELECTION = ("edit_remote", "delete_remote", "copy_id", "copy_url", "test_remote")
FOOTER_EXPENDABLE = ("copy_id", "test_remote", "url_groups", "app.toggle_fleet")

FLEET_KEYS = key_table(
    ("n", "new_remote", "New", "Create a remote on the highlighted server.", "fleet.new"),
    ("e", "edit_remote", "Edit", "Edit the selected remote on its server.", "fleet.edit"),
    ("d", "delete_remote", "Delete", "Delete the selected remote.", "fleet.delete"),
    ("u", "undo_delete", "Undo delete", "Recreate what the last delete removed.", "fleet.undo"),
    ("slash", "open_filter", "Filter", "Filter every server's remotes.", None),
    ("s", "cycle_sort", "Sort", "Sort by the next column.", "fleet.sort"),
    ("S", "reverse_sort", "Reverse sort", "", "fleet.reverse-sort"),
    ("r", "refresh", "Refresh", "Load every server again.", "fleet.refresh"),
    ("t", "test_remote", "Test", "Test the selected remote from this machine.", "fleet.test"),
    ("U", "url_groups", "By URL", "The remote URLs and how many servers use each.", "fleet.urls"),
    ("R", "rotate_token", "Rotate token", "Give one URL's remotes a new token everywhere.", "fleet.rotate"),
    ("f", "app.toggle_fleet", "One server", "Open the selected remote's server alone.", "fleet.one"),
    ("y", "copy_id", "Copy ID", "Copy the selected remote's ID.", "fleet.copy-id"),
    ("Y", "copy_url", "Copy URL", "", "fleet.copy-url"),
    ("z", "toggle_details", "Details", "", "fleet.details"),
    ("question_mark", "help", "Help", "Show every key.", "fleet.help"),
    ("q", "app.quit", "Quit", "Quit remotes-tui.", "fleet.quit"),
    ("escape", "clear_filter", "Clear filter", "", "fleet.clear-filter"),
    hidden=("u", "S", "t", "Y", "z", "escape"),
    priority=("slash",),
)
"""The keys of the fleet view (ids are what keymaps name)."""


@dataclass
class FleetServerLoaded(Message):
    """Servers' loads ended: the answers that arrived together (`generation` tells a reload's answers from an
    earlier one's)."""

    reports: list[ServerReport]
    generation: int


class FleetScreen(RemotesBrowser):
    """Every server's remotes in one table, with each server's state beside it."""

    CSS_PATH = styles_dir() / "fleet.tcss"
    BINDING_GROUP_TITLE = "Fleet"
    BINDINGS: ClassVar[list[BindingType]] = FLEET_KEYS

    loading_count: reactive[int] = reactive(0, init=False)
    """Servers still loading."""

    many_servers = True

    def __init__(
        self,
        servers: Sequence[FleetServer],
        *,
        label: str = "all saved profiles",
        notes: Sequence[str] = (),
        read_only: bool = False,
        concurrency: int | None = None,
    ) -> None:
        """`servers` in the order listed; `notes` are said once when the screen opens (e.g. a server that two
        profiles name, shown once). `read_only` hides every write (the command line's --read-only)."""
        super().__init__()
        self.servers = list(servers)
        self.by_name = {server.name: server for server in self.servers}
        self.label = label
        self.notes = tuple(notes)
        self.read_only = read_only
        self.concurrency = concurrency
        self.reports: dict[str, ServerReport] = {}
        self._health_counted: tuple[tuple[int, ...], tuple[ServerReport, ...], list[str]] | None = None
        self.loaded_at: float | None = None
        self._rows: dict[str, list[Row]] = {}
        self._rows_pending = False
        self._rows_timer: Timer | None = None
        self._rows_applied = 0.0
        self._keep_key: str | None = None
        self._filling = False  # a whole load is under way: a cursor at the top stays at the top until it ends
        self._shown_pending: list[ServerReport] = []
        self._generation = 0
        self._server_list = ServerList(id="server-list")
        self._table = RemotesTable(id="fleet-table", spec=FLEET_SPEC)

    def compose(self) -> ComposeResult:
        # The requests go out now, before the widgets are mounted and the screen is first laid out and drawn
        # (about 100 ms of the client's CPU): the servers answer while that happens, not after it. Answers that
        # come before the screen is mounted wait in its message queue.
        self._start_loading()
        yield ServerHeader(id="fleet-header")
        yield FilterBar(id="filter-bar")
        with Horizontal(id="fleet-body"):
            with Vertical(id="servers-column"):
                yield self._server_list
                yield Static("", id="server-note", markup=False)
            with Vertical(id="fleet-main"):
                with Vertical(id="fleet-remotes"):
                    yield self._table
                    yield StatePanel(id="fleet-state")
                    yield StatusLine(id="fleet-status")
                yield DetailPane(placeholder="Loading…", id="detail-pane")
        yield KeyFooter(expendable=FOOTER_EXPENDABLE, id="footer")

    def on_mount(self) -> None:
        self.server_list.border_title = "Servers"
        self.header.show_fleet(self.label, len(self.servers), read_only=self.read_only)
        self.server_list.set_servers([server.name for server in self.servers])
        for note in self.notes:
            self.notify(note, title="Fleet", severity="warning", timeout=10)
        self._show_reports()  # the loads began in `compose`

    # -- widgets -------------------------------------------------------------------------------------

    @property
    def table(self) -> RemotesTable:
        return self._table

    @property
    def server_list(self) -> ServerList:
        return self._server_list

    @property
    def server_note(self) -> Static:
        return self.query_one("#server-note", Static)

    # -- loading -------------------------------------------------------------------------------------

    def load(self) -> None:
        """(Re)load every server; the rows of each stay until its new answer replaces them."""
        self._start_loading()
        self._show_reports()

    def _start_loading(self) -> None:
        """Mark every server loading and send the requests (no widget is touched: `compose` calls this)."""
        from remotes_tui.fleet import loading_report

        self._generation += 1
        self._filling = True
        for server in self.servers:
            self.reports[server.name] = loading_report(server, self.reports.get(server.name))
        self.loading_count = len(self.servers)
        self._load(self.servers, self._generation)

    def _show_reports(self) -> None:
        """Each server's state in the server list, the note under it and the table area."""
        for server in self.servers:
            self.server_list.show(self.reports[server.name])
        self._show_note()
        self._show_body()

    @work(exclusive=True, group="fleet-load", exit_on_error=False)
    async def _load(self, servers: Sequence[FleetServer], generation: int) -> None:
        from remotes_tui.fleet import DEFAULT_CONCURRENCY, load_fleet

        arrived: list[ServerReport] = []

        def heard(report: ServerReport) -> None:
            """One message for the answers that arrive before the screen takes them (it empties the list)."""
            if not arrived:
                self.post_message(FleetServerLoaded(arrived, generation))
            arrived.append(report)

        await load_fleet(
            servers, concurrency=self.concurrency or DEFAULT_CONCURRENCY, on_report=heard, health=True
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A load that failed (a bug, not a server: those are reports) must not leave spinners turning."""
        if event.worker.group != "fleet-load" or event.state is not WorkerState.ERROR:
            return
        from remotes_tui.fleet import ServerStatus

        why = f"the fleet could not be loaded ({type(event.worker.error).__name__}); please report this."
        stuck = [
            dataclasses.replace(report, status=ServerStatus.FAILED, error=why, stale=False)
            for report in self.reports.values()
            if report.status is ServerStatus.LOADING
        ]
        self.post_message(FleetServerLoaded(stuck, self._generation))

    @on(FleetServerLoaded)
    def _server_loaded(self, message: FleetServerLoaded) -> None:
        if message.generation != self._generation:
            return
        reports = list(message.reports)
        message.reports.clear()  # the worker's next answer posts a new message
        for report in reports:
            self.reports[report.name] = report
            self._shown_pending.append(report)
            if report.status.loaded:
                self._rows[report.name] = make_fleet_rows(report.remotes, report.name, report.health)
            else:
                self._rows.pop(report.name, None)
        self.loading_count = sum(1 for r in self.reports.values() if r.status.value == "loading")
        if self.loading_count == 0:
            self.loaded_at = time.time()
        self._schedule_rows()  # the table, the counts and the note: once for the answers that came together

    def reload_server(self, server: FleetServer, *, keep_key: str | None = None) -> None:
        """Load one server again (after a write), keeping the cursor on `keep_key` or its neighbour."""
        self._reload_one(server, self._generation, keep_key)

    @work(group="fleet-reload", exit_on_error=False)
    async def _reload_one(self, server: FleetServer, generation: int, keep_key: str | None) -> None:
        from remotes_tui.fleet import load_health, load_server

        report = await load_server(server)
        self._keep_key = keep_key
        self.post_message(FleetServerLoaded([report], generation))
        if report.status.loaded:
            health = await load_health(server)
            self.post_message(FleetServerLoaded([dataclasses.replace(report, health=health)], generation))

    def _schedule_rows(self) -> None:
        """Put the rows in the table once per batch of answers: at once when the last server has answered or
        the table has not changed for `ROWS_EVERY` seconds, else when that time is up."""
        wait = self._rows_applied + ROWS_EVERY - time.monotonic()
        if self.loading_count == 0 or wait <= 0:
            if self._rows_timer is not None:  # waiting for its time: show them now instead
                self._rows_timer.stop()
                self._rows_timer = None
                self._rows_pending = False
            if not self._rows_pending:
                self._rows_pending = True
                self.call_later(self._apply_rows)
        elif not self._rows_pending:
            self._rows_pending = True
            self._rows_timer = self.set_timer(wait, self._apply_rows)

    def _apply_rows(self) -> None:
        if not self._rows_pending:
            return
        self._rows_pending = False
        self._rows_timer = None
        self._rows_applied = time.monotonic()
        shown, self._shown_pending = self._shown_pending, []
        for report in shown:
            self.server_list.show(report)
        rows = [row for server in self.servers for row in self._rows.get(server.name, ())]
        keep, self._keep_key = self._keep_key, None
        if keep is None and self._filling and self.table.cursor_row == 0:
            keep = ""  # while servers answer, a cursor at the top stays at the top (not on the first arrival)
        self._filling = self._filling and self.loading_count > 0
        self.table.set_rows(rows, keep_key=keep)
        if keep:
            self.table.select_id(keep)
        self._show_body()
        self._show_note()

    # -- what the table area shows -------------------------------------------------------------------

    def _show_body(self) -> None:
        table, panel = self.table, self.state_panel
        show_table = False
        if table.total_count == 0:
            if self.loading_count:
                panel.show_loading(f"{self.loading_count} server{'s' if self.loading_count != 1 else ''}")
            elif any(report.status.loaded for report in self.reports.values()):
                panel.show(
                    "empty", "", "No remote connections on these servers yet.", "Press n to create one."
                )
            else:
                panel.show(
                    "error",
                    "No server answered",
                    "The server list says why for each one.",
                    "Press r to try again.",
                )
        elif table.visible_count == 0:
            panel.show_no_match(table.filter_text.strip())
        else:
            show_table = True
        self._show_table(show_table, focus_elsewhere=self.server_list.has_focus)
        self.status_line.show_counts(table.visible_count, table.total_count, table.filter_text)
        self.status_line.show_scope(self._servers_text())
        self.status_line.show_health(self._health_problems())
        self._show_sort_and_matches()
        if not show_table:
            self._clear_selection()

    def _servers_text(self) -> str:
        """'on 4 of 5 servers, 1 failed, 1 loading' (the server list says which and why)."""
        from remotes_tui.fleet import ServerStatus

        reports = list(self.reports.values())
        loaded = sum(1 for report in reports if report.status.loaded or report.stale)
        text = f"on {loaded} of {len(self.servers)} server{'s' if len(self.servers) != 1 else ''}"
        failed = sum(1 for report in reports if report.status.failed)
        loading = sum(1 for report in reports if report.status is ServerStatus.LOADING)
        extra = [f"{failed} failed" if failed else "", f"{loading} loading" if loading else ""]
        return ", ".join([text, *(part for part in extra if part)])

    def _health_problems(self) -> list[str]:
        """The fleet's health counts that need attention ("3 failing", "1 queue over 80%"), counted again only
        when a server's report changed (a filter keystroke redraws the status line: with 200 servers, counting
        every remote each time took most of the keystroke)."""
        from remotes_tui.fleet import fleet_summary

        reports = tuple(self.reports.values())  # held, so the identities below are never reused
        if self._health_counted is None or self._health_counted[0] != tuple(map(id, reports)):
            self._health_counted = (tuple(map(id, reports)), reports, fleet_summary(reports).problem_parts())
        return self._health_counted[2]

    def _detail_placeholder(self) -> str:
        if self.loading_count and self.table.total_count == 0:
            return "Loading…"
        if self.table.total_count == 0:
            return "No remote connections to show."
        return "No remote matches the filter."

    def _show_note(self) -> None:
        """Under the server list: the highlighted server, its URL and its whole state (an error in full)."""
        name = self.server_list.highlighted
        report = self.reports.get(name) if name is not None else None
        if name is None or report is None:
            self.server_note.update("")
            return
        from remotes_tui.fleet import worst_health

        state = report.status.value
        if report.status.failed:
            state = f"{state}: {report.detail}"
        elif report.status.loaded:
            count = len(report.remotes)
            state = f"{state} {report.detail} · {count} remote{'s' if count != 1 else ''}"
            verdict = worst_health(report)
            if verdict is not None:
                state += f" · worst health {verdict.label}"
        set_wrapped_text(self.server_note, f"{name} · {report.server.url} · {state}")
        self.server_note.set_class(report.status.failed, "-failed")

    # -- selection -----------------------------------------------------------------------------------

    @property
    def selected_server(self) -> FleetServer | None:
        """The server of the remote under the table's cursor."""
        row = self.table.selected_row
        return self.by_name.get(row.server) if row is not None else None

    @property
    def highlighted_server(self) -> FleetServer | None:
        """The server under the server list's cursor."""
        name = self.server_list.highlighted
        return self.by_name.get(name) if name is not None else None

    @on(RemotesTable.Highlighted)
    def _highlighted(self, message: RemotesTable.Highlighted) -> None:
        self._follow_cursor(message.remote)
        server = self.selected_server
        if server is not None and not self.server_list.has_focus:
            self.server_list.select(server.name)

    def watch_selected(self, remote: RemoteConnection | None) -> None:
        server = self.selected_server
        if remote is not None and server is not None and server.session is not None:
            report = self.reports.get(server.name)
            self.detail.show_remote(
                server.session,
                remote,
                health=report.health if report is not None else None,
                success_log=server.success_log,
                now=time.time(),
            )
        else:
            self.detail.clear(self._detail_placeholder())

    @on(ServerList.Highlighted)
    def _server_highlighted(self, message: ServerList.Highlighted) -> None:
        self._show_note()
        self.refresh_bindings()

    @on(ServerList.Selected)
    def _server_selected(self, message: ServerList.Selected) -> None:
        """Enter on a server: the cursor goes to its first remote in the table (the filter is kept)."""
        first = next((row for row in self.table.visible_rows if row.server == message.name), None)
        if first is None:
            report = self.reports.get(message.name)
            why = (
                "it has no remote"
                if report is not None and report.status.loaded
                else "its remotes are not loaded"
            )
            self.notify(f"{message.name}: {why}.", severity="warning", timeout=4)
            return
        self.table.select_id(first.key)
        self.table.focus()

    # -- bindings ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_filter":
            return not self.typing_in_filter()
        if action in WRITE_ACTIONS and self.read_only:
            return False
        if action in NEEDS_SELECTION:
            if self.selected is None:
                return None
            server = self.selected_server
            if action in ("edit_remote", "delete_remote") and server is not None and server.read_only:
                return None
            return True
        if action == "new_remote":
            server = self.highlighted_server
            ready = server is not None and server.session is not None and server.session.org is not None
            return True if ready and server is not None and not server.read_only else None
        if action in ("rotate_token", "url_groups"):
            return True if self.table.total_count else None
        return True

    def why_not(self, action: str) -> str:
        if self.check_action(action, ()) is not None:
            return ""
        if action == "new_remote":
            server = self.highlighted_server
            if server is None:
                return "No server highlighted in the server list."
            if server.read_only:
                return self.read_only_text_of(server.name)
            return f"{server.name} is not connected: its remotes are not loaded (press r to try again)."
        if action in ("rotate_token", "url_groups"):
            return "No remotes are loaded yet: wait for the servers to answer, or press r."
        if self.selected is not None and (server := self.selected_server) is not None and server.read_only:
            return self.read_only_text_of(server.name)
        if self.table.total_count == 0:
            return "No remote selected: none is loaded yet."
        return "No remote selected: none matches the filter. Press Escape to clear it."

    # -- write actions (through each remote's own server) --------------------------------------------

    def session_for(self, action: str) -> Session | None:
        """A new remote goes to the server under the server list's cursor; the rest to the remote's own."""
        server = self.highlighted_server if action == "new_remote" else self.selected_server
        return server.session if server is not None else None

    def server_of(self, session: Session) -> FleetServer | None:
        return next((server for server in self.servers if server.session is session), None)

    def shows(self, session: Session) -> bool:
        return not session.closed and self.server_of(session) is not None

    def health_of(self, session: Session) -> HealthIndex | None:
        server = self.server_of(session)
        report = self.reports.get(server.name) if server is not None else None
        return report.health if report is not None else None

    def read_only_text(self, session: Session) -> str:
        return self.read_only_text_of(session.server_label or session.server_url)

    @staticmethod
    def read_only_text_of(name: str) -> str:
        return f"{name} is read-only: nothing can be created, edited or deleted on it."

    def reload_after_write(self, session: Session, remote_id: str) -> None:
        server = self.server_of(session)
        if server is not None:
            self.reload_server(server, keep_key=fleet_key(server.name, remote_id))

    # -- the other keys ------------------------------------------------------------------------------

    def filter_to(self, text: str) -> None:
        """Show only the rows matching `text` (the URL groups' Enter)."""
        self.table.set_filter(text)
        self._show_body()

    def action_refresh(self) -> None:
        self.load()

    def action_url_groups(self) -> None:
        from remotes_tui.fleet import url_groups
        from remotes_tui.ui.fleet_modals.url_groups import UrlGroupsModal

        groups = url_groups(self.reports.values())
        current = self.selected.remote_url if self.selected is not None else None

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            what, url = choice
            if what == "rotate":
                self.rotate(url)
            else:
                self.filter_bar.close()
                self.filter_to(url)

        self.app.push_screen(UrlGroupsModal(groups, current=current), chosen)

    def action_rotate_token(self) -> None:
        self.rotate(self.selected.remote_url if self.selected is not None else None)

    def rotate(self, url: str | None) -> None:
        """Open the rotation dialog (on `url`, or the URL to choose first)."""
        from remotes_tui.fleet import url_groups
        from remotes_tui.ui.fleet_modals.rotation import RotationModal

        if self.read_only:
            return
        reports = list(self.reports.values())
        self.app.push_screen(RotationModal(reports, url_groups(reports), url=url))
